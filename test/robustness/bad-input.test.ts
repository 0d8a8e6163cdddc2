// Bad input from anyone: generated values for every parameter of the protocol endpoints and the
// login forms. Expected: a 4xx with a standard error or a translated page, never a 500, never a
// stack trace, never a stored partial record.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, findForm } from '../support/user-agent.ts';

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '%00',
    '%ff%fe',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '{"a":',
    'a'.repeat(5000),
    '\ud800',
    'null',
    '[]',
    '0',
  ),
);

describe('bad input', () => {
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt({
      config: { registration: { initialAccessToken: 'fuzz-initial-access-token-0123456789' } },
    });
    rp = await discover(pv.issuer);
  });
  after(() => pv?.close());

  async function expectNoServerError(response: Response, what: string): Promise<void> {
    const body = await response.text();
    assert.ok(response.status < 500, `${what} answered ${response.status}: ${body.slice(0, 300)}`);
    assert.doesNotMatch(body, /at [\w.<>]+ \(.*:\d+:\d+\)|node_modules/, `${what} leaked a stack trace`);
  }

  test('the authorization endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'client_id',
            'redirect_uri',
            'response_type',
            'scope',
            'state',
            'nonce',
            'prompt',
            'max_age',
            'ui_locales',
            'claims',
            'acr_values',
            'code_challenge',
            'code_challenge_method',
            'request',
            'login_hint',
          ),
          hostile,
        ),
        async (params) => {
          const query = new URLSearchParams({ client_id: 'test-rp', response_type: 'code', ...params });
          await expectNoServerError(
            await fetch(`${pv.issuer}/auth?${query}`, { redirect: 'manual' }),
            `/auth?${query}`,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  test('the token, introspection and revocation endpoints', async () => {
    const basic = `Basic ${Buffer.from(`${TEST_CLIENT.client_id}:${TEST_CLIENT.client_secret}`).toString('base64')}`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/token', '/token/introspection', '/token/revocation'),
        fc.dictionary(
          fc.constantFrom(
            'grant_type',
            'code',
            'redirect_uri',
            'code_verifier',
            'refresh_token',
            'token',
            'scope',
            'client_id',
          ),
          hostile,
        ),
        fc.boolean(),
        async (path, params, duplicate) => {
          const body = new URLSearchParams(params);
          if (duplicate) body.append('grant_type', 'client_credentials');
          await expectNoServerError(
            await fetch(`${pv.issuer}${path}`, {
              method: 'POST',
              headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
              body,
            }),
            `${path} ${body}`,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  test('dynamic registration with malformed JSON and hostile metadata stores nothing', async () => {
    const before = (await pv.portvakt.db.query("SELECT count(*)::int AS n FROM oidc_payloads WHERE kind = 'Client'"))
      .rows[0] as { n: number };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostile,
          fc.json().map((json) => json),
          fc
            .record({
              redirect_uris: fc.array(hostile, { maxLength: 3 }),
              client_name: hostile,
              token_endpoint_auth_method: hostile,
            })
            .map((value) => JSON.stringify(value)),
        ),
        async (body) => {
          const response = await fetch(`${pv.issuer}/reg`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: 'Bearer fuzz-initial-access-token-0123456789',
            },
            body,
          });
          await expectNoServerError(response, `/reg ${body.slice(0, 80)}`);
          assert.notEqual(response.status, 201, `registered ${body.slice(0, 200)}`);
        },
      ),
      { numRuns: 60 },
    );
    const afterCount = (
      await pv.portvakt.db.query("SELECT count(*)::int AS n FROM oidc_payloads WHERE kind = 'Client'")
    ).rows[0] as { n: number };
    assert.equal(afterCount.n, before.n);
  });

  test('the login form', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    const page = await agent.open(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: 'http://127.0.0.1:9/callback',
          scope: 'openid',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    const { action, hidden } = findForm(page.html, '/password');
    const cookie = agent.cookieHeader();
    await fc.assert(
      fc.asyncProperty(hostile, hostile, fc.boolean(), async (username, password, repeat) => {
        const body = new URLSearchParams({ ...hidden, username, password });
        if (repeat) body.append('username', 'second');
        const response = await fetch(new URL(action, page.url), {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: pv.issuer },
          body,
        });
        assert.ok(
          [400, 429].includes(response.status),
          `the form itself answered (${response.status}), not an expired-login or CSRF page`,
        );
        await expectNoServerError(response, `password form ${body.toString().slice(0, 80)}`);
      }),
      { numRuns: 40 },
    );
    const huge = await fetch(new URL(action, page.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: pv.issuer },
      body: `username=${'x'.repeat(200_000)}`,
    });
    assert.equal(huge.status, 413, 'bodies over the limit are refused');
  });
});
