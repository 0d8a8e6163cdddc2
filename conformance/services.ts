// Everything the run starts inside the namespace, in order: PostgreSQL (for FerretDB and for Portvakt),
// FerretDB (the suite's MongoDB), the suite, the TLS front, and Portvakt with the one test account.
// Portvakt runs on PostgreSQL so that `portvakt keys rotate` can act on the running server's keys.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findPostgres, startPostgres, type BenchPostgres } from '../bench/systems/postgres.ts';
import type { Built } from './build.ts';
import { runCommand, startService, waitUntil, type Service } from './processes.ts';
import { OP, SUITE, TEST_USER } from './test-config.ts';
import { startTlsFront } from './tls-front.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const PORTVAKT_CONFIG = fileURLToPath(new URL('./portvakt-conformance.yaml', import.meta.url));

export interface Running {
  /** Rotates Portvakt's signing keys with its CLI and restarts it, which is when a rotation takes effect. */
  rotatePortvaktKeys(): Promise<void>;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

export async function startEverything(built: Built, work: string, log: Log): Promise<Running> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch((error: unknown) => log(String(error)));
  };
  try {
    const bin = await findPostgres();
    if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql.');
    const postgres = await startPostgres(bin);
    stops.push(() => postgres.close());
    const ferretUrl = await createDatabase(postgres, 'ferretdb');
    const portvaktUrl = await createDatabase(postgres, 'portvakt');
    log('PostgreSQL is up');
    const ferret = startFerretDb(built, work, ferretUrl);
    stops.push(() => ferret.stop());
    const suite = startSuite(built, work);
    stops.push(() => suite.stop());
    const [cert, key] = await Promise.all([readFile(built.cert), readFile(built.key)]);
    const front = await startTlsFront(cert, key, [
      { port: 8443, target: 8080 },
      { port: 8444, target: 8080, clientCertificates: true },
      { port: 3443, target: 3000, strictCiphers: true },
    ]);
    stops.push(() => front.close());
    const portvaktEnv = {
      ...process.env,
      DATABASE_URL: portvaktUrl,
      PORTVAKT_SECRET_KEY: randomBytes(32).toString('base64'),
      // Portvakt fetches the suite's jwks_uri and calls its back-channel logout URL over the front.
      NODE_EXTRA_CA_CERTS: built.cert,
    };
    await addTestAccount(portvaktEnv, work);
    let portvakt = await startPortvakt(portvaktEnv, work);
    stops.push(() => portvakt.stop());
    let suiteGone = false;
    void suite.exited.then(() => (suiteGone = true));
    await waitUntil(
      'the suite',
      300,
      async () => (await fetch(`${SUITE}/api/runner/available`)).ok,
      () => (suiteGone ? `it stopped; see ${join(work, 'logs', 'suite.log')}` : undefined),
    );
    log('the suite and Portvakt are up');
    return {
      stop,
      async rotatePortvaktKeys() {
        await portvaktCli(['keys', 'rotate'], portvaktEnv, work);
        await portvakt.stop();
        portvakt = await startPortvakt(portvaktEnv, work);
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createDatabase(postgres: BenchPostgres, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return postgres.url.replace(/\/[^/]*$/, `/${name}`);
}

function startFerretDb(built: Built, work: string, url: string): Service {
  return startService(
    'ferretdb',
    built.ferretdb,
    [
      '--handler=postgresql',
      `--postgresql-url=${url}`,
      '--listen-addr=127.0.0.1:27017',
      `--state-dir=${join(work, 'ferretdb-state')}`,
      '--telemetry=disable',
      '--debug-addr=127.0.0.1:8088',
    ],
    { log: join(work, 'logs', 'ferretdb.log') },
  );
}

function startSuite(built: Built, work: string): Service {
  return startService(
    'suite',
    built.java,
    [
      '-Xmx3g',
      // Portvakt's JWKS and the suite's own certificates make TLS handshakes larger than Java's default allows.
      '-Djdk.tls.maxHandshakeMessageSize=65536',
      '-cp',
      built.classpath,
      'net.openid.conformance.Application',
      `--fintechlabs.base_url=${SUITE}`,
      '--fintechlabs.base_mtls_url=https://localhost:8444',
      // devmode: no login to the suite's UI and API; startredir off: no redirect to a login page.
      '--fintechlabs.devmode=true',
      '--fintechlabs.startredir=false',
      '--spring.mongodb.uri=mongodb://127.0.0.1:27017/test_suite',
      // FerretDB answers as MongoDB 7.0; the suite's migration would otherwise ask for a newer one.
      '--openid.mongodb.targetFeatureCompatibilityVersion=7.0',
    ],
    { cwd: built.suiteDir, log: join(work, 'logs', 'suite.log') },
  );
}

async function addTestAccount(env: NodeJS.ProcessEnv, work: string): Promise<void> {
  await portvaktCli(
    [
      'users',
      'add',
      TEST_USER.username,
      '--email',
      'conformance.user@example.org',
      '--given-name',
      'Conny',
      '--family-name',
      'Formance',
      '--password-stdin',
    ],
    env,
    work,
    `${TEST_USER.password}\n`,
  );
}

async function startPortvakt(env: NodeJS.ProcessEnv, work: string): Promise<Service> {
  const service = startService(
    'portvakt',
    process.execPath,
    ['--import', 'tsx', 'app/main.ts', 'start', '--config', PORTVAKT_CONFIG],
    {
      cwd: REPO,
      env,
      log: join(work, 'logs', 'portvakt.log'),
    },
  );
  let exited = false;
  void service.exited.then(() => (exited = true));
  await waitUntil(
    'Portvakt',
    120,
    async () => (await fetch(`${OP}/.well-known/openid-configuration`)).ok,
    () => (exited ? `it stopped at start; see ${join(work, 'logs', 'portvakt.log')}` : undefined),
  );
  return service;
}

function portvaktCli(args: string[], env: NodeJS.ProcessEnv, work: string, input?: string): Promise<void> {
  return runCommand(process.execPath, ['--import', 'tsx', 'app/main.ts', ...args, '--config', PORTVAKT_CONFIG], {
    cwd: REPO,
    env,
    input,
    log: join(work, 'logs', 'portvakt-cli.log'),
  });
}
