// Accounts nobody uses: the scheduled job warns, then deactivates, over real SMTP and with the
// test's own clock; a deactivated account refuses a password only once it is the right one, and a
// BankID login switches it back on where the client's policy allows, and says whom to contact where not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { createLogger } from '../../src/log.ts';
import { createSenders } from '../../src/notify/senders.ts';
import { runInactivityJob } from '../../src/accounts/inactivity.ts';
import { mayNotify } from '../../src/notify/lifecycle-emails.ts';
import type { AuditType } from '../../src/security/audit.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { alertOf, bankIdLogin, codeGrant } from './lifecycle-support.ts';

const DAY = 86_400_000;
const SUPPORT = {
  name: { sv: 'kundtjänst', nb: 'kundeservice', en: 'customer service' },
  phone: '010-123 45 67',
};

describe('the inactivity job', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let job: (now: Date) => Promise<{ warned: number; deactivated: number }>;

  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      persons: false,
      config: {
        ...messaging.config,
        accounts: { supportContact: SUPPORT, inactivity: { deactivateAfterDays: 365, warnDaysBefore: 30 } },
      },
    });
    const senders = createSenders(pv.config);
    const { db, accounts, audit } = pv.portvakt;
    job = (now) =>
      runInactivityJob({ db, accounts, audit, senders, config: pv.config, logger: createLogger('silent'), now });
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  /** An account whose last use was `daysAgo` days before `at`. */
  async function unusedAccount(email: string | undefined, at: Date, daysAgo: number, locale = 'en') {
    const account = await pv.portvakt.accounts.create({
      givenName: 'Ingrid',
      email,
      locale,
      identities: email ? [{ type: 'email', issuer: '', value: email, verified: true }] : [],
    });
    await pv.portvakt.db.query('UPDATE accounts SET created_at = $2 WHERE id = $1', [
      account.id,
      new Date(at.getTime() - daysAgo * DAY),
    ]);
    return account;
  }

  const mailsTo = (email: string) => messaging.outbox.list({ to: email });
  const statusOf = async (id: string) => (await pv.portvakt.accounts.findById(id))!.status;

  test('a warning first, in the account’s language, then deactivation once the warning period has passed', async () => {
    const start = new Date('2031-03-01T08:00:00Z');
    const old = await unusedAccount('old.user@example.org', start, 340, 'sv');
    const recent = await unusedAccount('recent.user@example.org', start, 100);
    const silent = await unusedAccount(undefined, start, 400);

    assert.deepEqual(
      await job(start),
      { warned: 2, deactivated: 0 },
      'the unused account and the one without an address are warned',
    );
    const [warning] = mailsTo('old.user@example.org');
    assert.match(warning?.subject ?? '', /stängs snart av/);
    assert.match(warning!.text, /31 mars 2031/, 'the date it will happen, in Swedish');
    assert.equal(mailsTo('recent.user@example.org').length, 0);
    assert.ok((await pv.portvakt.accounts.findById(old.id))!.deactivationWarnedAt);

    assert.deepEqual(await job(start), { warned: 0, deactivated: 0 }, 'a second run sends nothing again');
    assert.deepEqual(
      await job(new Date(start.getTime() + 29 * DAY)),
      { warned: 0, deactivated: 0 },
      'past a year of silence, but warned only 29 days ago',
    );
    assert.equal(await statusOf(old.id), 'active');

    assert.deepEqual(await job(new Date(start.getTime() + 30 * DAY)), { warned: 0, deactivated: 2 });
    assert.equal(await statusOf(old.id), 'deactivated');
    assert.equal(
      await statusOf(silent.id),
      'deactivated',
      'no address: deactivated all the same, after the recorded warning',
    );
    assert.equal(await statusOf(recent.id), 'active');
    const notice = mailsTo('old.user@example.org')[0]!;
    assert.match(notice.subject ?? '', /har stängts av/);
    assert.match(notice.text, /kontakta kundtjänst \(010-123 45 67\)\./, 'whom to contact');
    assert.equal(mailsTo('old.user@example.org').length, 2);
    assert.deepEqual(await job(new Date(start.getTime() + 31 * DAY)), { warned: 0, deactivated: 0 });

    const events = await pv.portvakt.audit.find({
      type: ['account.deactivation_warned', 'account.deactivated'],
      accountId: old.id,
    });
    assert.deepEqual(
      events.map((event) => event.type),
      ['account.deactivation_warned', 'account.deactivated'],
    );
  });

  test('a login after the warning keeps the account', async () => {
    const start = new Date();
    const account = await unusedAccount('comes.back@example.org', start, 340);
    await job(start);
    assert.equal(mailsTo('comes.back@example.org').length, 1);
    await pv.portvakt.accounts.recordLogin(account.id);
    assert.equal((await pv.portvakt.accounts.findById(account.id))!.deactivationWarnedAt, null);
    await job(new Date(start.getTime() + 30 * DAY));
    assert.equal(await statusOf(account.id), 'active');
    assert.equal(mailsTo('comes.back@example.org').length, 1);
  });

  test('two instances running at once send each e-mail once', async () => {
    const start = new Date('2033-06-01T08:00:00Z');
    const emails = Array.from({ length: 6 }, (_, index) => `parallel.${index}@example.org`);
    for (const email of emails) await unusedAccount(email, start, 336);
    const audited = async (type: AuditType) => (await pv.portvakt.audit.find({ type })).length;
    const warnedBefore = await audited('account.deactivation_warned');
    const warned = await Promise.all([job(start), job(start), job(start)]);
    assert.equal(
      warned.reduce((sum, run) => sum + run.warned, 0),
      (await audited('account.deactivation_warned')) - warnedBefore,
      'no account claimed twice',
    );
    for (const email of emails) assert.equal(mailsTo(email).length, 1, `${email}: one warning`);
    const deactivatedBefore = await audited('account.deactivated');
    const later = new Date(start.getTime() + 30 * DAY);
    const deactivated = await Promise.all([job(later), job(later)]);
    assert.equal(
      deactivated.reduce((sum, run) => sum + run.deactivated, 0),
      (await audited('account.deactivated')) - deactivatedBefore,
    );
    for (const email of emails) assert.equal(mailsTo(email).length, 2, `${email}: one warning and one notice`);
  });

  test('the notification preference holds back only the e-mails a person may switch off', () => {
    for (const preference of ['immediately', 'weekly', 'off'] as const) {
      for (const kind of ['invitation', 'deactivation_warning', 'deactivation', 'security'] as const)
        assert.equal(mayNotify({ notificationPreference: preference }, kind), true);
    }
    assert.equal(mayNotify({ notificationPreference: 'immediately' }, 'news'), true);
    assert.equal(
      mayNotify({ notificationPreference: 'weekly' }, 'news'),
      false,
      'kept for the weekly summary, not sent on its own',
    );
    assert.equal(mayNotify({ notificationPreference: 'off' }, 'reminder'), false);
  });
});

