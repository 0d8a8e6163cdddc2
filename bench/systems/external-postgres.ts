// Portvakt on a PostgreSQL server the caller names (PORTVAKT_BENCH_DATABASE_URL or DATABASE_URL):
// a database of its own is created there for the run and dropped afterwards, as the test harness does.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { BenchPostgres } from './postgres.ts';

/** The server named by the environment, the bench's own variable first. */
export function databaseUrlFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  return env.PORTVAKT_BENCH_DATABASE_URL || env.DATABASE_URL || undefined;
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchPostgres> {
  const name = `portvakt_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // The server's processes may be on another machine; their CPU time is not ours to read.
    cpuSeconds: async () => undefined,
    close: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
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
