// Notifications from an integrator's service, over the admin API, PGlite and real SMTP: each
// account's preference decides (now, in a weekly summary, or never), the summary goes once even
// when two job runs race, the e-mails about access ignore the preference, and bad input is a 400
// that sends nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { createLogger } from '../../src/log.ts';
import { createSenders } from '../../src/notify/senders.ts';
import { Notifications } from '../../src/notify/notifications.ts';
import { runWeeklySummary, type SummaryRun } from '../../src/notify/weekly-summary.ts';
import type { NotificationPreference } from '../../src/accounts/types.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { adminClient } from '../support/admin-client.ts';
import { discover } from '../support/relying-party.ts';

const DAY = 86_400_000;
const NEWS = {
  kind: 'news',
  subject: { sv: 'Nytt kursutbud', nb: 'Nytt kurstilbud', en: 'New courses' },
  text: {
    sv: 'Höstens kurser är här.\n\nAnmälan öppnar den 1 september.',
    nb: 'Høstens kurs er her.\n\nPåmeldingen åpner 1. september.',
    en: 'The autumn courses are here.\n\nSign-up opens on 1 September.',
  },
};
const REMINDER = { kind: 'reminder', subject: 'Glöm inte enkäten', text: 'Enkäten stänger på fredag.' };

