// PostgreSQL stops in the middle of logins: the person gets a calm, translated message, readiness
// fails, nothing is half-written, and logins work again by themselves when the server is back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { validateConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createLogger } from '../../src/log.ts';
import { createApp, type PortvaktApp } from '../../app/server.ts';
import { seedDemoPersons } from '../../app/demo/seed.ts';
import { DEMO_PASSWORD, TEST_CLIENT, TEST_PERSONS } from '../support/harness.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

describe('database outage', () => {
  let postgres: TestPostgres;
  let app: PortvaktApp;
  let server: Server;
  let config: Config;
  before(async () => {
    postgres = await startPostgres({ own: true });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    config = validateConfig({
      issuer: `http://127.0.0.1:${port}`,
      database: { url: await postgres.createDatabase() },
      secretKey: randomBytes(32).toString('base64'),
      log: { level: 'silent' },
      clients: [TEST_CLIENT],
      demo: { persons: TEST_PERSONS },
    });
    app = await createApp(config, createLogger('silent'));
    await seedDemoPersons(app, config.demo.persons);
    server.on('request', app.app.callback());
  });
  after(async () => {
    await app?.close();
    server?.closeAllConnections();
    server?.close();
    await postgres?.close();
  });

  test('a login during the outage fails calmly and the next one succeeds once PostgreSQL is back', async () => {
    const rp = await discover(config.issuer);
    const agent = new UserAgent(config.issuer, 'en');
    const url = oidc
      .buildAuthorizationUrl(rp, {
        redirect_uri: 'http://127.0.0.1:9/callback',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })
      .toString();
    const form = await agent.open(url);
    await postgres.stop();
    try {
      const failed = await agent.submit(form, '/password', { username: 'anna', password: DEMO_PASSWORD });
      assert.ok(failed.status === 503 || failed.status === 500, `answered ${failed.status}`);
      assert.match(failed.html, /temporarily unavailable|unexpected error/);
      assert.doesNotMatch(failed.html, /ECONNREFUSED|at .*\.ts:\d+/);
      const ready = await fetch(`${config.issuer}/readyz`);
      assert.equal(ready.status, 503);
    } finally {
      await postgres.start();
    }
    let done = await agent.open(url);
    for (let attempt = 0; attempt < 20 && done.status >= 500; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      done = await agent.open(url);
    }
    const finished = await agent.submit(done, '/password', { username: 'anna', password: DEMO_PASSWORD });
    assert.ok(new URL(finished.url).searchParams.get('code'), 'service resumed by itself');
    assert.equal((await fetch(`${config.issuer}/readyz`)).status, 200);
  });
});