describe('logging in to a deactivated account', () => {
  let world: EidWorld;
  let messaging: Messaging;
  let pv: TestPortvakt;
  let open: oidc.Configuration;
  let closed: oidc.Configuration;

  before(async () => {
    [world, messaging] = await Promise.all([startEidWorld(), startMessaging()]);
    pv = await startPortvakt({
      config: {
        ...world.config(),
        ...messaging.config,
        accounts: { supportContact: SUPPORT },
        policies: {
          default: { methods: ['bankid', 'password'], reactivateByEid: true },
          closed: { methods: ['bankid', 'password'], reactivateByEid: false },
        },
        clients: [
          TEST_CLIENT,
          {
            ...TEST_CLIENT,
            client_id: 'closed-rp',
            redirect_uris: ['http://127.0.0.1:9/closed'],
            login_policy: 'closed',
          },
        ],
      },
    });
    [open, closed] = await Promise.all([discover(pv.issuer), discover(pv.issuer, 'closed-rp')]);
  });
  after(async () => {
    await pv?.close();
    await world?.close();
    await messaging?.close();
  });

  async function passwordAttempt(password: string) {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(open, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      'https://id.oidc.se/param/authnProvider': 'urn:portvakt:authn:password',
    });
    const form = await agent.open(url.toString());
    const page = form.url.endsWith('/password')
      ? form
      : await agent.open(new URL('password', `${form.url}/`).toString());
    return agent.submit(page, '/password', { username: 'anna', password });
  }

  test('a password is refused with whom to contact only when it is the right one', async () => {
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    await pv.portvakt.accounts.setStatus(anna.id, 'deactivated', 'inactivity');
    const wrong = await passwordAttempt('not-the-password-1');
    assert.equal(
      alertOf(wrong),
      'The username or password is not correct. Check them and try again.',
      'nothing tells a guesser the account is deactivated',
    );
    const right = await passwordAttempt(DEMO_PASSWORD);
    assert.match(
      alertOf(right),
      /not been used for a long time\. Contact customer service \(010-123 45 67\) to have it switched on again\./,
    );
    assert.doesNotMatch(right.url, /callback/);
    const [last] = await pv.portvakt.audit.find({ type: 'login.password', accountId: anna.id, latest: 1 });
    assert.equal(last!.detail.reason, 'deactivated');
  });

  test('BankID says whom to contact where the policy does not reactivate, and reactivates where it does', async () => {
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    await pv.portvakt.accounts.setStatus(anna.id, 'deactivated', 'inactivity');

    const refused = await bankIdLogin(world, closed, {
      issuer: pv.issuer,
      personalNumber: ANNA_PNR,
      redirectUri: 'http://127.0.0.1:9/closed',
    });
    assert.match(alertOf(refused.page), /not been used for a long time\. Contact customer service \(010-123 45 67\)/);
    assert.equal((await pv.portvakt.accounts.findById(anna.id))!.status, 'deactivated');

    const welcomed = await bankIdLogin(world, open, { issuer: pv.issuer, personalNumber: ANNA_PNR });
    const tokens = await codeGrant(open, welcomed);
    assert.equal(tokens.claims()!.sub, anna.id);
    assert.equal((await pv.portvakt.accounts.findById(anna.id))!.status, 'active');
    const welcome = messaging.outbox.list({ to: 'anna.andersson@example.org' })[0]!;
    assert.match(welcome.text, /aktiverades kontot igen, välkommen tillbaka, när du loggade in med e-legitimation/);
    const events = await pv.portvakt.audit.find({
      type: ['account.reactivated', 'account.reactivation_refused'],
      accountId: anna.id,
    });
    assert.deepEqual(
      events.map((event) => [event.type, event.detail.via]),
      [
        ['account.reactivation_refused', 'bankid'],
        ['account.reactivated', 'bankid'],
      ],
    );
  });
});
