// A one-time code proves one thing for one person. Within one login interaction an attacker who
// owns one account and knows another's password tries to carry a code across: a password-reset
// code sent to their own address, or a login code sent for their own account before the login
// switched person. Neither may stand in for the victim's second factor.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';

const ATTACKER = 'anna.andersson@example.org';

describe('a one-time code does not cross purposes or persons', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        policies: { default: { methods: ['password'], secondFactor: 'always', secondFactors: ['email'] } },
        clients: [TEST_CLIENT],
      },
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function loginPage() {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    return { agent, login: await agent.open(url.toString()) };
  }

  async function codeSentTo(address: string, before: number): Promise<string> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (messaging.outbox.list({ to: address }).length > before) return messaging.latestCode(address);
      // A reset mail is sent after the answer, so it may take a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no code reached ${address}`);
  }

  async function assertNoSecondFactorProven(): Promise<void> {
    const proven = await pv.portvakt.audit.find({ type: 'login.second_factor', outcome: 'success' });
    assert.equal(proven.length, 0, 'no second factor was recorded as proven');
  }

  /** The victim's password, then the attacker's code typed where the victim's is asked for. */
  async function victimWithCode(agent: UserAgent, login: Page, code: string): Promise<Page> {
    const second = await agent.submit(login, '/password', { username: 'bjorn', password: DEMO_PASSWORD });
    assert.match(second.url, /\/second-factor/, 'the victim’s login waits for a second factor');
    const csrf = /name="csrf" value="([^"]+)"/.exec(second.html)![1]!;
    const uid = /\/interaction\/([^/]+)\//.exec(second.url)![1]!;
    return agent.open(`/interaction/${uid}/second-factor/code`, { method: 'POST', form: { csrf, code } });
  }

  test('a password-reset code sent to the attacker’s own address is no second factor', async () => {
    const { agent, login } = await loginPage();
    const sentBefore = messaging.outbox.list({ to: ATTACKER }).length;
    const reset = await agent.open(`${login.url}/reset`);
    await agent.submit(reset, '/password/reset', { email: ATTACKER });
    const resetCode = await codeSentTo(ATTACKER, sentBefore);

    const answer = await victimWithCode(agent, await agent.open(login.url), resetCode);
    assert.ok(answer.url.startsWith(pv.issuer), 'no authorization code reaches the client');
    assert.doesNotMatch(answer.url, /[?&]code=/);
    await assertNoSecondFactorProven();
  });

  test('a login code sent for the attacker’s account does not pass once the login names the victim', async () => {
    const { agent, login } = await loginPage();
    const sentBefore = messaging.outbox.list({ to: ATTACKER }).length;
    const own = await agent.submit(login, '/password', { username: 'anna', password: DEMO_PASSWORD });
    if (/second-factor\/choose/.test(own.html)) await agent.submit(own, '/second-factor/choose', { factor: 'email' });
    const loginCode = await codeSentTo(ATTACKER, sentBefore);

    const answer = await victimWithCode(agent, await agent.open(login.url), loginCode);
    assert.ok(answer.url.startsWith(pv.issuer), 'no authorization code reaches the client');
    assert.doesNotMatch(answer.url, /[?&]code=/);
    await assertNoSecondFactorProven();
  });
});
