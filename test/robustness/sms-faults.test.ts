// The SMS API failing during a login, through the official Twilio SDK against the simulator: an
// API that takes the connection and never answers, and one that answers a byte at a time and never
// finishes. Within about the configured timeout the person is told the code could not be sent,
// is offered the other ways, and logs in with one of them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { TwilioFault } from '../../simulators/twilio/index.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

/** Short, so the test is quick; the default is 10 s. */
const SMS_TIMEOUT_MS = 800;
const REDIRECT_URI = 'http://127.0.0.1:9/callback';

describe('the SMS API failing during a login', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    const sms = messaging.config.sms as { twilio: { accountSid: string; authToken: string } };
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        sms: { twilio: { ...sms.twilio, timeoutMs: SMS_TIMEOUT_MS } },
        policies: { default: { methods: ['password'], secondFactor: 'always', secondFactors: ['sms', 'email'] } },
        clients: [{ ...TEST_CLIENT, redirect_uris: [REDIRECT_URI] }],
      },
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    messaging?.twilio.setFault('none');
    await pv?.close();
    await messaging?.close();
  });

  for (const fault of ['hang', 'trickle'] satisfies TwilioFault[]) {
    test(`an SMS API that ${fault === 'hang' ? 'never answers' : 'never finishes its answer'}: the person is offered e-mail in time and logs in with it`, async () => {
      await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'otp:%'");
      const agent = new UserAgent(pv.issuer, 'en');
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(rp, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const choose = await agent.submit(await agent.open(url.toString()), '/password', {
        username: 'bjorn',
        password: DEMO_PASSWORD,
      });
      assert.match(choose.html, /Text message to/);

      messaging.twilio.setFault(fault);
      const started = performance.now();
      let failed;
      try {
        failed = await agent.submit(choose, '/second-factor/choose', { factor: 'sms-0' });
      } finally {
        messaging.twilio.setFault('none');
      }
      const elapsed = performance.now() - started;
      assert.ok(
        elapsed >= SMS_TIMEOUT_MS - 50 && elapsed < SMS_TIMEOUT_MS + 2_000,
        `answered after ${Math.round(elapsed)} ms`,
      );
      assert.ok(failed.status < 500, `${failed.status}: ${failed.html.slice(0, 300)}`);
      assert.match(failed.html, /could not be sent right now/);
      assert.match(failed.html, /E-mail to b…@example\.org/, 'another way is offered');
      assert.equal(messaging.outbox.list({ to: '+46701234567' }).length, 0, 'no SMS went out');

      const sent = await agent.submit(failed, '/second-factor/choose', { factor: 'email' });
      const done = await agent.submit(sent, '/second-factor/code', {
        code: messaging.latestCode('bjorn.berg@example.org'),
      });
      const claims = (
        await oidc.authorizationCodeGrant(rp, new URL(done.url), { pkceCodeVerifier: verifier })
      ).claims()!;
      assert.deepEqual(claims.amr, ['pwd', 'mfa']);
      const [failure] = await pv.portvakt.audit.find({ type: 'code.sent', outcome: 'failure', latest: 1 });
      assert.deepEqual(failure?.detail, { channel: 'sms', error: 'timeout' }, 'the timeout is audited');
    });
  }

  test('the other way offered after a failed SMS can be taken at once', async () => {
    await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'otp:%'");
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const choose = await agent.submit(await agent.open(url.toString()), '/password', {
      username: 'bjorn',
      password: DEMO_PASSWORD,
    });
    messaging.twilio.setFault('error500');
    const failed = await agent
      .submit(choose, '/second-factor/choose', { factor: 'sms-0' })
      .finally(() => messaging.twilio.setFault('none'));
    const sent = await agent.submit(failed, '/second-factor/choose', { factor: 'email' });
    // A failed send starts no resend wait: nothing reached the person.
    assert.equal(
      sent.status,
      200,
      sent.html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 300),
    );
  });
});
