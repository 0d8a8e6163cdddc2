// The account page, walked by a person's browser: it logs in through Portvakt as the relying party
// `portvakt-account`, edits the profile, asks for a fresh second factor before phone numbers change,
// proves new e-mail addresses by code, hands out the person's data and deletes the account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { SqlAdapter } from '../../adapters/oidc-adapter.ts';
import { ACCOUNT_CLIENT_ID, accountPageClient } from '../../src/provider/account-client.ts';
import { loadOrCreateSecret } from '../../src/provider/secrets.ts';
import type { AuditType } from '../../src/security/audit.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { DEMO_PASSWORD, startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

/** Until the provider declares the client statically, it is stored the way the CLI stores one. */
async function storeAccountClient(pv: TestPortvakt): Promise<void> {
  const csrfKey = await loadOrCreateSecret(pv.portvakt.db, createSealer(pv.config.secretKey!), 'csrf-key');
  await new SqlAdapter(pv.portvakt.db, 'Client').upsert(
    ACCOUNT_CLIENT_ID,
    { ...accountPageClient(pv.config, csrfKey) },
    0,
  );
}

describe('account page', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        http: { trustedProxies: ['127.0.0.1'] },
        oneTimeCodes: { sendsPerHour: 20, resendAfterSeconds: 10 },
        accounts: { accountPagePolicy: 'account' },
        policies: {
          default: { methods: ['password'] },
          account: { methods: ['password'], secondFactors: ['sms', 'email'], trustedNetworks: ['192.0.2.0/24'] },
        },
      },
    });
    await storeAccountClient(pv);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function logIn(
    username: string,
    agent = new UserAgent(pv.issuer, 'en'),
  ): Promise<{ agent: UserAgent; page: Page }> {
    const form = await agent.open('/account');
    assert.match(form.url, /\/interaction\//, 'without a session the page sends the browser to log in');
    const page = await agent.submit(form, '/password', { username, password: DEMO_PASSWORD });
    assert.equal(new URL(page.url).pathname, '/account', page.html);
    return { agent, page };
  }

  async function accountRow(username: string) {
    const { rows } = await pv.portvakt.db.query<{
      id: string;
      given_name: string;
      family_name: string;
      locale: string | null;
      notification_preference: string;
    }>(
      "SELECT a.* FROM accounts a JOIN identities i ON i.account_id = a.id WHERE i.type = 'username' AND i.value = $1",
      [username],
    );
    return rows[0];
  }

  async function auditOf(type: AuditType) {
    return pv.portvakt.audit.find({ type });
  }

  async function codeStep(agent: UserAgent, page: Page, channel: 'email' | 'sms-0', to: string): Promise<Page> {
    const sent = page.html.includes('/second-factor/choose')
      ? await agent.submit(page, '/second-factor/choose', { factor: channel })
      : page;
    return agent.submit(sent, '/second-factor/code', { code: messaging.latestCode(to) });
  }

  /** The account page's step-up: the password again, then a code. */
  async function stepUp(agent: UserAgent, username: string, channel: 'email' | 'sms-0', to: string): Promise<Page> {
    const second = await agent.submit(await agent.open('/account/step-up'), '/password', {
      username,
      password: DEMO_PASSWORD,
    });
    const back = await codeStep(agent, second, channel, to);
    assert.equal(new URL(back.url).pathname, '/account', back.html);
    return back;
  }

  test('a person logs in through Portvakt and sees their own page', async () => {
    const { agent, page } = await logIn('anna');
    assert.equal(page.status, 200);
    assert.match(page.html, /You are logged in as Anna Andersson/);
    assert.match(page.html, /value="Andersson"/);
    assert.match(page.html, /19850614\*\*\*\*/, 'the identity number is masked on screen');
    assert.doesNotMatch(page.html, /198506142382/);
    assert.ok(agent.hasCookie('portvakt_account'));
    const again = await agent.open('/account');
    assert.equal(new URL(again.url).pathname, '/account', 'the page session holds');
  });

  test('the name is validated field by field, kept when wrong, and saved when right', async () => {
    const { agent, page } = await logIn('anna');
    const bad = await agent.submit(page, '/account/name', { given_name: '  ', family_name: '<b>Andersson' });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /Enter your given name\./);
    assert.match(bad.html, /The name contains characters that cannot be saved/);
    assert.match(bad.html, /value="&lt;b&gt;Andersson"/, 'what was typed stays in the field');
    assert.match(bad.html, /aria-invalid="true" aria-describedby="givenName-error"/);
    assert.equal((await accountRow('anna'))!.family_name, 'Andersson');
    const good = await agent.submit(bad, '/account/name', { given_name: 'Anna-Karin', family_name: 'Andersson Öberg' });
    assert.equal(good.status, 200);
    assert.match(good.html, /Your change has been saved/);
    assert.match(good.html, /logged in as Anna-Karin Andersson Öberg/);
    const row = (await accountRow('anna'))!;
    assert.deepEqual([row.given_name, row.family_name], ['Anna-Karin', 'Andersson Öberg']);
    assert.ok((await auditOf('account.updated')).some((event) => event.detail.field === 'name'));
  });

  test('language and notification preference are saved', async () => {
    const { agent, page } = await logIn('anna');
    const norwegian = await agent.submit(page, '/account/language', { locale: 'nb' });
    assert.match(norwegian.html, /<html lang="nb">/);
    assert.match(norwegian.html, /Endringen er lagret/);
    assert.equal((await accountRow('anna'))!.locale, 'nb');
    const weekly = await agent.submit(norwegian, '/account/notifications', { notification_preference: 'weekly' });
    assert.match(weekly.html, /value="weekly" checked/);
    assert.equal((await accountRow('anna'))!.notification_preference, 'weekly');
    const wrong = await agent.submit(weekly, '/account/notifications', { notification_preference: 'hourly' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /Velg ett av alternativene/);
    await agent.submit(wrong, '/account/language', { locale: 'en' });
  });

  test('the Messages section says what each choice means and which e-mails cannot be switched off', async () => {
    const { page } = await logIn('anna');
    const section = /<section aria-labelledby="notifications">[\s\S]*?<\/section>/.exec(page.html)?.[0] ?? '';
    assert.match(section, /aria-describedby="notify-weekly-means"/);
    assert.match(section, /id="notify-weekly-means">One e-mail a week with what came in since the last one\./);
    assert.match(section, /<h3 id="always-sent">E-mails you always get<\/h3>/);
    const always = [...section.matchAll(/<li>([^<]+)<\/li>/g)].map((item) => item[1]);
    assert.equal(always.length, 4);
    for (const [index, pattern] of [
      /^invitations/,
      /before the account is switched off/,
      /how you log in/,
      /one-time codes/,
    ].entries())
      assert.match(always[index] ?? '', pattern);
  });

  test('a phone number is added only after a fresh second factor', async () => {
    const { agent, page } = await logIn('anna');
    const refused = await agent.submit(page, '/account/phones/add', { phone: '070-123 45 99' });
    assert.equal(refused.status, 403);
    assert.match(refused.html, /first confirm it is you/);
    assert.match(refused.html, /href="\/account\/step-up"/);
    assert.match(refused.html, /value="070-123 45 99"/);
    const anna = (await accountRow('anna'))!;
    assert.deepEqual(await pv.portvakt.secondFactors.phoneNumbers(anna.id), []);
    assert.ok(
      (await auditOf('account.phone_changed')).some(
        (event) => event.outcome === 'failure' && event.detail.reason === 'fresh_second_factor_required',
      ),
    );

    const login = await agent.open('/account/step-up');
    assert.match(login.html, /name="password"/, 'the step-up asks for the password again (max_age=0)');
    const second = await agent.submit(login, '/password', { username: 'anna', password: DEMO_PASSWORD });
    assert.match(second.html, /second-factor/, 'and then for a second factor (acr_values loa2)');
    const back = await codeStep(agent, second, 'email', 'anna.andersson@example.org');
    assert.equal(new URL(back.url).pathname, '/account', back.html);
    assert.doesNotMatch(back.html, /first confirm it is you/);

    const invalid = await agent.submit(back, '/account/phones/add', { phone: '08-123 456 78' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.html, /looks like a landline/);
    const added = await agent.submit(invalid, '/account/phones/add', { phone: '070-123 45 99' });
    assert.match(added.html, /The number has been added/);
    assert.match(added.html, /\+46701234599/);
    assert.deepEqual(await pv.portvakt.secondFactors.phoneNumbers(anna.id), ['+46701234599']);
    assert.ok(
      (await auditOf('account.phone_changed')).some(
        (event) => event.outcome === 'success' && event.detail.action === 'added' && event.detail.phone === '+46…99',
      ),
    );
  });

  test('after a step-up an authenticator app is set up, its recovery codes replaced, and removed', async () => {
    const { agent, page } = await logIn('anna');
    const refused = await agent.open('/account/authenticator');
    assert.equal(refused.status, 403);
    assert.ok(page.html.includes('No authenticator app is set up.'));
    const second = await agent.submit(await agent.open('/account/step-up'), '/password', {
      username: 'anna',
      password: DEMO_PASSWORD,
    });
    await codeStep(agent, second, 'email', 'anna.andersson@example.org');
    const enrol = await agent.open('/account/authenticator');
    const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(enrol.html)![1]!;
    const wrong = await agent.submit(enrol, '/account/authenticator', {
      code: (await generate({ secret })) === '000000' ? '111111' : '000000',
    });
    assert.equal(wrong.status, 400);
    const done = await agent.submit(wrong, '/account/authenticator', { code: await generate({ secret }) });
    assert.match(done.html, /The authenticator app is set up/);
    const codes = [...done.html.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((match) => match[1]);
    assert.equal(codes.length, 10);
    const anna = (await accountRow('anna'))!;
    assert.ok(await pv.portvakt.secondFactors.authenticator(anna.id));
    const replaced = await agent.submit(done, '/account/recovery-codes');
    const newCodes = [...replaced.html.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((match) => match[1]);
    assert.equal(newCodes.length, 10);
    assert.ok(!(await pv.portvakt.secondFactors.useRecoveryCode(anna.id, codes[0]!)), 'the old codes stop working');
    assert.ok(await pv.portvakt.secondFactors.useRecoveryCode(anna.id, newCodes[0]!));
    const removed = await agent.submit(replaced, '/account/authenticator/remove');
    assert.match(removed.html, /The authenticator app has been removed/);
    assert.equal(await pv.portvakt.secondFactors.authenticator(anna.id), undefined);
    assert.deepEqual(
      (await auditOf('totp.removed')).map((event) => event.outcome),
      ['success'],
    );
  });

  test('from a trusted network phone numbers change without a second factor, at most two', async () => {
    const agent = new UserAgent(pv.issuer, 'en', { headers: { 'x-forwarded-for': '192.0.2.44' } });
    const { page } = await logIn('bjorn', agent);
    const third = await agent.submit(page, '/account/phones/add', { phone: '+46 70 111 22 33' });
    assert.equal(third.status, 409);
    assert.match(third.html, /at most two numbers/);
    const removed = await agent.submit(third, '/account/phones/remove', { phone: '+46709876543' });
    assert.match(removed.html, /The number has been removed/);
    const bjorn = (await accountRow('bjorn'))!;
    assert.deepEqual(await pv.portvakt.secondFactors.phoneNumbers(bjorn.id), ['+46701234567']);
  });

  test('a new e-mail address is added only after a fresh second factor, and with the code sent to it', async () => {
    const { agent, page } = await logIn('anna');
    const refused = await agent.submit(page, '/account/emails/add', { email: 'anna.privat@example.org' });
    assert.equal(refused.status, 403, 'an address is a way in: a session alone does not add one');
    assert.match(refused.html, /first confirm it is you/);
    assert.equal(messaging.outbox.list({ to: 'anna.privat@example.org' }).length, 0, 'no code was sent');
    assert.ok(
      (await auditOf('account.updated')).some(
        (event) =>
          event.outcome === 'failure' &&
          event.detail.field === 'email' &&
          event.detail.reason === 'fresh_second_factor_required',
      ),
    );
    const fresh = await stepUp(agent, 'anna', 'email', 'anna.andersson@example.org');
    const invalid = await agent.submit(fresh, '/account/emails/add', { email: 'not an address' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.html, /Enter an e-mail address/);
    const sent = await agent.submit(invalid, '/account/emails/add', { email: 'Anna.Privat@Example.org' });
    assert.match(sent.html, /We have sent a six-digit code to anna\.privat@example\.org/);
    const mail = messaging.outbox.list({ to: 'anna.privat@example.org' })[0]!;
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    const wrong = await agent.submit(sent, '/account/emails/confirm', {
      code: code === '000000' ? '111111' : '000000',
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /The code is not right/);
    const stored = await pv.portvakt.db.query<{ code_hash: string }>(
      "SELECT code_hash FROM one_time_codes WHERE purpose = 'address'",
    );
    assert.ok(stored.rows.length === 1 && stored.rows[0]!.code_hash !== code, 'only a hash of the code is kept');
    const added = await agent.submit(wrong, '/account/emails/confirm', { code });
    assert.match(added.html, /The e-mail address has been added/);
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    assert.ok(
      anna.identities.some(
        (identity) => identity.type === 'email' && identity.value === 'anna.privat@example.org' && identity.verified,
      ),
    );
    const csrf = /name="csrf" value="([^"]+)"/.exec(added.html)![1]!;
    const reused = await agent.open('/account/emails/confirm', { method: 'POST', form: { csrf, code } });
    assert.equal(reused.status, 400, 'a code works once');
    assert.match(reused.html, /The code is no longer valid/);
    const removed = await agent.submit(reused, '/account/emails/remove', { email: 'anna.privat@example.org' });
    assert.match(removed.html, /The e-mail address has been removed/);
    assert.doesNotMatch(
      removed.html,
      /name="email" value="anna\.andersson@example\.org"/,
      'the main address offers no removal',
    );
    const kept = await agent.open('/account/emails/remove', {
      method: 'POST',
      form: { csrf, email: 'anna.andersson@example.org' },
    });
    assert.ok(
      (await pv.portvakt.accounts.findByLoginName('anna'))!.identities.some(
        (identity) => identity.value === 'anna.andersson@example.org',
      ),
      'the main address stays',
    );
    assert.equal(kept.status, 200);
  });

  test('the download holds the person’s data and no secrets', async () => {
    const { agent } = await logIn('anna');
    const download = await agent.open('/account/export');
    assert.equal(download.status, 200);
    assert.match(
      download.headers.get('content-disposition') ?? '',
      /^attachment; filename="portvakt-account-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    assert.match(download.headers.get('content-type') ?? '', /application\/json/);
    const data = JSON.parse(download.html) as {
      profile: { givenName: string };
      identities: { value: string }[];
      phoneNumbers: { e164: string }[];
      credentials: { type: string }[];
      auditEvents: { type: string }[];
    };
    assert.equal(data.profile.givenName, 'Anna-Karin');
    assert.ok(
      data.identities.some((identity) => identity.value === '198506142382'),
      'the full number, to its owner',
    );
    assert.deepEqual(
      data.phoneNumbers.map((phone) => phone.e164),
      ['+46701234599'],
    );
    assert.ok(data.credentials.some((credential) => credential.type === 'password'));
    assert.ok(data.auditEvents.some((event) => event.type === 'account.phone_changed'));
    const { rows } = await pv.portvakt.db.query<{ secret: string }>(
      "SELECT c.secret FROM credentials c JOIN accounts a ON a.id = c.account_id WHERE a.given_name = 'Anna-Karin'",
    );
    for (const row of rows) assert.ok(!download.html.includes(row.secret), 'no credential secret');
    assert.doesNotMatch(download.html, /"(secret|codeHash|tokenHash|code_hash|payload)"/);
    assert.ok(!download.html.includes(DEMO_PASSWORD));
    assert.ok((await auditOf('account.exported')).length >= 1);
  });

  test('the page session is a strict cookie that lapses after 15 idle minutes; a second factor counts for 10', async () => {
    const { agent, page } = await logIn('anna');
    const sealer = createSealer(pv.config.secretKey!);
    const cookies = new Map(
      agent
        .cookieHeader()
        .split('; ')
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const),
    );
    const session = JSON.parse(sealer.open(cookies.get('portvakt_account')!)) as Record<string, unknown>;
    const withSession = (changes: Record<string, unknown>) =>
      [...cookies]
        .map(
          ([name, value]) =>
            `${name}=${name === 'portvakt_account' ? sealer.seal(JSON.stringify({ ...session, ...changes })) : value}`,
        )
        .join('; ');
    const fresh = await fetch(`${pv.issuer}/account`, {
      headers: { cookie: agent.cookieHeader() },
      redirect: 'manual',
    });
    const renewed = fresh.headers.getSetCookie().find((header) => header.startsWith('portvakt_account='))!;
    assert.match(renewed, /path=\/(;|$)/i, 'Path=/, as a __Host- cookie must have over TLS');
    assert.match(renewed, /httponly/i);
    assert.match(renewed, /samesite=strict/i);
    const idle = await fetch(`${pv.issuer}/account`, {
      headers: { cookie: withSession({ idleUntil: Date.now() - 1000 }) },
      redirect: 'manual',
    });
    assert.equal(idle.status, 302);
    assert.match(idle.headers.get('location') ?? '', /\/auth\?/, 'an idle session logs in again');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.html)![1]!;
    const addPhone = (cookie: string) =>
      fetch(`${pv.issuer}/account/phones/add`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: pv.issuer },
        body: new URLSearchParams({ csrf, phone: '+46 70 555 66 77' }),
      });
    const stale = await addPhone(
      withSession({ amr: ['pwd', 'mfa'], authTime: Math.floor(Date.now() / 1000) - 11 * 60 }),
    );
    assert.equal(stale.status, 403, 'a second factor eleven minutes ago is not fresh');
    const recent = await addPhone(
      withSession({ amr: ['pwd', 'mfa'], authTime: Math.floor(Date.now() / 1000) - 9 * 60 }),
    );
    assert.equal(recent.status, 302);
    const anna = (await accountRow('anna'))!;
    assert.ok((await pv.portvakt.secondFactors.phoneNumbers(anna.id)).includes('+46705556677'));
    await pv.portvakt.secondFactors.removePhoneNumber(anna.id, '+46705556677');
  });

  test('a form without its CSRF token is refused', async () => {
    const { agent } = await logIn('anna');
    const forged = await agent.open('/account/name', {
      method: 'POST',
      form: { given_name: 'Mallory', family_name: 'Evil' },
    });
    assert.equal(forged.status, 403);
    assert.equal((await accountRow('anna'))!.given_name, 'Anna-Karin');
    const noSession = await new UserAgent(pv.issuer, 'en').open('/account/delete', {
      method: 'POST',
      form: { confirm: 'yes', csrf: 'x' },
    });
    assert.equal(noSession.status, 403);
  });

  test('the page is in Swedish, Norwegian and English', async () => {
    const { agent } = await logIn('anna');
    const expected = {
      sv: /Mitt konto.*Telefonnummer för sms-koder.*Ta bort mitt konto/s,
      nb: /Min konto.*Telefonnumre for SMS-koder.*Slett kontoen min/s,
      en: /My account.*Phone numbers for text-message codes.*Delete my account/s,
    };
    for (const [locale, pattern] of Object.entries(expected)) {
      const page = await agent.open(`/account?lang=${locale}`);
      assert.match(page.html, new RegExp(`<html lang="${locale}">`));
      assert.match(page.html, pattern);
    }
    await agent.open('/account?lang=en');
  });

  test('logging out ends the page session and the provider session', async () => {
    const { agent, page } = await logIn('anna');
    const confirm = await agent.submit(page, '/account/logout');
    assert.match(confirm.url, /\/session\/end/);
    const after = confirm.html.includes('<form')
      ? await agent.submit(confirm, '/session/end', { logout: 'yes' })
      : confirm;
    assert.match(after.url, /\/interaction\//, 'back on /account, a new login is asked for');
    assert.ok(!agent.hasCookie('portvakt_account'));
  });

  test('deleting the account removes it, revokes its sessions, and a later login fails', async () => {
    const { agent } = await logIn('bjorn');
    const bjorn = (await accountRow('bjorn'))!;
    const confirm = await agent.open('/account/delete');
    assert.match(confirm.html, /I understand that my account is removed for good/);
    const unticked = await agent.submit(confirm, '/account/delete');
    assert.equal(unticked.status, 400);
    assert.match(unticked.html, /Tick the box to confirm/);
    const refused = await agent.submit(unticked, '/account/delete', { confirm: 'yes' });
    assert.equal(refused.status, 403, 'a session left open is not enough to erase the person');
    assert.ok(await pv.portvakt.accounts.findById(bjorn.id));
    await stepUp(agent, 'bjorn', 'sms-0', '+46701234567');
    const goodbye = await agent.submit(await agent.open('/account/delete'), '/account/delete', { confirm: 'yes' });
    assert.equal(goodbye.status, 200);
    assert.match(goodbye.html, /Your account and the data about you have been removed/);
    assert.equal(await pv.portvakt.accounts.findById(bjorn.id), undefined);
    const left = await pv.portvakt.db.query("SELECT 1 FROM oidc_payloads WHERE payload->>'accountId' = $1", [bjorn.id]);
    assert.equal(left.rows.length, 0, 'no session, grant or token survives');
    assert.deepEqual(
      (await auditOf('account.deleted')).map((event) => event.outcome),
      ['failure', 'success'],
    );
    const home = await agent.open('/account');
    assert.match(home.url, /\/interaction\//, 'the page session ended with the account');
    const retry = await agent.submit(home, '/password', { username: 'bjorn', password: DEMO_PASSWORD });
    assert.match(retry.url, /\/interaction\//);
    assert.match(retry.html, /role="alert"/);
  });
});

// The E-portal's organisation: numbers that receive login codes are set only from its own network,
// where being there is the proof; elsewhere not even a fresh second factor will do.
describe('account page where phone numbers change only from the trusted network', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        http: { trustedProxies: ['127.0.0.1'] },
        networks: { office: ['192.0.2.0/24'] },
        accounts: { accountPagePolicy: 'account' },
        policies: {
          default: { methods: ['password'] },
          account: {
            methods: ['password'],
            secondFactors: ['sms', 'email'],
            trustedNetworks: ['office'],
            phoneChanges: 'trustedNetworkOnly',
          },
        },
      },
    });
    await storeAccountClient(pv);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function logIn(agent: UserAgent, username = 'bjorn', password = DEMO_PASSWORD): Promise<Page> {
    const page = await agent.submit(await agent.open('/account'), '/password', { username, password });
    assert.equal(new URL(page.url).pathname, '/account', page.html);
    return page;
  }

  test('the password is changed with the current one: every other session ends, this one goes on', async () => {
    const fresh = 'Sju-sorters-kakor-2026';
    const here = new UserAgent(pv.issuer, 'en');
    const elsewhere = new UserAgent(pv.issuer, 'en');
    const page = await logIn(here, 'anna');
    await logIn(elsewhere, 'anna');
    assert.match(page.html, /<h2 id="password">Password<\/h2>/);

    const wrong = await here.submit(page, '/account/password', {
      current_password: 'not-it-at-all',
      password: fresh,
      password_repeat: fresh,
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /The current password is not correct/);
    assert.doesNotMatch(wrong.html, new RegExp(fresh), 'a page never sends a password back');
    const mistyped = await here.submit(wrong, '/account/password', {
      current_password: DEMO_PASSWORD,
      password: fresh,
      password_repeat: `${fresh}!`,
    });
    assert.match(mistyped.html, /The passwords in the two fields are not the same/);
    const done = await here.submit(mistyped, '/account/password', {
      current_password: DEMO_PASSWORD,
      password: fresh,
      password_repeat: fresh,
    });
    assert.equal(new URL(done.url).pathname, '/account');
    assert.match(done.html, /The password has been changed\. You have been logged out everywhere except here\./);
    assert.equal(new URL((await here.open('/account')).url).pathname, '/account', 'this page goes on');
    assert.match((await elsewhere.open('/account')).url, /\/interaction\//, 'the other browser is logged out');

    const stranger = new UserAgent(pv.issuer, 'en');
    const old = await stranger.submit(await stranger.open('/account'), '/password', {
      username: 'anna',
      password: DEMO_PASSWORD,
    });
    assert.match(old.html, /not correct/, 'the old password no longer works');
    const withNew = await logIn(new UserAgent(pv.issuer, 'en'), 'anna', fresh);
    assert.equal(new URL(withNew.url).pathname, '/account', 'the new password logs in');
    const notice = messaging.outbox.list({ to: 'anna.andersson@example.org' })[0]!;
    assert.match(notice.text, /byttes lösenordet på kontosidan/);
    const [event] = await pv.portvakt.audit.find({ type: 'account.password_set', latest: 1 });
    assert.deepEqual(
      [event!.outcome, event!.detail.via, event!.detail.proof],
      ['success', 'account_page', 'current_password'],
    );
  });

  test('wrong current passwords run out, and the page offers a code instead', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    let page = await logIn(agent, 'bjorn');
    for (let attempt = 0; attempt < 5; attempt += 1)
      page = await agent.submit(page, '/account/password', {
        current_password: `wrong-${attempt}`,
        password: 'Ett-helt-nytt-losen-1',
        password_repeat: 'Ett-helt-nytt-losen-1',
      });
    const held = await agent.submit(page, '/account/password', {
      current_password: DEMO_PASSWORD,
      password: 'Ett-helt-nytt-losen-1',
      password_repeat: 'Ett-helt-nytt-losen-1',
    });
    assert.equal(held.status, 429);
    assert.match(
      held.html,
      /Too many wrong tries with the current password\. Wait 15 minutes, or confirm it is you with a code instead\./,
    );
  });

  test('from the office a number is removed with no second factor asked', async () => {
    const agent = new UserAgent(pv.issuer, 'en', { headers: { 'x-forwarded-for': '192.0.2.10' } });
    const page = await logIn(agent);
    assert.doesNotMatch(page.html, /To change phone numbers or two-step verification, first confirm/);
    const removed = await agent.submit(page, '/account/phones/remove', { phone: '+46709876543' });
    assert.match(removed.html, /The number has been removed/);
  });

  test('from elsewhere the page says where to go, and even a fresh second factor changes nothing', async () => {
    const agent = new UserAgent(pv.issuer, 'en', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const page = await logIn(agent);
    assert.match(page.html, /can be changed only from the organisation’s own network/);
    assert.doesNotMatch(page.html, /action="\/account\/phones\/add"/, 'no form that could only be refused');
    const stepUp = await agent.submit(await agent.open('/account/step-up'), '/password', {
      username: 'bjorn',
      password: DEMO_PASSWORD,
    });
    const sent = await agent.submit(stepUp, '/second-factor/choose', { factor: 'email' });
    const fresh = await agent.submit(sent, '/second-factor/code', {
      code: messaging.latestCode('bjorn.berg@example.org'),
    });
    assert.equal(new URL(fresh.url).pathname, '/account', fresh.html);
    // A form sent all the same (an old tab, a crafted request) is refused.
    const csrf = /name="csrf" value="([^"]+)"/.exec(fresh.html)![1]!;
    const refused = await agent.open('/account/phones/add', { method: 'POST', form: { csrf, phone: '070-123 45 99' } });
    assert.equal(refused.status, 403);
    assert.match(refused.html, /role="alert">The phone numbers that receive login codes can be changed only/);
    const bjorn = await pv.portvakt.accounts.findByLoginName('bjorn');
    assert.deepEqual(await pv.portvakt.secondFactors.phoneNumbers(bjorn!.id), ['+46701234567']);
    const [event] = await pv.portvakt.audit.find({ type: 'account.phone_changed', latest: 1 });
    assert.deepEqual([event!.outcome, event!.detail.reason], ['failure', 'trusted_network_required']);
  });
});
