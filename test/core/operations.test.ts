// What operators rely on: state that survives a restart, key rotation, health and metrics, and
// a configuration that refuses bad values by name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { decodeProtectedHeader } from 'jose';
import { loadConfig } from '../../src/config/load.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';

describe('operations', () => {
  let pv: TestPortvakt;
  before(async () => {
    pv = await startPortvakt();
  });
  after(() => pv.close());

  test('health, readiness and metrics answer; every response carries a request id', async () => {
    const health = await fetch(`${pv.issuer}/healthz`);
    assert.equal(health.status, 200);
    assert.match(health.headers.get('x-request-id') ?? '', /^[\w-]{8,}$/);
    const ready = (await (await fetch(`${pv.issuer}/readyz`)).json()) as { status: string };
    assert.equal(ready.status, 'ready');
    const metrics = await (await fetch(`${pv.issuer}/metrics`)).text();
    assert.match(metrics, /portvakt_http_requests_total/);
  });

  test('sessions, clients and keys survive a restart; a rotation publishes before it signs', async () => {
    const config = await discover(pv.issuer);
    const first = await loginWithPassword(config, { issuer: pv.issuer });
    const kidBefore = decodeProtectedHeader(first.tokens.id_token!).kid;
    const jwksBefore = await publishedKids(pv.issuer);
    assert.ok(jwksBefore.includes(kidBefore!));

    await pv.portvakt.keys.rotate(600);
    pv = await pv.restart();

    const jwksAfter = await publishedKids(pv.issuer);
    assert.ok(jwksAfter.includes(kidBefore!), 'the retired key stays published');
    const nextBefore = jwksBefore.filter((kid) => kid !== kidBefore);
    // The same browser still has its session: prompt=none logs in without a form.
    const verifier = oidc.randomPKCECodeVerifier();
    const silent = await first.agent.open(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: 'http://127.0.0.1:9/callback',
          scope: 'openid',
          prompt: 'none',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    const tokens = await oidc.authorizationCodeGrant(config, new URL(silent.url), { pkceCodeVerifier: verifier });
    const kidAfter = decodeProtectedHeader(tokens.id_token!).kid!;
    assert.notEqual(kidAfter, kidBefore, 'the new active key signs');
    assert.ok(nextBefore.includes(kidAfter), 'and it was already published before the rotation');
    assert.equal(tokens.claims()!.sub, first.tokens.claims()!.sub);
  });

  test('a bad configuration file names the key, the value and what was expected', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portvakt-config-'));
    const file = join(dir, 'portvakt.yaml');
    await writeFile(file, 'issuer: not a url\nttl:\n  idToken: 3600\nhttp:\n  prot: 3000\n');
    await assert.rejects(loadConfig({ file, env: {} }), (error: unknown) => {
      assert.ok(isPortvaktError(error, 'config_invalid'));
      assert.match(error.message, /issuer: expected an absolute URL[^\n]*\(found "not a url"\)/);
      assert.match(error.message, /ttl\.idToken: the Swedish OIDC profile caps ID tokens at 5 minutes \(found 3600\)/);
      assert.match(error.message, /http: unknown key\(s\) "prot"/);
      return true;
    });
  });

  test('environment variables override the file, and secrets are never echoed', async () => {
    const config = await loadConfig({
      env: { PORTVAKT_ISSUER: 'https://id.example.org', PORT: '8443', DATABASE_URL: 'postgres://db/portvakt' },
    });
    assert.equal(config.issuer, 'https://id.example.org');
    assert.equal(config.http.port, 8443);
    assert.equal(config.database.url, 'postgres://db/portvakt');
    await assert.rejects(loadConfig({ env: { PORTVAKT_SECRET_KEY: 'too-short-secret' } }), (error: Error) => {
      assert.match(error.message, /secretKey: expected base64 of exactly 32 bytes/);
      assert.doesNotMatch(error.message, /too-short-secret/);
      return true;
    });
  });
});

async function publishedKids(issuer: string): Promise<string[]> {
  const { keys } = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  return keys.map((key) => key.kid);
}
