// Journeys of Exempelstatistik's respondent in Chromium, in Swedish and English, with the demo's
// `totp` policy, privacy notice and brand (config/demo.yaml): an operator invites the person through
// the admin API; the person opens the link from the e-mail in the outbox, proves the address with
// the e-mailed code (a wrong one first), enrols an authenticator app, chooses a strong password (a
// weak one is refused with the rules named) and gets the recovery codes. Then Datainsamling: the
// password, the app's code, Exempelstatistik's privacy notice, and Inlämning shows the claims
// (loa2, otp). Every screen carries Exempelstatistik's look, not Portvakt's. Logging out from the
// portal ends Portvakt's session without a question, since the portal's ID token is the hint.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { adminClient } from '../support/admin-client.ts';
import { startDatainsamling } from '../../samples/datainsamling/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from '../samples/free-port.ts';
import { arrivedAt, demoPolicies, DESKTOP, Journey, journeyFolder, PHONE, type Lang } from './journey.ts';

const JOURNEY = 'datainsamling-invitation';
const BRAND = 'Exempelstatistik';
const SERVICE = 'Datainsamling';
type JourneyLang = Extract<Lang, 'sv' | 'en'>;

const TEXT: Record<
  JourneyLang,
  {
    subject: RegExp;
    invitationTitle: string;
    intro: string;
    send: string;
    codeLabel: string;
    continue: string;
    codeWrong: string;
    enrolTitle: string;
    enrolCode: string;
    passwordTitle: string;
    newPassword: string;
    repeatPassword: string;
    createAccount: string;
    broken: string;
    rules: string[];
    readyTitle: string;
    ready: string;
    recoveryTitle: string;
    readyLink: string;
    username: RegExp;
    password: RegExp;
    totpTitle: string;
    totpLabel: string;
    confirm: string;
    noticeTitle: string;
    notice: RegExp[];
    accept: string;
  }
> = {
  sv: {
    subject: /^Du är inbjuden till Datainsamling$/,
    invitationTitle: 'Inbjudan',
    intro: `${BRAND} har bjudit in {email} att skapa ett konto för ${SERVICE}.`,
    send: 'Skicka kod',
    codeLabel: 'Koden i e-postmeddelandet (sex siffror)',
    continue: 'Fortsätt',
    codeWrong: 'Koden stämmer inte. Kontrollera e-postmeddelandet och försök igen.',
    enrolTitle: 'Koppla en autentiseringsapp',
    enrolCode: 'Koden som appen visar',
    passwordTitle: 'Välj ett lösenord',
    newPassword: 'Nytt lösenord',
    repeatPassword: 'Upprepa det nya lösenordet',
    createAccount: 'Skapa kontot',
    broken: 'Lösenordet uppfyller inte:',
    rules: ['Minst 12 tecken', 'Minst en versal (A–Z)', 'Minst en siffra', 'Minst ett specialtecken'],
    readyTitle: 'Du är klar',
    ready: `Ditt konto är klart. Nu kan du logga in på ${SERVICE}.`,
    recoveryTitle: 'Spara dina reservkoder',
    readyLink: `Logga in på ${SERVICE}`,
    username: /^Användarnamn/,
    password: /^Lösenord$/,
    totpTitle: 'Kod från autentiseringsappen',
    totpLabel: 'Sexsiffrig kod eller reservkod',
    confirm: 'Bekräfta',
    noticeTitle: 'Behandling av personuppgifter',
    notice: [
      /Läs och godkänn informationen för att fortsätta till Datainsamling/,
      /Exempelstatistik \(statistikansvarig myndighet\)/,
      /lagen \(2001:99\) om den officiella statistiken/,
      /Version 2026-1/,
    ],
    accept: 'Jag har läst och godkänner',
  },
  en: {
    subject: /^You are invited to Datainsamling$/,
    invitationTitle: 'Invitation',
    intro: `${BRAND} has invited {email} to create an account for ${SERVICE}.`,
    send: 'Send code',
    codeLabel: 'The code in the e-mail (six digits)',
    continue: 'Continue',
    codeWrong: 'The code is not right. Check the e-mail and try again.',
    enrolTitle: 'Set up an authenticator app',
    enrolCode: 'The code the app shows',
    passwordTitle: 'Choose a password',
    newPassword: 'New password',
    repeatPassword: 'Repeat the new password',
    createAccount: 'Create the account',
    broken: 'The password does not meet:',
    rules: [
      'At least 12 characters',
      'At least one upper-case letter (A–Z)',
      'At least one digit',
      'At least one special character',
    ],
    readyTitle: 'You are ready',
    ready: `Your account is ready. You can now log in to ${SERVICE}.`,
    recoveryTitle: 'Keep your recovery codes',
    readyLink: `Log in to ${SERVICE}`,
    username: /^Username/,
    password: /^Password$/,
    totpTitle: 'Code from your authenticator app',
    totpLabel: 'Six-digit code or recovery code',
    confirm: 'Confirm',
    noticeTitle: 'How your personal data is handled',
    notice: [
      /Read and accept this to continue to Datainsamling/,
      /Exempelstatistik \(a Swedish authority responsible for official statistics\)/,
      /Swedish Official Statistics Act \(2001:99\)/,
      /Version 2026-1/,
    ],
    accept: 'I have read and accept',
  },
};

