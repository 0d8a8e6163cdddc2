// Lockout stops guessing without becoming a weapon: failures count per account across all its
// login names, an address that guessed too often is locked out of that account, and the owner,
// from another address, still gets in with the right password. Someone who has the password
// cannot lock the owner's second factor either. Failures past the first few make the address
// wait, longer each time, and the owner hears of the guessing by e-mail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { failureDelaySeconds } from '../../src/security/backoff.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const MAX = 3;

describe('lockout that stops guessing but not the owner', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let codes: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        http: { trustedProxies: ['127.0.0.1'] },
        lockout: { maxFailures: MAX, windowSeconds: 600, lockSeconds: 600, perAddressPerMinute: 200 },
        policies: {
          default: { methods: ['password'] },
          codes: { methods: ['password'], secondFactor: 'always', secondFactors: ['sms'] },
        },
        clients: [
          TEST_CLIENT,
          { ...TEST_CLIENT, client_id: 'codes-rp', redirect_uris: ['http://127.0.0.1:9/codes'], login_policy: 'codes' },
        ],
      },
    });
    [rp, codes] = await Promise.all([discover(pv.issuer), discover(pv.issuer, 'codes-rp')]);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function attempt(
    from: string,
    username: string,
    password: string,
    config = rp,
    redirect = TEST_CLIENT.redirect_uris[0]!,
  ): Promise<{ agent: UserAgent; page: Page }> {
    const agent = new UserAgent(pv.issuer, 'en', { headers: { 'x-forwarded-for': from } });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirect,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    return { agent, page: await agent.submit(await agent.open(url.toString()), '/password', { username, password }) };
  }
  const loggedIn = (page: Page) => new URL(page.url).searchParams.get('code') !== null;

  test('guessing locks the guesser’s address; the owner elsewhere logs in, and the other login names count for the same account', async () => {
    // anna's username and e-mail address are two names of one account: together they reach the limit.
    await attempt('198.51.100.1', 'anna', 'Wrong-1');
    await attempt('198.51.100.1', 'anna.andersson@example.org', 'Wrong-2');
    await attempt('198.51.100.1', 'anna', 'Wrong-3');
    const locked = await attempt('198.51.100.1', 'anna.andersson@example.org', DEMO_PASSWORD);
    assert.equal(loggedIn(locked.page), false, 'the guessing address is out, even with the right password');
    assert.equal(locked.page.status, 429);
    const owner = await attempt('203.0.113.9', 'anna', DEMO_PASSWORD);
    assert.ok(loggedIn(owner.page), 'the owner, from an address with no failures, is not locked out');
    // In the deployment's language (Swedish here): the account has chosen none.
    const warnings = messaging.outbox
      .list({ to: 'anna.andersson@example.org' })
      .filter((entry) => entry.subject?.startsWith('Misslyckade inloggningsförsök'));
    assert.equal(warnings.length, 1, 'the owner is told of the guessing, once');
    assert.match(warnings[0]!.text, /med fel lösenord 3 gånger de senaste 10 minuterna/);
    assert.doesNotMatch(warnings[0]!.text, /198\.51\.100\.1/, 'the warning names no address');
  });

  test('guessing spread over many addresses locks them all, not the owner', async () => {
    for (let index = 0; index < MAX + 1; index += 1)
      await attempt(`198.51.100.${20 + index}`, 'bjorn', `Wrong-${index}`);
    const guesser = await attempt('198.51.100.20', 'bjorn', DEMO_PASSWORD);
    assert.equal(
      loggedIn(guesser.page),
      false,
      'an address that guessed during the attack is refused the right password too',
    );
    const owner = await attempt('203.0.113.10', 'bjorn', DEMO_PASSWORD);
    assert.ok(loggedIn(owner.page), 'the owner from a clean address gets in');
  });

  test('someone with the password cannot lock the owner’s second factor from another address', async () => {
    await pv.portvakt.throttle.resetWithAddresses(
      `login:account:${(await pv.portvakt.accounts.findByLoginName('bjorn'))!.id}`,
    );
    const intruder = await attempt('198.51.100.50', 'bjorn', DEMO_PASSWORD, codes, 'http://127.0.0.1:9/codes');
    let page = intruder.page.html.includes('/second-factor/choose')
      ? await intruder.agent.submit(intruder.page, '/second-factor/choose', { factor: 'sms-0' })
      : intruder.page;
    for (let index = 0; index < MAX + 1; index += 1)
      page = await intruder.agent.submit(page, '/second-factor/code', { code: '000000' });
    const owner = await attempt('203.0.113.11', 'bjorn', DEMO_PASSWORD, codes, 'http://127.0.0.1:9/codes');
    const sent = owner.page.html.includes('/second-factor/choose')
      ? await owner.agent.submit(owner.page, '/second-factor/choose', { factor: 'sms-0' })
      : owner.page;
    const done = await owner.agent.submit(sent, '/second-factor/code', { code: messaging.latestCode('+46701234567') });
    assert.ok(loggedIn(done), `the owner's code still works: ${done.html.slice(0, 300)}`);
    const warning = messaging.outbox
      .list({ to: 'bjorn.berg@example.org' })
      .find((entry) => entry.subject?.startsWith('Någon kan ha ditt lösenord'));
    assert.ok(warning, 'wrong codes after the right password tell the owner to change it');
    assert.match(warning.text, /byt lösenord nu/);
  });
});

