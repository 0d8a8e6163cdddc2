// A system under test: Portvakt as `createApp` builds it, on PGlite in a temporary folder or on the
// PostgreSQL database named by BENCH_DATABASE_URL, with the bench's client and persons (and the
// BankID simulator named by BENCH_BANKID, when the BankID scenario runs).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/log.ts';
import { createApp } from '../../app/server.ts';
import { seedDemoPersons } from '../../app/demo/seed.ts';
import { BANKID_ENV, type BankIdForBench } from './bankid.ts';
import { benchConfig } from './fixture.ts';
import { listenOnLoopback } from './listen.ts';
import { serveAsChild } from './serve-child.ts';

serveAsChild(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'portvakt-bench-'));
  const server = createServer();
  const port = await listenOnLoopback(server);
  const bankid = process.env[BANKID_ENV] ? (JSON.parse(process.env[BANKID_ENV]) as BankIdForBench) : undefined;
  const config = benchConfig({
    port,
    dataDir,
    databaseUrl: process.env.BENCH_DATABASE_URL,
    secretKey: randomBytes(32).toString('base64'),
    bankid,
  });
  const portvakt = await createApp(config, createLogger(config.log.level));
  await seedDemoPersons(portvakt, config.demo.persons);
  server.on('request', portvakt.app.callback());
  return {
    url: config.issuer,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await portvakt.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
