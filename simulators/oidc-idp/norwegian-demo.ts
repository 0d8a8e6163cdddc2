// The demo's Norwegian logins: an ID-porten and a HelseID simulator, and Portvakt's `oidcUpstreams`
// entries for them, which name only the preset and Portvakt's registration. ID-porten's client
// uses a secret; HelseID's a private key (private_key_jwt), the only way HelseID takes. Secrets and
// keys are made afresh on every start (both sides start together). Development only.
//
// Linking: a first login provisions an account that holds the proven number, and a login at the
// other issuer with the same number finds that account. The demo's password account `kari` holds
// no number, so ID-porten's Kari Nordmann gets an account of her own (Portvakt never links by name);
// an operator joins the two with `portvakt accounts merge`.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { ClientMetadata } from 'oidc-provider';
import type { ConfigInput } from '../../src/config/schema.ts';
import { startOidcIdpSimulator, type OidcIdpSimulator } from './index.ts';

// What the issuers' pickers say the person continues to: the health trust, as its registration at
// ID-porten and HelseID would name it, not the software behind it.
const DEMO_CLIENT_NAME = 'Helse Eksempel HF';

type OidcUpstreamsInput = NonNullable<ConfigInput['oidcUpstreams']>;
type Simulators = Record<'idporten' | 'helseid', Pick<OidcIdpSimulator, 'issuer' | 'caPem'>>;

export interface NorwegianWiring {
  /** Portvakt's entries `idporten` and `helseid`: a preset, the simulator, the client. */
  oidcUpstreams: OidcUpstreamsInput;
  /** Each simulator's registration of Portvakt, at Portvakt's issuer. */
  clientsFor(portvaktIssuer: string): Record<keyof Simulators, ClientMetadata>;
}

export async function norwegianWiring(simulators: Simulators): Promise<NorwegianWiring> {
  const secret = randomBytes(24).toString('base64url');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  const keyId = await calculateJwkThumbprint(publicJwk);
  const callback = (portvaktIssuer: string, name: string) =>
    // Portvakt's callback for an upstream entry (interactions/upstream/oidc-method.ts).
    `${new URL(portvaktIssuer).origin}/upstream/oidc/${name}/callback`;
  const linking = { onNoMatch: 'provision' } as const;
  return {
    oidcUpstreams: [
      {
        name: 'idporten',
        preset: 'idporten',
        issuer: simulators.idporten.issuer,
        caPem: simulators.idporten.caPem,
        clientId: 'portvakt-idporten',
        clientAuth: { method: 'client_secret_basic', secret },
        linking,
      },
      {
        name: 'helseid',
        preset: 'helseid',
        issuer: simulators.helseid.issuer,
        caPem: simulators.helseid.caPem,
        clientId: 'portvakt-helseid',
        clientAuth: {
          method: 'private_key_jwt',
          privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          keyId,
          alg: 'RS256',
        },
        linking,
      },
    ],
    clientsFor: (portvaktIssuer) => ({
      idporten: {
        client_id: 'portvakt-idporten',
        client_name: DEMO_CLIENT_NAME,
        client_secret: secret,
        redirect_uris: [callback(portvaktIssuer, 'idporten')],
      },
      helseid: {
        client_id: 'portvakt-helseid',
        client_name: DEMO_CLIENT_NAME,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...publicJwk, kid: keyId, alg: 'RS256', use: 'sig' }] },
        redirect_uris: [callback(portvaktIssuer, 'helseid')],
      },
    }),
  };
}

export interface DemoNorwegianIssuers {
  idporten: OidcIdpSimulator;
  helseid: OidcIdpSimulator;
  oidcUpstreams: OidcUpstreamsInput;
  close(): Promise<void>;
}

export async function startDemoNorwegianIssuers(options: {
  /** One folder per simulator: each keeps its own CA, certificate and signing key. */
  dataDirs: Record<keyof Simulators, string>;
  ports: Record<keyof Simulators, number>;
  /** Portvakt's issuer, where the simulators send their answers. */
  issuer: string;
}): Promise<DemoNorwegianIssuers> {
  const [idporten, helseid] = await Promise.all(
    (['idporten', 'helseid'] as const).map((preset) =>
      startOidcIdpSimulator({ preset, dataDir: options.dataDirs[preset], port: options.ports[preset] }),
    ),
  );
  const simulators = { idporten: idporten!, helseid: helseid! };
  const wiring = await norwegianWiring(simulators);
  const clients = wiring.clientsFor(options.issuer);
  for (const name of ['idporten', 'helseid'] as const) simulators[name].register(clients[name]);
  return {
    ...simulators,
    oidcUpstreams: wiring.oidcUpstreams,
    close: async () => {
      await Promise.all([simulators.idporten.close(), simulators.helseid.close()]);
    },
  };
}
