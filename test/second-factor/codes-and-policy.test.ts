// A password followed by a one-time code by SMS or e-mail, as the client's policy, the person's
// network and the request decide; codes travel through a real SMTP server and the Twilio SDK.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';

describe('one-time codes and login policy', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let office: oidc.Configuration;
  let open: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        http: { trustedProxies: ['127.0.0.1'] },
        oneTimeCodes: { sendsPerHour: 20 },
        lockout: { maxFailures: 4, windowSeconds: 600, lockSeconds: 600, perAddressPerMinute: 500 },
        policies: {
          default: { methods: ['password'] },
          office: {
            methods: ['password'],
            secondFactor: 'outsideTrustedNetworks',
            secondFactors: ['sms', 'email'],
            trustedNetworks: ['192.0.2.0/24'],
          },
          idle: { methods: ['password'], idleTimeoutSeconds: 900 },
        },
        clients: [
          TEST_CLIENT,
          {
            ...TEST_CLIENT,
            client_id: 'office-rp',
            client_name: 'E-portal',
            redirect_uris: ['http://127.0.0.1:9/office'],
            login_policy: 'office',
          },
          { ...TEST_CLIENT, client_id: 'idle-rp', redirect_uris: ['http://127.0.0.1:9/idle'], login_policy: 'idle' },
        ],
      },
    });
    [office, open] = await Promise.all([discover(pv.issuer, 'office-rp'), discover(pv.issuer)]);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function passwordStep(
    rp: oidc.Configuration,
    redirectUri: string,
    options: { agent?: UserAgent; params?: Record<string, string>; username?: string } = {},
  ) {
    const agent = options.agent ?? new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...options.params,
    });
    const page = await agent.submit(await agent.open(url.toString()), '/password', {
      username: options.username ?? 'bjorn',
      password: DEMO_PASSWORD,
    });
    return { agent, verifier, page };
  }

  async function tokensFrom(rp: oidc.Configuration, page: Page, verifier: string) {
    return oidc.authorizationCodeGrant(rp, new URL(page.url), { pkceCodeVerifier: verifier });
  }

  test('outside the office network a code by SMS is required; either of two numbers can be chosen', async () => {
    const { agent, verifier, page } = await passwordStep(office, 'http://127.0.0.1:9/office');
    assert.match(page.html, /Text message to \+46…67/);
    assert.match(page.html, /Text message to \+46…43/);
    assert.match(page.html, /E-mail to b…@example\.org/);
    const sent = await agent.submit(page, '/second-factor/choose', { factor: 'sms-1' });
    assert.match(sent.html, /We sent a code to \+46…43/);
    const code = messaging.latestCode('+46709876543');
    const done = await agent.submit(sent, '/second-factor/code', { code: code.toLowerCase() });
    const claims = (await tokensFrom(office, done, verifier)).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'sms', 'mfa']);
    assert.equal(claims.acr, 'http://id.elegnamnden.se/loa/1.0/loa2');
    const sms = messaging.outbox.list({ to: '+46709876543' })[0]!;
    assert.match(sms.text, /one-time code for E-portal/);
  });

  test('a code by e-mail works once; a wrong code is refused and the code cannot be reused', async () => {
    const { agent, verifier, page } = await passwordStep(office, 'http://127.0.0.1:9/office');
    const sent = await agent.submit(page, '/second-factor/choose', { factor: 'email' });
    const code = messaging.latestCode('bjorn.berg@example.org');
    const wrong = await agent.submit(sent, '/second-factor/code', { code: 'AAAAAA' === code ? 'BBBBBB' : 'AAAAAA' });
    assert.match(wrong.html, /The code is not correct/);
    const done = await agent.submit(wrong, '/second-factor/code', { code });
    const claims = (await tokensFrom(office, done, verifier)).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'mfa']);
    const stored = await pv.portvakt.db.query<{ code_hash: string }>('SELECT code_hash FROM one_time_codes');
    assert.ok(
      stored.rows.every((row) => row.code_hash !== code),
      'codes are stored hashed',
    );
  });

  test('a code stops working after too many wrong tries', async () => {
    const { agent, page } = await passwordStep(office, 'http://127.0.0.1:9/office');
    const sent = await agent.submit(page, '/second-factor/choose', { factor: 'sms-0' });
    const code = messaging.latestCode('+46701234567');
    let last = sent;
    for (let attempt = 0; attempt < 5; attempt += 1)
      last = await agent.submit(last, '/second-factor/code', { code: code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ' });
    const late = await agent.submit(last, '/second-factor/code', { code });
    assert.match(late.html, /expired or was tried too many times/);
    // Lockout: the account's second-factor failures reached the limit.
    const events = await pv.portvakt.audit.find({ type: 'login.second_factor', outcome: 'failure' });
    assert.ok(events.length >= 5);
    await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'mfa:%' OR key LIKE 'otp:%'");
  });

  test('resending is throttled, and a failed SMS offers another way', async () => {
    const { agent, page } = await passwordStep(office, 'http://127.0.0.1:9/office');
    const sent = await agent.submit(page, '/second-factor/choose', { factor: 'sms-0' });
    const again = await agent.submit(sent, '/second-factor/resend');
    assert.equal(again.status, 429);
    assert.match(again.html, /Wait \d+ seconds/);
    await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'otp:%'");
    messaging.twilio.setFault('error500');
    try {
      const failed = await agent.submit(
        await agent.open(`${new URL(sent.url).pathname.replace(/\/choose$/, '')}`),
        '/second-factor/choose',
        { factor: 'sms-0' },
      );
      assert.match(failed.html, /could not be sent right now/);
      assert.match(failed.html, /E-mail to/, 'another way is offered');
    } finally {
      messaging.twilio.setFault('none');
      await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'otp:%'");
    }
  });

  test('an SMTP server that refuses, or hangs, leaves the person a way forward', async () => {
    for (const fault of ['reject', 'hang'] as const) {
      await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'otp:%'");
      const { agent, page } = await passwordStep(office, 'http://127.0.0.1:9/office');
      messaging.mail.setFault(fault);
      try {
        const failed = await agent.submit(page, '/second-factor/choose', { factor: 'email' });
        assert.match(failed.html, /could not be sent right now/, `SMTP ${fault}`);
        assert.match(failed.html, /Text message to/, 'SMS is offered instead');
      } finally {
        messaging.mail.setFault('none');
      }
    }
    await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'otp:%'");
  });

  test('from the trusted network, forwarded by a trusted proxy, the password is enough', async () => {
    const agent = new UserAgent(pv.issuer, 'en', { headers: { 'x-forwarded-for': '192.0.2.44' } });
    const { verifier, page } = await passwordStep(office, 'http://127.0.0.1:9/office', { agent });
    const claims = (await tokensFrom(office, page, verifier)).claims()!;
    assert.deepEqual(claims.amr, ['pwd']);
  });

  test('the same header from an untrusted address does not skip the second factor', async () => {
    const agent = new UserAgent(pv.issuer, 'en', {
      headers: { 'x-forwarded-for': '192.0.2.44' },
      localAddress: '127.0.0.2',
    });
    const { page } = await passwordStep(office, 'http://127.0.0.1:9/office', { agent });
    assert.match(page.html, /Confirm it is you/);
  });

  test('acr_values raises the bar for a client that needs no second factor by default', async () => {
    const plain = await passwordStep(open, 'http://127.0.0.1:9/callback');
    assert.deepEqual((await tokensFrom(open, plain.page, plain.verifier)).claims()!.amr, ['pwd']);
    const raised = await passwordStep(open, 'http://127.0.0.1:9/callback', {
      params: { acr_values: 'http://id.elegnamnden.se/loa/1.0/loa2' },
    });
    assert.match(raised.page.html, /Confirm it is you/);
  });

  test('acr_values in order of preference: loa1 first is a password login, whatever follows it (OIDC Core §3.1.2.1)', async () => {
    const all = ['loa1', 'loa2', 'loa3', 'loa4'].map((level) => `http://id.elegnamnden.se/loa/1.0/${level}`);
    const preferred = await passwordStep(open, 'http://127.0.0.1:9/callback', {
      params: { acr_values: all.join(' ') },
    });
    const claims = (await tokensFrom(open, preferred.page, preferred.verifier)).claims()!;
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(claims.acr, all[0]);
    const higherFirst = await passwordStep(open, 'http://127.0.0.1:9/callback', {
      params: { acr_values: [all[1], all[0]].join(' ') },
    });
    assert.match(higherFirst.page.html, /Confirm it is you/, 'loa2 preferred: the second factor is asked for');
  });

  test('after the client’s idle timeout the session no longer logs in silently', async () => {
    const idle = await discover(pv.issuer, 'idle-rp');
    const { agent, page } = await passwordStep(idle, 'http://127.0.0.1:9/idle', { username: 'anna' });
    assert.ok(new URL(page.url).searchParams.get('code'));
    const silent = () =>
      agent.open(
        oidc
          .buildAuthorizationUrl(idle, {
            redirect_uri: 'http://127.0.0.1:9/idle',
            scope: 'openid',
            prompt: 'none',
            code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
            code_challenge_method: 'S256',
          })
          .toString(),
      );
    assert.ok(new URL((await silent()).url).searchParams.get('code'), 'within the idle time, SSO works');
    // Sixteen minutes pass without the person coming back to this client.
    await pv.portvakt.db.query(
      "UPDATE session_activity SET last_seen = now() - interval '16 minutes' WHERE client_id = 'idle-rp'",
    );
    assert.equal(new URL((await silent()).url).searchParams.get('error'), 'login_required');
    const sso = await agent.open(
      oidc
        .buildAuthorizationUrl(open, {
          redirect_uri: 'http://127.0.0.1:9/callback',
          scope: 'openid',
          prompt: 'none',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.ok(new URL(sso.url).searchParams.get('code'), 'a client without an idle limit still gets SSO');
  });
});
