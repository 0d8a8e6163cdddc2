// ┌──────────────────────────────────────────────────────────────────────────────────────────┐
// │ FREJA eID SIMULATOR: FOR TESTS AND THE DEMO ONLY. NEVER PART OF A PRODUCTION SETUP.      │
// │ It approves logins for made-up people at the click of a button, with its own CA and keys. │
// └──────────────────────────────────────────────────────────────────────────────────────────┘
// Speaks Freja eID's relying-party authentication API (REST v1.0) over mutual TLS, and serves a
// page that plays the person's Freja app. The same Freja client talks to it as to Freja itself.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './api.ts';
import { createAppHandler } from './app-page.ts';
import { loadCredentials } from './credentials.ts';
import { DEFAULT_PERSONS, PersonDirectory, type SimulatedPerson } from './persons.ts';
import { TransactionStore } from './transactions.ts';

export type { SimulatedPerson, SimLevel } from './persons.ts';
export { DEFAULT_PERSONS } from './persons.ts';
export { TRANSACTION_MS, RETENTION_MS } from './transactions.ts';

export interface FrejaSimulatorOptions {
  /** Where the CA, certificates and signing key are made on first run and found after. One folder per simulator. */
  dataDir: string;
  /** Both servers listen here; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** The API's port; 0 (the default) picks a free one. */
  port?: number;
  /** The app page's port; 0 (the default) picks a free one. */
  appPort?: number;
  now?: () => number;
  persons?: readonly SimulatedPerson[];
}

export interface FrejaSimulator {
  /** The base URL a Freja client is configured with, e.g. https://127.0.0.1:41234. */
  apiUrl: string;
  /** The simulated app, plain HTTP; `?ref=<link or authRef>&person=<id>` pre-fills it. */
  appUrl: string;
  caCertPem: string;
  clientPfx: Buffer;
  clientPassphrase: string;
  signingCertPem: string;
  persons: readonly SimulatedPerson[];
  close(): Promise<void>;
}

export async function startFrejaSimulator(options: FrejaSimulatorOptions): Promise<FrejaSimulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const credentials = await loadCredentials(options.dataDir, host);
  const persons = new PersonDirectory(options.persons ?? DEFAULT_PERSONS);
  const store = new TransactionStore(now);

  const api = createHttpsServer(
    {
      key: credentials.server.keyPem,
      cert: credentials.server.certPem,
      ca: credentials.caCertPem,
      // Mutual TLS: a client without a certificate from this CA never gets past the handshake.
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    createApiHandler({ store, persons }),
  );
  const app = createHttpServer(createAppHandler({ store, persons, signer: credentials.signing, now }));
  const apiPort = await listen(api, host, options.port ?? 0);
  const appPort = await listen(app, host, options.appPort ?? 0).catch(async (error: unknown) => {
    await stop(api);
    throw error;
  });

  const origin = (scheme: string, port: number): string =>
    `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    apiUrl: origin('https', apiPort),
    appUrl: `${origin('http', appPort)}/`,
    caCertPem: credentials.caCertPem,
    clientPfx: credentials.client.pfx,
    clientPassphrase: credentials.client.passphrase,
    signingCertPem: credentials.signing.certPem,
    persons: persons.all,
    close: async () => {
      await Promise.all([stop(api), stop(app)]);
    },
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

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
