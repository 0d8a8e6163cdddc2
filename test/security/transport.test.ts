// Transport as the issuer says: behind a TLS-terminating proxy every answer carries HSTS and every
// cookie is Secure; forwarding headers count only from a configured proxy; no absolute URL is
// built from the Host header a client sends; and /metrics is not on the public's side.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, because fetch will not send a Host header of the caller's choosing. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookiesOf = (answer: Answer) => (answer.headers['set-cookie'] as string[] | undefined) ?? [];
const authPath = `/auth?client_id=${TEST_CLIENT.client_id}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(TEST_CLIENT.redirect_uris[0]!)}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`;

describe('transport defaults', () => {
  let plain: TestPortvakt;
  let proxied: TestPortvakt;
  before(async () => {
    plain = await startPortvakt();
    proxied = await startPortvakt({
      config: { issuer: 'https://login.example.test', http: { trustedProxies: ['127.0.0.1'] } },
    });
  });
  after(async () => {
    await Promise.all([plain?.close(), proxied?.close()]);
  });

  test('discovery builds its endpoints from the configured issuer, whatever Host and X-Forwarded-Host say', async () => {
    const answer = await get(plain.listening, '/.well-known/openid-configuration', {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    });
    const document = JSON.parse(answer.body) as Record<string, string>;
    assert.equal(document.authorization_endpoint, `${plain.issuer}/auth`);
    assert.equal(document.token_endpoint, `${plain.issuer}/token`);
    assert.doesNotMatch(answer.body, /evil\.example/);
  });

  test('behind a TLS proxy: HSTS on every answer, Secure on the provider’s cookies, __Host- on Portvakt’s own', async () => {
    const tls = { 'x-forwarded-proto': 'https' };
    const discovery = await get(proxied.listening, '/.well-known/openid-configuration', tls);
    assert.equal(discovery.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal(
      (JSON.parse(discovery.body) as { authorization_endpoint: string }).authorization_endpoint,
      'https://login.example.test/auth',
    );

    const auth = await get(proxied.listening, authPath, tls);
    assert.equal(auth.status, 303);
    assert.ok(auth.headers['strict-transport-security']);
    const providerCookies = cookiesOf(auth);
    assert.ok(providerCookies.length > 0);
    for (const cookie of providerCookies) assert.match(cookie, /;\s*secure/i, cookie);

    const page = await get(proxied.listening, '/activate/not-a-token?lang=en', tls);
    const own = cookiesOf(page);
    assert.ok(
      own.some((cookie) => cookie.startsWith('__Host-portvakt_browser=')),
      own.join('\n'),
    );
    for (const cookie of own) {
      // What a browser demands of a __Host- cookie: Secure, Path=/ and no Domain.
      assert.match(cookie, /^__Host-/, cookie);
      assert.match(cookie, /;\s*secure/i, cookie);
      assert.match(cookie, /;\s*path=\/(;|$)/i, cookie);
      assert.doesNotMatch(cookie, /;\s*domain=/i, cookie);
    }
    assert.ok(page.headers['strict-transport-security']);
  });

  test('/metrics is for operators: a direct local caller, or the holder of the configured token', async () => {
    assert.equal((await get(plain.listening, '/metrics')).status, 200, 'on this machine, no proxy in between');
    const viaProxy = await get(proxied.listening, '/metrics', { 'x-forwarded-for': '203.0.113.5' });
    assert.equal(viaProxy.status, 404, 'the public, through the proxy, sees nothing');
    const withToken = await startPortvakt({
      config: { metrics: { token: 'metrics-token-0123456789abcdef' }, http: { trustedProxies: ['127.0.0.1'] } },
    });
    try {
      assert.equal((await get(withToken.listening, '/metrics')).status, 404);
      assert.equal(
        (await get(withToken.listening, '/metrics', { authorization: 'Bearer wrong-token-0123456789abcdef' })).status,
        404,
      );
      const allowed = await get(withToken.listening, '/metrics', {
        authorization: 'Bearer metrics-token-0123456789abcdef',
      });
      assert.equal(allowed.status, 200);
      assert.match(allowed.body, /portvakt_http_requests_total/);
      assert.equal((await get(withToken.listening, '/healthz')).status, 200, 'health stays public');
    } finally {
      await withToken.close();
    }
  });

  test('a forwarded scheme from anyone but a configured proxy changes nothing', async () => {
    const answer = await get(plain.listening, '/activate/not-a-token', { 'x-forwarded-proto': 'https' });
    assert.equal(answer.headers['strict-transport-security'], undefined, 'an http issuer sends no HSTS');
    for (const cookie of cookiesOf(answer)) assert.doesNotMatch(cookie, /;\s*secure/i);
  });
});
