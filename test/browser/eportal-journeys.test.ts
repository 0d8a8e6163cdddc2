// Journeys through the E-portal in Chromium with the demo's `teachers` and `staff` policies, from
// outside the trusted networks (the browser is on 127.0.0.1): the password, then a code by SMS or
// e-mail read from the outbox, and the payslip opens. Then the person idles: the portal's clock is
// injected and moved forward, and its idle logout ends Portvakt's session as well.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { startSamlWorld, type SamlWorld } from '../upstream/saml-world.ts';
import { startEportalStaff, startEportalTeachers } from '../../samples/eportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from '../samples/free-port.ts';
import { arrivedAt, demoPolicies, Journey, journeyFolder, LANGS, type Lang } from './journey.ts';

const IDLE_NOTICE = 'Du loggades ut efter 15 minuters inaktivitet.';
const SIXTEEN_MINUTES = 16 * 60 * 1000;

const TEXT: Record<
  Lang,
  {
    username: RegExp;
    password: RegExp;
    sms: RegExp;
    email: RegExp;
    next: string;
    code: string;
    confirm: string;
    staff: string;
  }
> = {
  sv: {
    username: /^Användarnamn/,
    password: /^Lösenord$/,
    sms: /^SMS till/,
    email: /^E-post till/,
    next: 'Fortsätt',
    code: 'Engångskod',
    confirm: 'Bekräfta',
    staff: 'Inloggning för personal',
  },
  nb: {
    username: /^Brukernavn/,
    password: /^Passord$/,
    sms: /^SMS til/,
    email: /^E-post til/,
    next: 'Fortsett',
    code: 'Engangskode',
    confirm: 'Bekreft',
    staff: 'Innlogging for ansatte',
  },
  en: {
    username: /^Username/,
    password: /^Password$/,
    sms: /^Text message to/,
    email: /^E-mail to/,
    next: 'Continue',
    code: 'One-time code',
    confirm: 'Confirm',
    staff: 'Staff login',
  },
};

// Who logs in in which language, and where the code goes: Björn has phones, Anna only an address.
const PERSON: Record<Lang, { username: string; factor: 'sms' | 'email'; to: string }> = {
  sv: { username: 'bjorn', factor: 'sms', to: '+46701234567' },
  nb: { username: 'anna', factor: 'email', to: 'anna.andersson@example.org' },
  en: { username: 'bjorn', factor: 'email', to: 'bjorn.berg@example.org' },
};

