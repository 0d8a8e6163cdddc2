// A system under test: bare oidc-provider, the same version, with its in-memory adapter and the
// same client, features, token formats, TTLs, key set and argon2id parameters as Portvakt, plus
// the smallest password login that is still a real one (bare-interaction.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { ACR_ORDER, SCOPE_CLAIMS } from '../../src/provider/vocabulary.ts';
import { AUTHN_PROVIDER_PARAM, USER_MESSAGE_MIME_TYPES, USER_MESSAGE_PARAM } from '../../src/provider/user-message.ts';
import { LOCALES, type Config } from '../../src/config/schema.ts';
import { benchConfig, BENCH_CLIENT } from './fixture.ts';
import { createBareAccounts, type BareAccounts } from './bare-accounts.ts';
import { bareInteractions } from './bare-interaction.ts';
import { listenOnLoopback } from './listen.ts';
import { serveAsChild } from './serve-child.ts';

const SIGNING_ALGS = ['RS256', 'ES256'] as const;
const ENCRYPTION = { algs: ['RSA-OAEP', 'RSA-OAEP-256'], encs: ['A128GCM', 'A256GCM', 'A128CBC-HS256'] } as const;

/** Portvakt's algorithms (src/provider/configuration.ts), so discovery and tokens are alike. */
const ENABLED_JWA: Configuration['enabledJWA'] = {
  idTokenSigningAlgValues: SIGNING_ALGS,
  userinfoSigningAlgValues: SIGNING_ALGS,
  introspectionSigningAlgValues: SIGNING_ALGS,
  authorizationSigningAlgValues: SIGNING_ALGS,
  requestObjectSigningAlgValues: ['RS256', 'PS256', 'ES256'],
  requestObjectEncryptionAlgValues: ENCRYPTION.algs,
  requestObjectEncryptionEncValues: ENCRYPTION.encs,
  idTokenEncryptionAlgValues: ENCRYPTION.algs,
  idTokenEncryptionEncValues: ENCRYPTION.encs,
  userinfoEncryptionAlgValues: ENCRYPTION.algs,
  userinfoEncryptionEncValues: ENCRYPTION.encs,
  clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'HS256'],
};

/** Portvakt's features, registration aside (it is off unless an initial access token is set). */
const FEATURES: Configuration['features'] = {
  devInteractions: { enabled: false },
  encryption: { enabled: true },
  claimsParameter: { enabled: true },
  clientCredentials: { enabled: true },
  introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
  revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
  userinfo: { enabled: true },
  jwtUserinfo: { enabled: true },
  backchannelLogout: { enabled: true },
  requestObjects: { enabled: true, requireSignedRequestObject: false },
  resourceIndicators: { enabled: false },
  rpInitiatedLogout: { enabled: true },
};

serveAsChild(async () => {
  const server = createServer();
  const port = await listenOnLoopback(server);
  const config = benchConfig({ port, dataDir: '', secretKey: randomBytes(32).toString('base64') });
  const accounts = await createBareAccounts(config);
  const provider = new Provider(config.issuer, await configuration(config, accounts));
  const interactions = bareInteractions(provider, accounts);
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) void interactions(req, res);
    else void callback(req, res);
  });
  return {
    url: config.issuer,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
});

async function configuration(config: Config, accounts: BareAccounts): Promise<Configuration> {
  const { first_party: _firstParty, ...client } = BENCH_CLIENT;
  return {
    clients: [client],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
      require_auth_time: true,
    },
    jwks: await keySet(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: (_ctx, sub) => accounts.find(sub),
    claims: SCOPE_CLAIMS,
    scopes: [
      'openid',
      'offline_access',
      ...Object.keys(SCOPE_CLAIMS).filter((name) => SCOPE_CLAIMS[name] !== null && name !== 'openid'),
    ],
    acrValues: [...ACR_ORDER],
    extraParams: [USER_MESSAGE_PARAM, AUTHN_PROVIDER_PARAM],
    responseTypes: ['code'],
    subjectTypes: ['public', 'pairwise'],
    conformIdTokenClaims: false,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'],
    enabledJWA: ENABLED_JWA,
    features: FEATURES,
    // The same document as Portvakt's, so discovery measures the stack and not the byte count.
    discovery: {
      ui_locales_supported: [...LOCALES],
      claims_locales_supported: [...LOCALES],
      'https://id.oidc.se/disco/userMessageSupported': true,
      'https://id.oidc.se/disco/userMessageSupportedMimeTypes': [...USER_MESSAGE_MIME_TYPES],
      'https://id.oidc.se/disco/authnProviderSupported': true,
    },
    ttl: {
      IdToken: config.ttl.idToken,
      AccessToken: config.ttl.accessToken,
      AuthorizationCode: config.ttl.authorizationCode,
      ClientCredentials: config.ttl.accessToken,
      RefreshToken: config.ttl.refreshToken,
      Session: config.ttl.session,
      Interaction: config.ttl.interaction,
      Grant: config.ttl.grant,
    },
    loadExistingGrant: autoGrant,
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
  };
}

/** The bench client is first-party in Portvakt, so here too it is granted what it asks for. */
async function autoGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client!;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!oidc.session?.accountId) return existing;
  const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId: oidc.session.accountId });
  grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
  if (oidc.requestParamClaims) grant.addOIDCClaims([...oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

/** The same shape as Portvakt's key set: an active and a next key per algorithm. */
async function keySet(): Promise<{ keys: object[] }> {
  const keys: object[] = [];
  for (const alg of ['RS256', 'ES256', 'RSA-OAEP'] as const) {
    for (let copy = 0; copy < 2; copy += 1) {
      const { privateKey } = await generateKeyPair(alg, {
        extractable: true,
        ...(alg === 'ES256' ? {} : { modulusLength: 2048 }),
      });
      const jwk = await exportJWK(privateKey);
      keys.push(
        alg === 'RSA-OAEP' ? { ...jwk, kid: randomUUID(), use: 'enc' } : { ...jwk, kid: randomUUID(), alg, use: 'sig' },
      );
    }
  }
  // Active keys first, as Portvakt orders them.
  return { keys: [keys[0]!, keys[2]!, keys[4]!, keys[1]!, keys[3]!, keys[5]!] };
}
