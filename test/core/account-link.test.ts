// The header of Portvakt's screens links to the person's account page once they are logged in
// here, and only then: a stranger's first login screen has no account to point to.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

const ACCOUNT_LINK = /<a href="\/account">My account<\/a>/;

describe('the account link in the header', () => {
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt();
    rp = await discover(pv.issuer);
  });
  after(() => pv.close());

  const loginScreen = async (agent: UserAgent) =>
    agent.open(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: TEST_CLIENT.redirect_uris[0]!,
          scope: 'openid',
          prompt: 'login',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        })
        .toString(),
    );

  test('a first login screen has none', async () => {
    const page = await loginScreen(new UserAgent(pv.issuer, 'en'));
    assert.match(page.html, /name="password"/);
    assert.doesNotMatch(page.html, ACCOUNT_LINK);
  });

  test('a logged-in person asked to log in again sees it', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    await loginWithPassword(rp, { issuer: pv.issuer, agent });
    const page = await loginScreen(agent);
    assert.match(page.html, /name="password"/);
    assert.match(page.html, ACCOUNT_LINK);
  });
});