describe('journeys through the E-portal', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let messaging: Messaging;
  let saml: SamlWorld;
  let teachers: RunningPortal;
  let staff: RunningPortal;
  let clock = Date.now();
  before(async () => {
    const [teachersPort, staffPort] = [await freePort(), await freePort()];
    const teachersClient = portalClient('eportal-teachers', teachersPort, {
      scope: 'openid profile email',
      login_policy: 'teachers',
    });
    const staffClient = portalClient('eportal-staff', staffPort, {
      scope: 'openid profile email',
      login_policy: 'staff',
    });
    [messaging, saml] = await Promise.all([startMessaging(), startSamlWorld()]);
    const demo = await demoPolicies();
    const staffIdp = saml.samlConfig('personal', {
      linking: {
        by: ['se_personal_number', 'email'],
        authoritativeEmailDomains: ['example.org'],
        onNoMatch: 'provision',
      },
    });
    [pv, browser] = await Promise.all([
      startPortvakt({
        config: { ...messaging.config, ...demo, saml: [staffIdp], clients: [teachersClient, staffClient] },
      }),
      launchBrowser(),
    ]);
    await saml.trust(pv.issuer, 'personal');
    const common = { issuer: pv.issuer, host: '127.0.0.1', allowInsecureIssuer: true, now: () => clock };
    teachers = await startEportalTeachers({
      ...common,
      port: teachersPort,
      clientId: teachersClient.client_id,
      clientSecret: teachersClient.client_secret,
    });
    staff = await startEportalStaff({
      ...common,
      port: staffPort,
      clientId: staffClient.client_id,
      clientSecret: staffClient.client_secret,
    });
    for (const name of ['eportal-code-and-idle', 'eportal-staff-saml'])
      console.log(`# screenshots: ${journeyFolder(name)}`);
  });
  after(async () => {
    await browser?.close();
    await teachers?.close();
    await staff?.close();
    await pv?.close();
    await messaging?.close();
    await saml?.close();
  });

  /** Portvakt's second step: the way to get the code, a wrong code, then the right one from the outbox. */
  async function secondFactor(journey: Journey, page: Page, factor: 'sms' | 'email', to: string): Promise<void> {
    const text = TEXT[journey.lang];
    await page.getByRole('button', { name: text.next }).waitFor();
    await journey.portvakt(page, 'second-factor');
    const sentBefore = messaging.outbox.list({ to }).length;
    await page.getByLabel(text[factor]).first().check();
    await page.getByRole('button', { name: text.next }).click();
    await page.getByLabel(text.code).waitFor();
    await journey.portvakt(page, 'code');
    await page.getByLabel(text.code).fill('ZZZZZZ');
    await page.getByRole('button', { name: text.confirm }).click();
    await page.getByRole('alert').waitFor();
    await journey.portvakt(page, 'code-wrong');
    assert.equal(messaging.outbox.list({ to }).length, sentBefore + 1, `one code went to ${to}`);
    await page.getByLabel(text.code).fill(messaging.latestCode(to));
    await page.getByRole('button', { name: text.confirm }).click();
  }

  /**
   * The portal's idle limit has passed: it sends the person through Portvakt's logout with the ID
   * token as hint, which ends Portvakt's session too without asking, and back to the portal.
   */
  async function idleLogout(journey: Journey, page: Page): Promise<void> {
    clock += SIXTEEN_MINUTES;
    await page.goto(`${teachers.url}/vab`);
    await page.waitForURL(`${teachers.url}/`);
    assert.equal(await page.getByRole('status').innerText(), IDLE_NOTICE);
    await journey.portal(page, 'portal-idle-notice');
  }

  for (const lang of LANGS) {
    test(`outside the trusted network: a code from the outbox opens the payslip; idling ends the login (${lang})`, async () => {
      const person = PERSON[lang];
      const text = TEXT[lang];
      const journey = new Journey(browser, 'eportal-code-and-idle', lang);
      const page = await journey.page();
      await page.goto(`${teachers.url}/lonespecifikation`);
      await arrivedAt(page, pv.issuer);
      await journey.pickLanguage(page);
      await journey.portvakt(page, 'password');
      await page.getByLabel(text.username).fill(person.username);
      await page.getByLabel(text.password).fill(DEMO_PASSWORD);
      await page.keyboard.press('Enter');
      await secondFactor(journey, page, person.factor, person.to);
      await page.waitForURL(`${teachers.url}/lonespecifikation`);
      assert.match(await page.locator('main').innerText(), /Att betala ut\s+27 300 kr/);
      await journey.portal(page, 'portal-payslip');

      // Fifteen idle minutes end the portal's login and Portvakt's: "Logga in" asks for the password again.
      await idleLogout(journey, page);
      await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
      await arrivedAt(page, pv.issuer);
      await page.getByLabel(text.password).waitFor();
      await journey.portvakt(page, 'password-after-idle');
      await journey.close();
    });
  }

  test('the staff entrance: the staff SAML IdP vouches for loa2, so no code is asked and the payslip opens (en)', async () => {
    const journey = new Journey(browser, 'eportal-staff-saml', 'en', { ignoreHTTPSErrors: true });
    const page = await journey.page();
    await page.goto(`${staff.url}/`);
    await journey.portal(page, 'portal-services');
    await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
    await arrivedAt(page, pv.issuer);
    await journey.pickLanguage(page);
    await journey.portvakt(page, 'chooser');
    const codesBefore = messaging.outbox.size;
    await page.getByRole('link', { name: TEXT.en.staff, exact: true }).click();
    await arrivedAt(page, saml.idp.url);
    await journey.portal(page, 'idp-login');
    await page.getByRole('button', { name: /^Anna Andersson \(E1001/ }).click();
    // A second factor follows password logins only; the organisation's IdP login is loa2 already.
    await page.waitForURL(`${staff.url}/`);
    assert.equal(messaging.outbox.size, codesBefore, 'no code was sent');
    assert.match(await page.locator('header').innerText(), /Personal \(administrativa nätet\)/);
    assert.match(await page.locator('main').innerText(), /Inloggad som Anna Andersson\./);
    await journey.portal(page, 'portal-services-signed-in');
    await page.getByRole('link', { name: 'Lönespecifikation' }).click();
    assert.match(await page.locator('main').innerText(), /Att betala ut\s+27 300 kr/);
    await journey.portal(page, 'portal-payslip');
    await journey.close();
  });
});