// A respondent per language, each answering for their own company.
const RESPONDENT: Record<JourneyLang, { email: string; weak: string; strong: string }> = {
  sv: { email: 'karin.lind@bageriet-exempelby.example', weak: 'statistik', strong: 'Omsättning-2026-kvartal!' },
  en: { email: 'sam.reed@harbour-freight.example', weak: 'statistics', strong: 'Turnover-2026-quarter!' },
};

describe('journeys of the Datainsamling respondent', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let messaging: Messaging;
  let portal: RunningPortal;
  let operatorToken: () => Promise<string>;
  before(async () => {
    const port = await freePort();
    const client = portalClient('datainsamling', port, {
      client_name: SERVICE,
      scope: 'openid profile email',
      login_policy: 'totp',
    });
    const [demo, operator] = await Promise.all([demoPolicies(), adminClient()]);
    messaging = await startMessaging();
    const config = {
      ...messaging.config,
      clients: [client, operator.metadata],
      policies: {
        default: demo.policies!.default!,
        // The demo's policy completes invitations with an app and a password by default; said here,
        // since this journey is about exactly that.
        totp: { ...demo.policies!.totp!, invitationCompletion: 'authenticatorAndPassword' as const },
      },
      privacyNotices: { datainsamling: demo.privacyNotices!.datainsamling! },
      brands: { exempelstatistik: demo.brands!.exempelstatistik! },
    };
    [pv, browser] = await Promise.all([startPortvakt({ config }), launchBrowser()]);
    operatorToken = () => operator.token(pv.issuer);
    portal = await startDatainsamling({
      issuer: pv.issuer,
      port,
      host: '127.0.0.1',
      clientId: client.client_id,
      clientSecret: client.client_secret,
      allowInsecureIssuer: true,
    });
    console.log(`# screenshots: ${journeyFolder(JOURNEY)}`);
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
    await pv?.close();
    await messaging?.close();
  });

  /** The operator's call: an invitation for Datainsamling, its e-mail in the respondent's language. */
  async function invite(email: string, lang: JourneyLang): Promise<string> {
    const response = await fetch(`${pv.issuer}/admin/v1/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await operatorToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, client_id: 'datainsamling', locale: lang }),
    });
    const body = (await response.json()) as { state: string; email_sent: boolean };
    assert.equal(response.status, 201, JSON.stringify(body));
    assert.equal(body.state, 'pending');
    assert.equal(body.email_sent, true);
    const mail = messaging.outbox.list({ to: email }).find((message) => /\/invitation\//.test(message.text));
    assert.ok(mail, `an invitation e-mail went to ${email}`);
    assert.match(mail.subject ?? '', TEXT[lang].subject);
    assert.match(mail.from, new RegExp(BRAND), 'the e-mail comes from the organisation');
    return /(http:\/\/\S+\/invitation\/[\w-]{43})/.exec(mail.text)?.[1] ?? assert.fail(mail.text);
  }

  /** The newest six-digit code e-mailed to `email`, once it has arrived. */
  async function emailedCode(email: string, sentBefore: number): Promise<string> {
    const deadline = Date.now() + 5000;
    while (messaging.outbox.list({ to: email }).length <= sentBefore) {
      if (Date.now() > deadline) throw new Error(`no code e-mailed to ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [newest] = messaging.outbox.list({ to: email });
    return /^\s+(\d{6})\s*$/m.exec(newest!.text)?.[1] ?? assert.fail(newest!.text);
  }

  /** The header names the organisation, and its logo; Portvakt stays out of sight. */
  async function carriesBrand(page: Page, screen: string): Promise<void> {
    const header = page.locator('header.top');
    const brand = (await header.locator('.brand').innerText()).trim();
    assert.equal(brand, BRAND, `${screen}: the header names ${BRAND}`);
    assert.equal(await header.locator('img.brand-logo').count(), 1, `${screen}: the organisation's logo`);
    assert.doesNotMatch(await header.innerText(), /Portvakt/, `${screen}: no Portvakt in the header`);
    assert.match(await page.title(), new RegExp(`– ${BRAND}$`), `${screen}: the title names ${BRAND}`);
  }

  /**
   * The authenticator code for the first time step after `usedStep` that Portvakt accepts now: the
   * enrolment used its step, and a step once used is refused (replay).
   */
  async function nextTotp(secret: string, usedStep: number): Promise<string> {
    const step = Math.max(usedStep + 1, Math.floor(Date.now() / 30_000));
    return generate({ secret, epoch: step * 30 });
  }

  for (const lang of ['sv', 'en'] as const) {
    test(`an invited respondent enrols an app and a password, logs in to Datainsamling and logs out (${lang})`, async () => {
      const text = TEXT[lang];
      const person = RESPONDENT[lang];
      const link = await invite(person.email, lang);

      // The invitation, in the browser's language: first the e-mailed code.
      const journey = new Journey(browser, JOURNEY, lang);
      const page = await journey.page();
      await page.goto(link);
      await page.getByRole('button', { name: text.send }).waitFor();
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), text.invitationTitle);
      assert.match(
        await page.locator('main').innerText(),
        new RegExp(escape(text.intro.replace('{email}', person.email))),
      );
      await carriesBrand(page, 'invitation');
      await journey.portvakt(page, 'invitation');
      const sentBefore = messaging.outbox.list({ to: person.email }).length;
      await page.getByRole('button', { name: text.send }).click();
      await page.getByLabel(text.codeLabel).waitFor();
      await journey.portvakt(page, 'invitation-code');
      const code = await emailedCode(person.email, sentBefore);
      await page.getByLabel(text.codeLabel).fill(code === '000000' ? '000001' : '000000');
      await page.getByRole('button', { name: text.continue }).click();
      await page.getByRole('alert').waitFor();
      assert.equal((await page.getByRole('alert').innerText()).trim(), text.codeWrong);
      await carriesBrand(page, 'invitation-code-wrong');
      await journey.portvakt(page, 'invitation-code-wrong');
      await page.getByLabel(text.codeLabel).fill(code);
      await page.getByRole('button', { name: text.continue }).click();

      // The authenticator app: the key as the page shows it, and the app's code.
      await page.getByRole('heading', { name: text.enrolTitle }).waitFor();
      await carriesBrand(page, 'invitation-authenticator');
      await journey.portvakt(page, 'invitation-authenticator');
      const secret = (await page.locator('code.secret').getAttribute('data-totp-secret')) ?? assert.fail('no key');
      const enrolledAt = Date.now();
      await page.getByLabel(text.enrolCode).fill(await generate({ secret, epoch: Math.floor(enrolledAt / 1000) }));
      const usedStep = Math.floor(enrolledAt / 30_000);
      await page.getByRole('button', { name: text.continue }).click();

      // The password: the rules are listed first; a weak one is refused with the broken rules named.
      await page.getByRole('heading', { name: text.passwordTitle }).waitFor();
      await journey.portvakt(page, 'invitation-password');
      await page.getByLabel(text.newPassword, { exact: true }).fill(person.weak);
      await page.getByLabel(text.repeatPassword).fill(person.weak);
      await page.getByRole('button', { name: text.createAccount }).click();
      await page.getByRole('alert').waitFor();
      const refusal = await page.getByRole('alert').innerText();
      assert.match(refusal, new RegExp(`^${escape(text.broken)}`));
      for (const rule of text.rules) assert.ok(refusal.includes(rule), `the refusal names “${rule}”: ${refusal}`);
      await journey.portvakt(page, 'invitation-password-refused');
      await page.getByLabel(text.newPassword, { exact: true }).fill(person.strong);
      await page.getByLabel(text.repeatPassword).fill(person.strong);
      await page.getByRole('button', { name: text.createAccount }).click();

      // Ready: the recovery codes, once, and the way to the portal.
      await page.getByRole('heading', { name: text.readyTitle }).waitFor();
      assert.equal((await page.getByRole('status').innerText()).trim(), text.ready);
      await page.getByRole('heading', { name: text.recoveryTitle }).waitFor();
      assert.equal(await page.locator('ul.recovery-codes li code').count(), 10, 'ten recovery codes');
      await carriesBrand(page, 'invitation-ready');
      await journey.portvakt(page, 'invitation-ready');
      const account = await pv.portvakt.accounts.findByLoginName(person.email);
      assert.equal(account?.status, 'active');

      // Datainsamling: the start page, then Portvakt's login in the journey's language.
      await page.getByRole('link', { name: text.readyLink }).click();
      await page.waitForURL(`${portal.url}/`);
      assert.match(await page.locator('main').innerText(), /Här lämnar ditt företag uppgifter till Exempelstatistiks/);
      await journey.portal(page, 'portal-start');
      await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
      await arrivedAt(page, pv.issuer);
      await journey.pickLanguage(page);
      await page.getByLabel(text.password).waitFor();
      await carriesBrand(page, 'password');
      await journey.portvakt(page, 'password');
      await page.getByLabel(text.username).fill(person.email);
      await page.getByLabel(text.password).fill(person.strong);
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { name: text.totpTitle }).waitFor();
      await carriesBrand(page, 'authenticator-code');
      await journey.portvakt(page, 'authenticator-code');
      await page.getByLabel(text.totpLabel).fill(await nextTotp(secret, usedStep));
      await page.getByRole('button', { name: text.confirm }).click();

      await page.getByRole('heading', { name: text.noticeTitle }).waitFor();
      const notice = await page.locator('main').innerText();
      for (const expected of text.notice) assert.match(notice, expected);
      await carriesBrand(page, 'privacy-notice');
      await journey.portvakt(page, 'privacy-notice');
      await page.getByRole('button', { name: text.accept }).click();

      // Inlämning: what the login told the portal.
      await page.waitForURL(`${portal.url}/inlamning`);
      await claimsAreShown(page, account!.id, person.email);
      await journey.portal(page, 'portal-inlamning');
      await page.setViewportSize(PHONE);
      await journey.portal(page, 'portal-inlamning-phone');
      await page.setViewportSize(DESKTOP);

      // Logging out: the portal names this session in its ID token hint, so Portvakt asks nothing.
      // Its logout page confirms by itself: the browser goes from end_session to its confirmation
      // and back to the portal with nothing pressed here (a question would leave it waiting).
      const atPortvakt: string[] = [];
      const issuerOrigin = new URL(pv.issuer).origin;
      const noteRequest = (request: { url(): string; method(): string }) => {
        const url = new URL(request.url());
        if (url.origin === issuerOrigin && url.pathname.startsWith('/session/end'))
          atPortvakt.push(`${request.method()} ${url.pathname}`);
      };
      page.on('request', noteRequest);
      await page.getByRole('button', { name: 'Logga ut' }).click();
      await page.waitForURL(`${portal.url}/`);
      page.off('request', noteRequest);
      assert.deepEqual(atPortvakt, ['GET /session/end', 'POST /session/end/confirm'], 'Portvakt logged out unasked');
      assert.equal(await page.getByRole('button', { name: 'Logga ut' }).count(), 0);
      await journey.portal(page, 'portal-logged-out');

      // Portvakt's session ended too: the next login asks for the password again.
      await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
      await arrivedAt(page, pv.issuer);
      await page.getByLabel(text.password).waitFor();
      await carriesBrand(page, 'password-after-logout');
      await journey.portvakt(page, 'password-after-logout');
      await journey.close();
    });
  }
});

/** The rows of Inlämning's claims table: the login was loa2, with the password and the app's code. */
async function claimsAreShown(page: Page, accountId: string, email: string): Promise<void> {
  const row = async (name: string) => {
    const tr = page.getByRole('row').filter({ has: page.locator('th code', { hasText: new RegExp(`^${name}$`) }) });
    const cells = [await tr.getByRole('rowheader').innerText(), ...(await tr.getByRole('cell').allInnerTexts())];
    return cells.map((cell) => cell.trim());
  };
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Inlämning');
  assert.deepEqual((await row('sub')).slice(1), [accountId, 'båda']);
  assert.deepEqual((await row('acr')).slice(1), [
    'http://id.elegnamnden.se/loa/1.0/loa2 – nivå 2 (två faktorer)',
    'ID-token',
  ]);
  assert.deepEqual((await row('amr')).slice(1), [
    'pwd (lösenord), otp (engångskod från app), mfa (flera faktorer)',
    'ID-token',
  ]);
  assert.deepEqual((await row('email')).slice(1), [email, 'UserInfo']);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
