// An operator's admin API client as Portvakt wants one by default: client credentials with the
// admin scope, authenticating with private_key_jwt (a key made for the test run).
import { exportJWK, generateKeyPair } from 'jose';
import * as oidc from 'openid-client';
import { discover } from './relying-party.ts';

export interface AdminClient {
  /** The client as configuration lists it. */
  metadata: {
    client_id: string;
    grant_types: 'client_credentials'[];
    response_types: 'code'[];
    scope: string;
    token_endpoint_auth_method: 'private_key_jwt';
    jwks: { keys: Record<string, unknown>[] };
  };
  token(issuer: string): Promise<string>;
}

export async function adminClient(clientId = 'admin-api'): Promise<AdminClient> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = `${clientId}-key`;
  return {
    metadata: {
      client_id: clientId,
      grant_types: ['client_credentials'],
      response_types: [],
      scope: 'admin',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
    },
    async token(issuer) {
      const config = await discover(
        issuer,
        clientId,
        undefined,
        { token_endpoint_auth_method: 'private_key_jwt' },
        oidc.PrivateKeyJwt({ key: privateKey, kid }),
      );
      return (await oidc.clientCredentialsGrant(config, { scope: 'admin' })).access_token;
    },
  };
}
