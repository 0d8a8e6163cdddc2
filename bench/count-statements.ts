// Counts the SQL statements each bench operation issues against Portvakt (PGlite), by wrapping the
// database: where a request's database time goes, before any profiler is needed.
// Usage: node --import tsx bench/count-statements.ts
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type Queryable } from '../adapters/database.ts';
import { createLogger } from '../src/log.ts';
import { createApp } from '../app/server.ts';
import { seedDemoPersons } from '../app/demo/seed.ts';
import { login } from './load/login.ts';
import { discover, FORM_HEADERS, tokenRequest } from './load/oauth.ts';
import { benchConfig } from './systems/fixture.ts';
import { listenOnLoopback } from './systems/listen.ts';

const seen: string[] = [];
const counting = (target: Queryable): Queryable => ({
  query: (sql, params) => {
    seen.push(sql.replace(/\s+/g, ' ').trim().slice(0, 110));
    return target.query(sql, params);
  },
});

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'portvakt-count-'));
  const inner = await openDatabase({ url: process.env.BENCH_DATABASE_URL, dataDir });
  const db: Database = {
    ...inner,
    ...counting(inner),
    transaction: (work) => inner.transaction((tx) => work(counting(tx))),
  };
  const server = createServer();
  const port = await listenOnLoopback(server);
  const config = benchConfig({
    port,
    dataDir,
    databaseUrl: process.env.BENCH_DATABASE_URL,
    secretKey: randomBytes(32).toString('base64'),
  });
  const portvakt = await createApp(config, createLogger('silent'), { db });
  await seedDemoPersons(portvakt, config.demo.persons);
  server.on('request', portvakt.app.callback());
  try {
    const endpoints = await discover(config.issuer);
    const measure = async (name: string, work: () => Promise<unknown>) => {
      await work();
      seen.length = 0;
      await work();
      console.log(`\n${name}: ${seen.length} statements`);
      const counts = new Map<string, number>();
      for (const sql of seen) counts.set(sql, (counts.get(sql) ?? 0) + 1);
      for (const [sql, count] of counts) console.log(`  ${count} × ${sql}`);
    };
    await measure('login as the bench drives it (no consent prompt)', () =>
      login(endpoints, { username: 'bench-2', scope: 'openid profile email' }),
    );
    let refreshToken = '';
    await measure('login with prompt=consent and offline_access', async () => {
      refreshToken = (
        await login(endpoints, { username: 'bench-1', scope: 'openid offline_access', prompt: 'consent' })
      ).refresh_token!;
    });
    await measure('refresh', () =>
      tokenRequest(endpoints, { grant_type: 'refresh_token', refresh_token: refreshToken }),
    );
    const access = (await tokenRequest(endpoints, { grant_type: 'client_credentials' })).access_token;
    await measure('introspection', () =>
      fetch(endpoints.introspection_endpoint, {
        method: 'POST',
        headers: FORM_HEADERS,
        body: new URLSearchParams({ token: access }),
      }).then((r) => r.text()),
    );
    await measure('client credentials', () => tokenRequest(endpoints, { grant_type: 'client_credentials' }));
  } finally {
    server.closeAllConnections();
    server.close();
    await portvakt.close();
    await inner.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
