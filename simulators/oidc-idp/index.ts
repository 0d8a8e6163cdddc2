// ┌──────────────────────────────────────────────────────────────────────────────────────────┐
// │ OIDC IdP SIMULATOR: FOR TESTS AND THE DEMO ONLY. NEVER PART OF A PRODUCTION SETUP.       │
// │ It logs in made-up people at the click of a button, with its own CA and keys.            │
// └──────────────────────────────────────────────────────────────────────────────────────────┘
// An upstream OpenID Connect issuer over HTTPS, built on oidc-provider (not on Portvakt's own
// provider configuration), playing a known issuer by its preset: Google Workspace with the `hd`
// claim and hint, ID-porten with `pid` and its `acr`, HelseID with its identity claims. A person
// picks who they are on its page; there is no auto-login.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ClientMetadata } from 'oidc-provider';
import { loadCredentials } from './credentials.ts';
import type { SimulatedPerson } from './persons.ts';
import { PRESETS, type PresetName } from './presets.ts';
import { createIssuerProvider } from './provider.ts';

export { DEMO_WORKSPACE_PERSONS, type SimulatedPerson } from './persons.ts';
export { HELSEID_PERSONS, IDPORTEN_PERSONS } from './norwegian-persons.ts';
export type { PresetName } from './presets.ts';

export interface OidcIdpSimulatorOptions {
  preset: PresetName;
  /** Where the CA, the TLS certificate and the signing key are kept; without it, in memory. */
  dataDir?: string | undefined;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default: the preset's people (DEMO_WORKSPACE_PERSONS for Google). */
  persons?: readonly SimulatedPerson[];
  /** The relying parties it knows; more with `register`. */
  clients?: readonly ClientMetadata[];
}

export interface OidcIdpSimulator {
  /** https://<host>:<port>, also the issuer identifier. */
  issuer: string;
  /** The CA of the HTTPS certificate: what a relying party pins (Portvakt's `caPem`). */
  caPem: string;
  persons: readonly SimulatedPerson[];
  /** Adds a relying party, for a test that learns its redirect URI after the simulator started. */
  register(client: ClientMetadata): void;
  close(): Promise<void>;
}

export async function startOidcIdpSimulator(options: OidcIdpSimulatorOptions): Promise<OidcIdpSimulator> {
  const host = options.host ?? '127.0.0.1';
  const credentials = await loadCredentials(options.dataDir, host);
  const server = createServer({ key: credentials.tls.keyPem, cert: credentials.tls.certPem, minVersion: 'TLSv1.2' });
  const port = await listen(server, host, options.port ?? 0);
  const issuer = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const persons = options.persons ?? PRESETS[options.preset].persons;
  const clients = [...(options.clients ?? [])];
  // oidc-provider takes its clients at construction: the provider is built on the first request
  // after a registration, so register before the first login (a rebuild forgets its logins).
  const build = () =>
    createIssuerProvider({
      issuer,
      preset: PRESETS[options.preset],
      persons,
      clients,
      signingJwk: credentials.signingJwk,
    }).callback();
  let handle: ReturnType<typeof build> | undefined;
  server.on('request', (req, res) => void (handle ??= build())(req, res));
  return {
    issuer,
    caPem: credentials.caPem,
    persons,
    register(client) {
      clients.push(client);
      handle = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
