// Self-registration under load and abuse, with the default limits: a course day's worth of people
// behind one office address all get in, one address past the hourly limit and one mailbox past
// its own are refused with when to try again, and a refusal makes no account and sends nothing.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { signStamp } from '../../interactions/registration/stamp.ts';
import { validateConfig } from '../../src/config/load.ts';
import { loadOrCreateSecret } from '../../src/provider/secrets.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const DEFAULTS = validateConfig({}).accounts;
const OFFICE = '127.0.0.60';
/** An address that already has an account in the test world. */
const TAKEN_EMAIL = 'anna.andersson@example.org';

/** The n-th (below 1000) synthetic personal identity number born on 1 January 1970, check digit computed. */
function personalNumber(n: number): string {
  const eleven = `19700101${String(n).padStart(3, '0')}`;
  const nine = eleven.slice(2);
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return `${eleven}${(10 - (sum % 10)) % 10}`;
}

describe('self-registration limits', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let csrfKey: string;
  let serial = 0;

  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        accounts: { organisations: ['Region Exempel'] },
        policies: { default: { methods: ['password'], selfRegistration: true } },
      },
    });
    rp = await discover(pv.issuer);
    csrfKey = await loadOrCreateSecret(pv.portvakt.db, createSealer(pv.config.secretKey!), 'csrf-key');
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });
  beforeEach(() => pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'registration:%'"));

  /** One person at one address: the form opened, filled in at a person's pace, and sent. */
  async function register(from: string, email: string, fields: Record<string, string> = {}): Promise<Page> {
    const agent = new UserAgent(pv.issuer, 'en', { localAddress: from });
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      prompt: 'create',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const form = await agent.open(url.toString());
    const uid = /\/interaction\/([^/?]+)/.exec(form.url)?.[1] ?? assert.fail(form.html);
    serial += 1;
    return agent.submit(form, '/register', {
      givenName: 'Kursdeltagare',
      familyName: `Nummer ${serial}`,
      personalNumber: personalNumber(serial),
      email,
      timeZone: 'Europe/Oslo',
      organisation: 'Region Exempel',
      organisationOther: '',
      title: '',
      stamp: signStamp(csrfKey, uid, Date.now() - 5000),
      ...fields,
    });
  }

  const accountCount = async () =>
    (await pv.portvakt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts')).rows[0]!.n;
  const limitedEvents = async (limit: string) =>
    (await pv.portvakt.audit.find({ type: 'rate.limited' })).filter(
      (event) => event.detail.scope === 'registration' && event.detail.limit === limit,
    ).length;

  /** Refused by a limit: 429 with Retry-After, the reason and the time to come back, what was typed kept, and nothing done. */
  async function assertLimited(page: Page, email: string, reason: RegExp, limit: string, before: number) {
    assert.equal(page.status, 429, page.html);
    const retryAfter = Number(page.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 3600, `Retry-After: ${retryAfter}`);
    const said = new RegExp(`${reason.source} [Tt]ry again in (\\d+) min \\(at (\\d\\d:\\d\\d)\\)`).exec(page.html);
    assert.ok(said, page.html);
    assert.equal(Number(said[1]), Math.ceil(retryAfter / 60), 'the minutes are the throttle window left');
    // The clock time is when the window ends, in the zone the person chose (rounded up to the minute).
    const clock = (ms: number) =>
      new Intl.DateTimeFormat('en', {
        timeZone: 'Europe/Oslo',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(ms);
    const ends = Date.now() + retryAfter * 1000;
    assert.ok([clock(ends), clock(ends + 60_000)].includes(said[2]!), `${said[2]} for a window ending ${clock(ends)}`);
    assert.match(
      page.html,
      new RegExp(`name="email"[^>]*value="${email.replaceAll('.', '\\.')}"`),
      'what was typed stays',
    );
    assert.equal(await accountCount(), before, 'no account was made');
    assert.equal((await limitedEvents(limit)) > 0, true, 'the refusal is audited with its limit');
  }

  test('the defaults: 60 registrations an hour from one client address, 3 for one e-mail address', () => {
    assert.equal(DEFAULTS.registrationsPerHour, 60);
    assert.equal(DEFAULTS.registrationsPerEmailPerHour, 3);
  });

  test('twenty people registering from one office address within the hour all get through', async () => {
    const before = await accountCount();
    for (let person = 1; person <= 20; person += 1) {
      const email = `course.day.${person}@example.org`;
      const page = await register(OFFICE, email);
      assert.equal(page.status, 200, `person ${person}: ${page.html}`);
      assert.match(page.html, /Check your e-mail/, `person ${person}`);
      assert.equal(messaging.outbox.list({ to: email }).length, 1, `person ${person} has the activation e-mail`);
    }
    assert.equal(await accountCount(), before + 20);
  });

  test('one client address past its hourly limit is told what happened and when to try again; another address is not held up', async () => {
    const address = '127.0.0.61';
    for (let person = 1; person <= DEFAULTS.registrationsPerHour; person += 1)
      assert.match((await register(address, `busy.network.${person}@example.org`)).html, /Check your e-mail/);
    const before = await accountCount();
    const email = 'one.too.many@example.org';
    const limited = await register(address, email);
    await assertLimited(
      limited,
      email,
      /Many accounts have been registered from your network in the last hour\./,
      'address',
      before,
    );
    assert.equal(messaging.outbox.list({ to: email }).length, 0, 'nothing was sent');

    const elsewhere = await register('127.0.0.62', email);
    assert.match(elsewhere.html, /Check your e-mail/, 'the same person from another network gets in');
  });

  test('one e-mail address past its own limit is refused from any address, the same way whether or not it has an account', async () => {
    const fresh = 'flooded.mailbox@example.org';
    const pages: Record<string, Page> = {};
    for (const email of [fresh, TAKEN_EMAIL]) {
      for (let time = 1; time <= DEFAULTS.registrationsPerEmailPerHour; time += 1)
        assert.match((await register(`127.0.0.${70 + time}`, email)).html, /Check your e-mail/, `${email} ${time}`);
      const mails = messaging.outbox.list({ to: email }).length;
      const before = await accountCount();
      pages[email] = await register('127.0.0.79', email);
      await assertLimited(
        pages[email]!,
        email,
        /This e-mail address has been registered several times in the last hour\. Look for our message in your e-mail, or/,
        'email',
        before,
      );
      assert.equal(messaging.outbox.list({ to: email }).length, mails, 'the mailbox gets nothing more');
    }
    const comparable = (page: Page, email: string) =>
      page.html
        .replace(/\/interaction\/[\w-]+/g, '/interaction/UID')
        .replace(/name="(csrf|stamp)" value="[^"]+"/g, 'name="$1" value="X"')
        .replace(/value="Nummer \d+"/, 'value="N"')
        .replace(/value="\d{12}"/, 'value="PNR"')
        .replace(/\d+ min \(at \d\d:\d\d\)/, 'LATER')
        .replaceAll(email, 'ADDRESS');
    assert.equal(comparable(pages[TAKEN_EMAIL]!, TAKEN_EMAIL), comparable(pages[fresh]!, fresh), 'no enumeration');
  });

  test('forms sent back for a mistake do not count against the limits', async () => {
    const email = 'careful.typist@example.org';
    for (let attempt = 0; attempt < DEFAULTS.registrationsPerEmailPerHour + 2; attempt += 1)
      assert.equal((await register(OFFICE, email, { personalNumber: '123' })).status, 400);
    assert.match((await register(OFFICE, email)).html, /Check your e-mail/);
  });
});
