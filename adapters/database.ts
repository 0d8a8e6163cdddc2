// One SQL interface over two engines: a PostgreSQL server through `pg`, or PGlite (the same
// PostgreSQL compiled to WebAssembly, in-process) as the embedded default.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import pg from 'pg';
import { lockFolder } from './folder-lock.ts';
import { PortvaktError } from '../kernel/errors.ts';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; PGlite serialises them, PostgreSQL takes a pooled client. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string | undefined;
  dataDir: string;
  /** PostgreSQL connections this process may hold; 10 unless given. */
  poolSize?: number | undefined;
}

export const DEFAULT_POOL_SIZE = 10;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.poolSize ?? DEFAULT_POOL_SIZE)
    : openPglite(`${options.dataDir}/pglite`);
}

/**
 * Statements with parameters run as named prepared statements: PostgreSQL parses and plans each
 * text once per connection instead of on every call. The name is a hash of the text, so the same
 * text always has the same name. Only a bounded number of texts is prepared, so SQL built at run
 * time can never fill the server's memory; texts beyond that run unnamed as before. Statements
 * without parameters (migrations: several commands in one text) are never prepared.
 */
const MAX_PREPARED = 500;
const statementNames = new Map<string, string>();

export function preparedQuery(sql: string, params: unknown[] | undefined): pg.QueryConfig {
  if (!params?.length) return { text: sql, ...(params ? { values: params } : {}) };
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `pv_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name === undefined ? { text: sql, values: params } : { name, text: sql, values: params };
}

function openPostgres(url: string, poolSize: number): Database {
  // query_timeout: a server that stops answering without closing the connection (a network
  // partition) must not hold a request forever; 30 s leaves room for any migration we have.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    query_timeout: 30_000,
    keepAlive: true,
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    engine: 'postgres',
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await wrap(() => pool.query(preparedQuery(sql, params)));
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const client = await wrap(() => pool.connect());
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          async query<Row>(sql: string, params?: unknown[]) {
            const result = await client.query(preparedQuery(sql, params));
            return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
          },
        };
        const value = await work(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dir: string): Promise<Database> {
  await mkdir(dir, { recursive: true });
  const release = await lockFolder(dir);
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dir).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  return {
    engine: 'pglite',
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await db.query<Row>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) =>
        work({
          async query<Row>(sql: string, params?: unknown[]) {
            const result = await tx.query<Row>(sql, params);
            return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
          },
        }),
      );
    },
    async close() {
      await db.close();
      await release();
    },
  };
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

async function wrap<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (
      (code && CONNECTION_ERRORS.has(code)) ||
      /timeout exceeded when trying to connect|Connection terminated|Query read timeout/i.test((error as Error).message)
    ) {
      throw new PortvaktError('database_unavailable', 'The database is not answering.', { cause: error });
    }
    throw error;
  }
}
