// A PostgreSQL server for tests that need one even when the suite runs on PGlite: the server named
// by PORTVAKT_TEST_DATABASE_URL, or a throwaway cluster in a temporary folder (Debian's binaries),
// started as the postgres user when the tests run as root.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  /** A new, empty database on the server. */
  createDatabase(): Promise<string>;
  /** Stops and starts the server, for fault tests; only on a server of the test's own. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startPostgres(options: { own?: boolean } = {}): Promise<TestPostgres> {
  const existing = process.env.PORTVAKT_TEST_DATABASE_URL;
  if (existing && !options.own) {
    const refuse = async () => {
      throw new Error('a shared server cannot be stopped: ask for { own: true }');
    };
    return {
      createDatabase: () => createDatabase(existing),
      stop: refuse,
      start: refuse,
      close: async () => undefined,
    };
  }
  const bin = await postgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'portvakt-pg-'));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) await chown(dir, await uidOf('postgres'), -1);
  const exec = (command: string, args: string[]) =>
    asPostgres ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args]) : run(join(bin, command), args);
  const port = await freePort();
  await exec('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const start = async () => {
    await exec('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
      'start',
    ]);
  };
  await start();
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    createDatabase: () => createDatabase(admin),
    start,
    async stop() {
      await exec('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
    },
    async close() {
      await exec('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `portvakt_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function postgresBin(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(
      'PostgreSQL is not installed: apt-get install postgresql (scripts/test-prerequisites does it as root)',
    );
  return `/usr/lib/postgresql/${newest}/bin`;
}

async function uidOf(user: string): Promise<number> {
  const { stdout } = await run('id', ['-u', user]);
  return Number(stdout.trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
