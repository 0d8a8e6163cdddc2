// Authorization and logout requests sent as POSTed forms (OIDC Core §3.1.2.1, RP-Initiated Logout
// §2): answered with 303 to the same endpoint and the same parameters as a query, so the login,
// single sign-on and logout work exactly as with GET. Anything but a form is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';

describe('POST to the authorization and logout endpoints', () => {
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt();
    rp = await discover(pv.issuer);
  });
  after(() => pv?.close());

  const post = (path: string, form: Record<string, string>, cookie = '') =>
    fetch(`${pv.issuer}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(form),
    });

  test('a POSTed authorization request becomes the same GET, and single sign-on answers it', async () => {
    const { agent, tokens } = await loginWithPassword(rp, { issuer: pv.issuer });
    const params = {
      client_id: TEST_CLIENT.client_id,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      prompt: 'none',
      state: 'posted state/with spaces',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    };
    const answer = await post('/auth', params, agent.cookieHeader());
    assert.equal(answer.status, 303);
    const location = new URL(answer.headers.get('location')!, pv.issuer);
    assert.equal(location.pathname, '/auth');
    assert.deepEqual(Object.fromEntries(location.searchParams), params, 'every parameter, exactly');
    const silent = await agent.open(location.toString());
    const callback = new URL(silent.url);
    assert.equal(callback.searchParams.get('state'), 'posted state/with spaces');
    assert.ok(callback.searchParams.get('code'), 'the session answers the posted request without a login');

    const logout = await post(
      '/session/end',
      {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: TEST_CLIENT.post_logout_redirect_uris[0]!,
        state: 'bye',
      },
      agent.cookieHeader(),
    );
    assert.equal(logout.status, 303);
    const logoutPage = await agent.open(new URL(logout.headers.get('location')!, pv.issuer).toString());
    assert.ok(logoutPage.status < 400, `the logout request is served: ${logoutPage.status}`);
  });

  test('only a form is accepted, a huge one is refused, and paths below the endpoints keep their own methods', async () => {
    const json = await fetch(`${pv.issuer}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"client_id":"test-rp"}',
    });
    assert.equal(json.status, 415);
    assert.equal(((await json.json()) as { error: string }).error, 'invalid_request');
    const huge = await post('/auth', { client_id: TEST_CLIENT.client_id, state: 'x'.repeat(20_000) });
    assert.equal(huge.status, 413);
    const confirm = await post('/session/end/confirm', { xsrf: 'forged' });
    assert.notEqual(confirm.status, 303, 'the logout confirmation is oidc-provider’s own POST, not re-sent as a query');
  });
});
