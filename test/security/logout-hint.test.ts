// RP-initiated logout without a question only for a hint from the browser's own session. A link to
// end_session that anyone can send (no hint, another person's ID token, a token from an earlier
// session of the same person) must still ask, so it cannot end a login by itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { completeLogin, discover, loginWithPassword } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

const LOGGED_OUT = TEST_CLIENT.post_logout_redirect_uris[0]!;

describe('logout hints', () => {
  let pv: TestPortvakt;
  let config: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt();
    config = await discover(pv.issuer);
  });
  after(() => pv.close());

  const endSession = (params: Record<string, string>) =>
    oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: LOGGED_OUT, ...params }).toString();

  test('a hint from this session logs out without asking, in the language picked on the login screens', async () => {
    const agent = new UserAgent(pv.issuer, 'sv');
    const { tokens } = await loginPickingEnglish(agent);
    const page = await agent.open(endSession({ id_token_hint: tokens.id_token! }));
    assert.match(page.html, /data-auto-submit/);
    assert.match(page.html, /<html lang="en">/);
    assert.match(page.html, /You are being logged out of Test RP/);
    assert.doesNotMatch(page.html, /stay logged in/);
    const done = await agent.submit(page, '/session/end/confirm', { logout: 'yes' });
    assert.equal(done.url, LOGGED_OUT);
  });

  /** A password login in a Swedish browser where the person switches the login screen to English. */
  async function loginPickingEnglish(agent: UserAgent) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const login = await agent.open(url.toString());
    const english = await agent.open(`${login.url}${login.url.includes('?') ? '&' : '?'}lang=en`);
    assert.match(english.html, /<html lang="en">/);
    const callback = await completeLogin(agent, english, 'anna', DEMO_PASSWORD);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback.url), { pkceCodeVerifier: verifier });
    return { tokens };
  }

  test('no hint: the person is asked, and the page names the service', async () => {
    const { agent } = await loginWithPassword(config, { issuer: pv.issuer });
    const page = await agent.open(endSession({ client_id: TEST_CLIENT.client_id }));
    assert.doesNotMatch(page.html, /data-auto-submit/);
    assert.match(page.html, /Vill du logga ut\? Du loggas ut från Test RP/);
    // Staying logged in keeps the login: a silent authorization still succeeds.
    const stayed = await agent.submit(page, '/session/end/confirm');
    assert.equal(stayed.url, LOGGED_OUT);
    assert.equal(await silentLogin(pv.issuer, agent), 'code');
  });

  test("another person's ID token as hint is asked about, and ends nothing by itself", async () => {
    const { tokens: bjorns } = await loginWithPassword(config, { issuer: pv.issuer, username: 'bjorn' });
    const { agent } = await loginWithPassword(config, { issuer: pv.issuer });
    const page = await agent.open(endSession({ id_token_hint: bjorns.id_token! }));
    assert.doesNotMatch(page.html, /data-auto-submit/);
    assert.match(page.html, /Vill du logga ut/);
    assert.equal(await silentLogin(pv.issuer, agent), 'code', 'the page alone logged no one out');
  });

  test("the same person's ID token from an earlier session is asked about", async () => {
    const earlier = await loginWithPassword(config, { issuer: pv.issuer });
    const out = await earlier.agent.open(endSession({ id_token_hint: earlier.tokens.id_token! }));
    await earlier.agent.submit(out, '/session/end/confirm', { logout: 'yes' });
    // Without `sid` in this client's ID tokens the login time tells sessions apart, to the second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { agent } = await loginWithPassword(config, { issuer: pv.issuer });
    const page = await agent.open(endSession({ id_token_hint: earlier.tokens.id_token! }));
    assert.doesNotMatch(page.html, /data-auto-submit/);
    assert.match(page.html, /Vill du logga ut/);
  });
});

/** What a prompt=none authorization answers in this browser: `code` while logged in, else the error. */
async function silentLogin(issuer: string, agent: UserAgent): Promise<string> {
  const url = new URL(`${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: TEST_CLIENT.client_id,
    redirect_uri: TEST_CLIENT.redirect_uris[0]!,
    response_type: 'code',
    scope: 'openid',
    prompt: 'none',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  const answer = new URL((await agent.open(url.toString())).url).searchParams;
  return answer.has('code') ? 'code' : (answer.get('error') ?? 'none');
}
