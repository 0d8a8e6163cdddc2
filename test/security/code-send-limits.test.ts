// Code sends are limited by what abuse looks like, not by how often a person logs in: codes that are
// used clear the account's count, so an hour of logins after 15-minute idle logouts never meets the
// limit, while someone who has the password but not the phone is stopped after `sendsPerHour`
// unused codes, and told when the next code can be had.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';

const PHONE = '+46701234567';

describe('limits on sending one-time codes', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        // The defaults: ten unused codes an hour per account.
        policies: { default: { methods: ['password'], secondFactor: 'always', secondFactors: ['sms', 'email'] } },
        clients: [TEST_CLIENT],
      },
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  /** A fresh login up to the code screen, the SMS to Björn's first number chosen. */
  async function askForCode() {
    const agent = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const choose = await agent.submit(await agent.open(url.toString()), '/password', {
      username: 'bjorn',
      password: DEMO_PASSWORD,
    });
    const sent = messaging.outbox.list({ to: PHONE }).length;
    const page = await agent.submit(choose, '/second-factor/choose', { factor: 'sms-0' });
    return { agent, page, verifier, delivered: messaging.outbox.list({ to: PHONE }).length > sent };
  }

  test('twelve logins in an hour, each with its code used, all get their code', async () => {
    for (let login = 0; login < 12; login += 1) {
      const { agent, page, verifier, delivered } = await askForCode();
      assert.ok(delivered, `login ${login + 1} got a code`);
      const done = await agent.submit(page, '/second-factor/code', { code: messaging.latestCode(PHONE) });
      const tokens = await oidc.authorizationCodeGrant(rp, new URL(done.url), { pkceCodeVerifier: verifier });
      assert.ok((tokens.claims()!.amr as string[]).includes('sms'));
    }
  });

  test('ten unused codes stop the sending, with when the next one can be had', async () => {
    for (let send = 0; send < 10; send += 1) assert.ok((await askForCode()).delivered, `unused code ${send + 1} sent`);
    const refused = await askForCode();
    assert.equal(refused.delivered, false, 'the eleventh unused code is not sent');
    assert.match(
      refused.page.html,
      /We have sent you 10 codes in the last hour and none of them has been used, so we are not sending more right now\. You can get a new code in (60|59) minutes\./,
    );
    assert.doesNotMatch(refused.page.html, /Too many attempts/, 'it does not blame attempts the person never made');
    const [event] = await pv.portvakt.audit.find({ type: 'rate.limited', latest: 1 });
    assert.equal(event!.detail.scope, 'code_sends');
  });
});
