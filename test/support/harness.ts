// Starts a real Portvakt on an ephemeral port for one test file: PGlite in a temporary folder, or
// a fresh database on the PostgreSQL server named by PORTVAKT_TEST_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { validateConfig } from '../../src/config/load.ts';
import type { ConfigInput, Config } from '../../src/config/schema.ts';
import { createLogger } from '../../src/log.ts';
import { createApp, type PortvaktApp } from '../../app/server.ts';
import { seedDemoPersons } from '../../app/demo/seed.ts';

export const DEMO_PASSWORD = 'Demo-Portvakt-2026';

export interface TestPortvakt {
  issuer: string;
  /** Where the instance listens; the issuer too, unless a test configured another (a proxy's). */
  listening: string;
  config: Config;
  portvakt: PortvaktApp;
  /** Stops this instance; the database stays for `restart`. */
  stop(): Promise<void>;
  /** Starts a new instance on the same port and database, as a restarted process would. */
  restart(): Promise<TestPortvakt>;
  /** Stops the instance and removes its database. */
  close(): Promise<void>;
}

export interface StartOptions {
  config?: Partial<ConfigInput>;
  persons?: boolean;
  /** The issuer's host name; `localhost` where a browser must treat it as a WebAuthn rpId (an IP address is none). */
  host?: string;
}

export async function startPortvakt(options: StartOptions = {}): Promise<TestPortvakt> {
  const storage = await createStorage();
  const server = createServer();
  await listen(server, 0);
  const port = (server.address() as { port: number }).port;
  try {
    return await boot(server, startConfig(options, port, storage), storage, options.persons !== false);
  } catch (error) {
    // A start that is refused (a bad key, an expired certificate) leaves nothing listening.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await storage.remove();
    throw error;
  }
}

function startConfig(options: StartOptions, port: number, storage: Storage): Config {
  return validateConfig({
    issuer: `http://${options.host ?? '127.0.0.1'}:${port}`,
    http: { host: '127.0.0.1', port },
    dataDir: storage.dataDir,
    database: { url: storage.url },
    secretKey: randomBytes(32).toString('base64'),
    log: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
    outbound: { allowPrivateAddresses: true },
    clients: [TEST_CLIENT],
    demo: { persons: TEST_PERSONS },
    ...options.config,
  });
}

async function boot(server: Server, config: Config, storage: Storage, seed: boolean): Promise<TestPortvakt> {
  const portvakt = await createApp(config, createLogger(config.log.level));
  if (seed) await seedDemoPersons(portvakt, config.demo.persons);
  const handler = portvakt.app.callback();
  server.removeAllListeners('request');
  server.on('request', handler);
  const stop = async () => {
    await portvakt.close();
    server.closeAllConnections();
  };
  return {
    issuer: config.issuer,
    listening: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    config,
    portvakt,
    stop,
    async restart() {
      await stop();
      return boot(server, config, storage, false);
    },
    async close() {
      await stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.remove();
    },
  };
}

interface Storage {
  dataDir: string;
  url: string | undefined;
  remove(): Promise<void>;
}

/** A database of its own for every test file, so files never see each other's rows. */
async function createStorage(): Promise<Storage> {
  const dataDir = await mkdtemp(join(tmpdir(), 'portvakt-test-'));
  const adminUrl = process.env.PORTVAKT_TEST_DATABASE_URL;
  if (!adminUrl) return { dataDir, url: undefined, remove: () => rm(dataDir, { recursive: true, force: true }) };
  const name = `portvakt_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    url: url.toString(),
    async remove() {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
}

export const TEST_CLIENT = {
  client_id: 'test-rp',
  client_name: 'Test RP',
  client_secret: 'test-rp-secret-0123456789abcdefghijklmnop',
  redirect_uris: ['http://127.0.0.1:9/callback'],
  post_logout_redirect_uris: ['http://127.0.0.1:9/logged-out'],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] as (
    'authorization_code' | 'refresh_token' | 'client_credentials'
  )[],
  scope:
    'openid profile email offline_access https://id.oidc.se/scope/naturalPersonNumber https://id.oidc.se/scope/naturalPersonInfo',
  first_party: true,
};

export const TEST_PERSONS = [
  {
    username: 'anna',
    password: DEMO_PASSWORD,
    given_name: 'Anna',
    family_name: 'Andersson',
    email: 'anna.andersson@example.org',
    personal_number: '198506142382',
  },
  {
    username: 'bjorn',
    password: DEMO_PASSWORD,
    given_name: 'Björn',
    family_name: 'Berg',
    email: 'bjorn.berg@example.org',
    phones: ['+46701234567', '+46709876543'],
  },
];