test('the delay after each consecutive failure: none for three, doubling, then the lock', () => {
  const rules = { maxFailures: 10, lockSeconds: 900 };
  assert.deepEqual(
    Array.from({ length: 12 }, (_, index) => failureDelaySeconds(index + 1, rules)),
    [0, 0, 0, 2, 4, 8, 16, 32, 64, 900, 900, 900],
  );
  assert.equal(
    failureDelaySeconds(3, { maxFailures: 3, lockSeconds: 600 }),
    600,
    'a limit at or below the free failures locks at the limit',
  );
  assert.equal(failureDelaySeconds(9, { maxFailures: 20, lockSeconds: 30 }), 30, 'a delay never exceeds the lock');
});

describe('growing delays instead of a hard lock', () => {
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt({
      config: {
        http: { trustedProxies: ['127.0.0.1'] },
        lockout: { maxFailures: 10, windowSeconds: 600, lockSeconds: 600, perAddressPerMinute: 200 },
      },
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
  });

  async function attempt(from: string, password: string): Promise<Page> {
    const agent = new UserAgent(pv.issuer, 'en', { headers: { 'x-forwarded-for': from } });
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    return agent.submit(await agent.open(url.toString()), '/password', { username: 'anna', password });
  }

  test('three slips cost nothing; the fourth makes that address wait seconds, not the owner a quarter of an hour', async () => {
    for (let index = 0; index < 3; index += 1)
      assert.equal((await attempt('198.51.100.7', `Wrong-${index}`)).status, 400);
    assert.equal(
      (await attempt('198.51.100.7', 'Wrong-3')).status,
      400,
      'the fourth failure is still an ordinary answer',
    );
    const held = await attempt('198.51.100.7', DEMO_PASSWORD);
    assert.equal(held.status, 429, 'right after it, even the right password waits');
    assert.match(held.html, /Wait \d seconds and try again/);
    const failures = await pv.portvakt.audit.find({ type: 'login.password', outcome: 'failure' });
    assert.deepEqual(
      failures.map((event) => (event.detail as { delaySeconds?: number }).delaySeconds),
      [0, 0, 0, 2],
      'the delay starts after three and doubles from two seconds',
    );
    const elsewhere = await attempt('203.0.113.7', DEMO_PASSWORD);
    assert.equal(new URL(elsewhere.url).searchParams.has('code'), true, 'another address is not held back');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const later = await attempt('198.51.100.7', DEMO_PASSWORD);
    assert.equal(
      new URL(later.url).searchParams.has('code'),
      true,
      'once the short wait is over, the right password works from there too',
    );
  });
});