describe('notifications and the weekly summary', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let admin = '';
  let plain = '';
  let job: (now: Date) => Promise<SummaryRun>;
  let people = 0;

  before(async () => {
    messaging = await startMessaging();
    const operator = await adminClient();
    pv = await startPortvakt({
      persons: false,
      config: { ...messaging.config, clients: [TEST_CLIENT, operator.metadata] },
    });
    admin = await operator.token(pv.issuer);
    plain = (await oidc.clientCredentialsGrant(await discover(pv.issuer))).access_token;
    const senders = createSenders(pv.config);
    const { db, audit } = pv.portvakt;
    job = (now) => runWeeklySummary({ db, audit, senders, config: pv.config, logger: createLogger('silent') }, now);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  /** A new account with its own address, so each test reads only its own mail. */
  async function person(preference: NotificationPreference, locale = 'sv', withAddress = true) {
    people += 1;
    const address = withAddress ? `person${people}@example.org` : undefined;
    const account = await pv.portvakt.accounts.create({
      givenName: `Person${people}`,
      email: address,
      emailVerified: true,
      locale,
      identities: address ? [{ type: 'email', issuer: '', value: address, verified: true }] : [],
    });
    await pv.portvakt.accounts.updateProfile(account.id, { notificationPreference: preference });
    return { id: account.id, email: address ?? '' };
  }

  const post = (accountId: string, body: unknown, token = admin) =>
    fetch(`${pv.issuer}/admin/v1/accounts/${accountId}/notifications`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function send(accountId: string, body: unknown): Promise<{ outcome: string; reason?: string; id: string }> {
    const response = await post(accountId, body);
    assert.equal(response.status, 202, await response.clone().text());
    return (await response.json()) as { outcome: string; reason?: string; id: string };
  }

  const mailsTo = (email: string) => messaging.outbox.list({ to: email });
  const aWeekOn = () => new Date(Date.now() + 7 * DAY + 60_000);

  test('immediately: one e-mail now in the account’s language; weekly: nothing yet; off: nothing', async () => {
    const [now, weekly, off] = [await person('immediately', 'nb'), await person('weekly'), await person('off')];

    assert.equal((await send(now.id, NEWS)).outcome, 'sent');
    assert.equal((await send(weekly.id, NEWS)).outcome, 'queued');
    const dropped = await send(off.id, NEWS);
    assert.deepEqual(
      { ...dropped, id: undefined },
      { id: undefined, outcome: 'dropped', reason: 'preference_off', account_id: off.id, kind: 'news' },
    );

    const [mail] = mailsTo(now.email);
    assert.equal(mailsTo(now.email).length, 1);
    assert.equal(mail!.subject, 'Nytt kurstilbud', 'the subject in Norwegian, as given');
    assert.match(mail!.text, /Høstens kurs er her\.\n\nPåmeldingen åpner 1\. september\./);
    assert.match(mail!.text, /med en gang de kommer/, 'says why it came and where to change it');
    assert.equal(mailsTo(weekly.email).length, 0);
    assert.equal(mailsTo(off.email).length, 0);

    const events = await pv.portvakt.audit.find({
      type: ['notification.sent', 'notification.queued', 'notification.dropped'],
      clientId: 'admin-api',
    });
    assert.deepEqual(
      events.map((event) => [event.type, event.accountId]),
      [
        ['notification.sent', now.id],
        ['notification.queued', weekly.id],
        ['notification.dropped', off.id],
      ],
    );
    assert.doesNotMatch(JSON.stringify(events), /kurs/i, 'the audit log never holds the text');
  });

  test('weekly: nothing before a week, then one summary of everything waiting, and never again', async () => {
    const [weekly, off, silent] = [await person('weekly'), await person('off'), await person('weekly', 'en', false)];
    await send(weekly.id, NEWS);
    await send(weekly.id, REMINDER);
    await send(off.id, REMINDER);
    assert.deepEqual(await send(silent.id, REMINDER).then(({ outcome, reason }) => ({ outcome, reason })), {
      outcome: 'dropped',
      reason: 'no_address',
    });

    await job(new Date(Date.now() + 6 * DAY));
    assert.equal(mailsTo(weekly.email).length, 0, 'the oldest has waited six days only');

    await job(aWeekOn());
    const summaries = mailsTo(weekly.email);
    assert.equal(summaries.length, 1);
    const summary = summaries[0]!;
    assert.equal(summary.subject, `Veckans meddelanden från ${new URL(pv.issuer).host}`);
    assert.match(summary.text, /^Hej Person\d+,/);
    assert.match(summary.text, /: Nytt kursutbud\n\nHöstens kurser är här\.\n\nAnmälan öppnar den 1 september\./);
    assert.match(summary.text, /: Glöm inte enkäten\n\nEnkäten stänger på fredag\./);
    assert.ok(summary.text.indexOf('Nytt kursutbud') < summary.text.indexOf('Glöm inte'), 'oldest first');
    assert.match(summary.html ?? '', /<p>Höstens kurser är här\.<\/p>/);

    assert.equal((await job(new Date(Date.now() + 8 * DAY))).summaries, 0, 'nothing left to send');
    await job(new Date(Date.now() + 30 * DAY));
    assert.equal(mailsTo(weekly.email).length, 1, 'one summary, never a second');
    assert.equal(mailsTo(off.email).length, 0, 'off: nothing, ever');
  });

  test('two job runs at the same moment send exactly one summary', async () => {
    const weekly = await person('weekly', 'en');
    await send(weekly.id, NEWS);
    await send(weekly.id, REMINDER);
    const runs = await Promise.all([job(aWeekOn()), job(aWeekOn())]);
    assert.equal(
      runs.reduce((sum, run) => sum + run.summaries, 0),
      1,
    );
    const summaries = mailsTo(weekly.email);
    assert.equal(summaries.length, 1);
    assert.equal(summaries[0]!.subject, `This week’s messages from ${new URL(pv.issuer).host}`);
    const audited = await pv.portvakt.audit.find({ type: 'notification.summary_sent', accountId: weekly.id });
    assert.deepEqual(
      audited.map((event) => [event.outcome, event.detail.count]),
      [['success', 2]],
    );
  });

  test('switched from weekly: to immediately, what waited goes at the next run; to off, it is dropped', async () => {
    const [hurried, done] = [await person('weekly'), await person('weekly')];
    await send(hurried.id, NEWS);
    await send(done.id, NEWS);
    await pv.portvakt.accounts.updateProfile(hurried.id, { notificationPreference: 'immediately' });
    await pv.portvakt.accounts.updateProfile(done.id, { notificationPreference: 'off' });

    await job(new Date());
    assert.equal(mailsTo(hurried.email).length, 1, 'without waiting for the week');
    assert.match(mailsTo(hurried.email)[0]!.text, /Nytt kursutbud/);
    const [dropped] = await pv.portvakt.audit.find({ type: 'notification.dropped', accountId: done.id });
    assert.deepEqual(dropped?.detail, { reason: 'preference_off', count: 1, queued: true });

    await pv.portvakt.accounts.updateProfile(done.id, { notificationPreference: 'weekly' });
    await job(aWeekOn());
    assert.equal(mailsTo(done.email).length, 0, 'what was dropped does not come back');
    assert.equal(mailsTo(hurried.email).length, 1);
  });

  test('the e-mails about access ignore the preference, and the API cannot send them', async () => {
    const notifications = new Notifications({
      ...pv.portvakt,
      senders: createSenders(pv.config),
      config: pv.config,
      logger: createLogger('silent'),
    });
    for (const preference of ['weekly', 'off'] as const) {
      const account = await person(preference, 'en');
      const delivery = await notifications.deliver(account.id, {
        kind: 'security',
        subject: 'Your password was changed',
        text: 'If it was not you, undo it.',
      });
      assert.equal(delivery.outcome, 'sent', preference);
      const [mail] = mailsTo(account.email);
      assert.equal(mail?.subject, 'Your password was changed');
      assert.match(mail!.text, /it is always sent/);
    }
    const account = await person('immediately');
    const refused = await post(account.id, { ...REMINDER, kind: 'security' });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error_description: string }).error_description, /^kind: /);
    assert.equal(mailsTo(account.email).length, 0);
  });

  test('bad input is a 400 that says what is wrong; an unknown account 404; no admin scope 401/403', async () => {
    const account = await person('immediately');
    const cases: [unknown, RegExp][] = [
      ['{"kind": ', /not valid JSON/],
      [[], /body: /],
      [{ subject: 'Hej', text: 'Hej' }, /^kind: /],
      [{ ...REMINDER, kind: 'hourly' }, /^kind: /],
      [{ ...REMINDER, surprise: true }, /surprise/],
      [{ ...REMINDER, subject: '   ' }, /^subject: must not be empty/],
      [{ ...REMINDER, subject: 'Two\nlines' }, /^subject: must be one line/],
      [{ ...REMINDER, subject: 'x'.repeat(151) }, /^subject: use at most 150 characters/],
      [{ ...REMINDER, text: 'x'.repeat(4001) }, /^text: use at most 4000 characters/],
      [{ ...REMINDER, text: 'Click <a href="https://evil.example">here</a>' }, /^text: must be plain text/],
      [{ ...REMINDER, text: 'Bell \u0007' }, /^text: control characters/],
      [{ ...REMINDER, subject: 'txt.exe\u202Egpj' }, /^subject: must be one line without control characters/],
      [
        { ...REMINDER, subject: { sv: 'Hej', nb: 'Hei' } },
        /^subject: expected a text, or an object with a text for each of sv, nb and en/,
      ],
      [{ ...REMINDER, subject: { sv: 'Hej', nb: 'Hei', en: '<b>Hi</b>' } }, /^subject\.en: must be plain text/],
      [{ ...REMINDER, text: 42 }, /^text: expected a text/],
    ];
    for (const [body, message] of cases) {
      const response = await post(account.id, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const answer = (await response.json()) as { error: string; error_description: string };
      assert.equal(answer.error, 'invalid_request');
      assert.match(answer.error_description, message, JSON.stringify(body));
    }
    assert.equal((await post('not-a-uuid', REMINDER)).status, 400);
    assert.equal(mailsTo(account.email).length, 0, 'nothing was sent');

    const unknown = await post(randomUUID(), REMINDER);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: string }).error, 'not_found');

    assert.equal((await post(account.id, REMINDER, '')).status, 401, 'no token');
    const narrow = await post(account.id, REMINDER, plain);
    assert.equal(narrow.status, 403);
    assert.match(narrow.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
    assert.equal(mailsTo(account.email).length, 0, 'still nothing');
  });
});
