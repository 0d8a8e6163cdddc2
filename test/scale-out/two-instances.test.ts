// Two Portvakt instances on one PostgreSQL behind a round-robin proxy: a login that starts on one
// finishes on the other, lockouts count across both, and a key rotated on one is honoured by the
// other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { validateConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createLogger } from '../../src/log.ts';
import { createApp, type PortvaktApp } from '../../app/server.ts';
import { seedDemoPersons } from '../../app/demo/seed.ts';
import { DEMO_PASSWORD, TEST_CLIENT, TEST_PERSONS } from '../support/harness.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

interface Instance {
  app: PortvaktApp;
  server: Server;
  port: number;
}

describe('scale-out on one PostgreSQL', () => {
  let postgres: TestPostgres;
  let config: Config;
  let proxy: Server;
  const instances: Instance[] = [];
  const served: number[] = [];

  before(async () => {
    postgres = await startPostgres();
    proxy = createServer();
    await listen(proxy);
    const issuer = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    config = validateConfig({
      issuer,
      database: { url: await postgres.createDatabase() },
      secretKey: randomBytes(32).toString('base64'),
      log: { level: 'silent' },
      outbound: { allowPrivateAddresses: true },
      lockout: { maxFailures: 3, windowSeconds: 600, lockSeconds: 600, perAddressPerMinute: 500 },
      clients: [TEST_CLIENT],
      demo: { persons: TEST_PERSONS },
    });
    instances.push(await startInstance(config), await startInstance(config));
    await seedDemoPersons(instances[0]!.app, config.demo.persons);
    let next = 0;
    proxy.on('request', (incoming, outgoing) => {
      const target = instances[next++ % instances.length]!;
      served.push(target.port);
      const upstream = request(
        {
          host: '127.0.0.1',
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => outgoing.writeHead(502).end());
      incoming.pipe(upstream);
    });
  });

  after(async () => {
    proxy?.close();
    for (const instance of instances) {
      await instance.app.close();
      instance.server.close();
    }
    await postgres?.close();
  });

  test('a login moves between instances at every request and still completes', async () => {
    const rp = await discover(config.issuer);
    served.length = 0;
    const { tokens } = await loginWithPassword(rp, { issuer: config.issuer });
    assert.deepEqual(tokens.claims()!.amr, ['pwd']);
    assert.equal(new Set(served).size, 2, 'both instances served parts of the same login');
  });

  test('failed passwords are counted across both instances', async () => {
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
    for (let attempt = 0; attempt < 3; attempt += 1)
      await agent.submit(await agent.open(url), '/password', { username: 'bjorn', password: 'wrong-password-1' });
    const locked = await agent.submit(await agent.open(url), '/password', {
      username: 'bjorn',
      password: DEMO_PASSWORD,
    });
    assert.equal(locked.status, 429);
  });

  test('a key rotated on one instance is already trusted through the other', async () => {
    const before = decodeProtectedHeader(
      (await loginWithPassword(await discover(config.issuer), { issuer: config.issuer })).tokens.id_token!,
    ).kid;
    await instances[0]!.app.keys.rotate(600);
    // A rolling restart: the first instance comes back signing with the promoted key.
    const restarted = await restartInstance(instances[0]!, config);
    instances[0] = restarted;
    const agent = new UserAgent(config.issuer, 'en');
    const rp = await discover(config.issuer);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const done = await agent.submit(await agent.open(url.toString()), '/password', {
      username: 'anna',
      password: DEMO_PASSWORD,
    });
    const code = new URL(done.url).searchParams.get('code')!;
    // The code is redeemed at the restarted instance itself, so it signs the ID token.
    const token = await fetch(`http://127.0.0.1:${restarted.port}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${TEST_CLIENT.client_id}:${TEST_CLIENT.client_secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://127.0.0.1:9/callback',
        code_verifier: verifier,
      }),
    });
    const idToken = ((await token.json()) as { id_token: string }).id_token;
    const kid = decodeProtectedHeader(idToken).kid;
    assert.notEqual(kid, before, 'the restarted instance signs with the promoted key');
    const otherJwks = createRemoteJWKSet(new URL(`http://127.0.0.1:${instances[1]!.port}/jwks`));
    const { payload } = await jwtVerify(idToken, otherJwks, { issuer: config.issuer, audience: TEST_CLIENT.client_id });
    assert.ok(payload.sub, 'the instance that was not restarted publishes the key');
  });
});

async function startInstance(config: Config, port = 0): Promise<Instance> {
  const app = await createApp(config, createLogger('silent'));
  const server = createServer(app.app.callback());
  await listen(server, port);
  return { app, server, port: (server.address() as { port: number }).port };
}

async function restartInstance(instance: Instance, config: Config): Promise<Instance> {
  await instance.app.close();
  instance.server.closeAllConnections();
  await new Promise<void>((resolve) => instance.server.close(() => resolve()));
  return startInstance(config, instance.port);
}

function listen(server: Server, port = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
}
