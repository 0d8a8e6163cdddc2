// The e-portal's two entrances in Chromium against a real Portvakt: services follow the login's
// acr/amr (a password alone leaves the payslip locked, a code by SMS opens it, and so does a step-up
// to loa2 over the single sign-on session, even on the office network) and its network (the SMS
// numbers open only to a login from the office network, and lead to Portvakt's account page), and
// 15 idle minutes on the injected clock end the portal and the Portvakt session with the reason shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { startEportalStaff, startEportalTeachers } from '../../samples/eportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from './free-port.ts';
import { accessible, atPhoneSize, confirmPortvaktLogout, expectPortvaktLogin, passwordLogin } from './pages.ts';

describe('E-portal sample', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let messaging: Messaging;
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
    messaging = await startMessaging();
    const policies = {
      default: { methods: ['password' as const] },
      // As if from the school network: the password is enough.
      teachers: { methods: ['password' as const], secondFactor: 'never' as const },
      staff: {
        methods: ['password' as const],
        secondFactor: 'outsideTrustedNetworks' as const,
        secondFactors: ['sms' as const],
        trustedNetworks: ['office'],
      },
    };
    // The browser reaches Portvakt from 127.0.0.1, taken here for the office's proxy: a login that
    // it forwards from 10.20/16 comes from the office network.
    const networks = { office: ['10.20.0.0/16'] };
    const config = {
      ...messaging.config,
      http: { trustedProxies: ['127.0.0.1'] },
      networks,
      clients: [teachersClient, staffClient],
      policies,
    };
    [pv, browser] = await Promise.all([startPortvakt({ config }), launchBrowser()]);
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
  });
  after(async () => {
    await browser?.close();
    await teachers?.close();
    await staff?.close();
    await pv?.close();
    await messaging?.close();
  });

  test('a password-only login leaves the payslip locked; 15 idle minutes log out of portal and Portvakt', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${teachers.url}/`);
    assert.match(await page.locator('header').innerText(), /E-portal – Lärare \(skolnätet\)/);
    assert.match(
      await page.locator('main').innerText(),
      /Anmäl vård av barn \(VAB\) – inte tillgänglig\. Kräver inloggning\./,
    );
    await accessible(page, 'eportal-anonymous');
    await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
    await passwordLogin(page, pv.issuer, 'anna');
    await page.waitForURL(`${teachers.url}/`);
    const services = await page.locator('main').innerText();
    assert.match(
      services,
      /Lönespecifikation – inte tillgänglig\. Lönespecifikationen kräver inloggning med två faktorer/,
    );
    assert.match(
      services,
      /Hantera SMS-nummer – inte tillgänglig\. Erbjuds bara när du loggat in från kontorets nätverk\. Den här inloggningen kom från ett annat nätverk/,
    );
    assert.equal(await page.getByRole('link', { name: 'Lönespecifikation' }).count(), 0);
    const stepUp = new URL(
      (await page.getByRole('link', { name: 'Logga in med två faktorer' }).getAttribute('href'))!,
      teachers.url,
    );
    assert.equal(stepUp.pathname, '/login');
    assert.equal(stepUp.searchParams.get('returnTo'), '/lonespecifikation');
    assert.equal(stepUp.searchParams.get('acr_values'), 'http://id.elegnamnden.se/loa/1.0/loa2');
    await accessible(page, 'eportal-password-only');

    await page.goto(`${teachers.url}/lonespecifikation`);
    assert.match(
      await page.getByRole('alert').innerText(),
      /^Inte tillgänglig: Lönespecifikationen kräver inloggning med två faktorer/,
    );
    await accessible(page, 'eportal-payslip-locked');
    await page.goto(`${teachers.url}/`);
    await page.getByRole('link', { name: 'Anmäl vård av barn (VAB)' }).click();
    await page.getByLabel(/Datum för vård av barn/).fill('2026-11-23');
    await page.getByRole('button', { name: 'Anmäl' }).click();
    await page.waitForURL(`${teachers.url}/vab`);
    assert.match(await page.locator('main').innerText(), /Anmälda dagar\s+2026-11-23/);
    await accessible(page, 'eportal-vab');
    await atPhoneSize(page, teachers.url, {
      'eportal-services': '/',
      'eportal-vab': '/vab',
      'eportal-sms-numbers-locked': '/sms-nummer',
    });

    clock += 14 * 60 * 1000;
    await page.goto(`${teachers.url}/vab`);
    assert.equal(new URL(page.url()).origin, teachers.url, 'fourteen idle minutes are not yet fifteen');
    clock += 15 * 60 * 1000;
    await page.goto(`${teachers.url}/vab`);
    await confirmPortvaktLogout(page);
    await page.waitForURL(`${teachers.url}/`);
    assert.equal(await page.getByRole('status').innerText(), 'Du loggades ut efter 15 minuters inaktivitet.');
    assert.equal(await page.getByRole('button', { name: 'Logga ut' }).count(), 0);
    await accessible(page, 'eportal-idle-logout');
    await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
    await expectPortvaktLogin(page, pv.issuer);
    await context.close();
  });

  test('from outside the office a code by SMS opens the payslip; the SMS numbers stay closed', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${staff.url}/lonespecifikation`);
    await passwordLogin(page, pv.issuer, 'bjorn');
    await page.getByLabel('SMS till +46…67').check();
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await page.getByLabel('Engångskod').fill(messaging.latestCode('+46701234567'));
    await page.getByRole('button', { name: 'Bekräfta' }).click();
    await page.waitForURL(`${staff.url}/lonespecifikation`);
    assert.match(await page.locator('main').innerText(), /Att betala ut\s+27 300 kr/);
    await accessible(page, 'eportal-payslip');
    await page.goto(`${staff.url}/`);
    assert.equal(await page.getByRole('link', { name: 'Lönespecifikation' }).count(), 1);
    assert.match(await page.locator('header').innerText(), /Personal \(administrativa nätet\)/);
    await atPhoneSize(page, staff.url, { 'eportal-payslip': '/lonespecifikation' });
    await context.close();
  });

  test('from the office network the password is enough and opens the SMS numbers, not the payslip', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', extraHTTPHeaders: { 'x-forwarded-for': '10.20.4.2' } });
    const page = await context.newPage();
    await page.goto(`${staff.url}/sms-nummer`);
    await passwordLogin(page, pv.issuer, 'bjorn');
    await page.waitForURL(`${staff.url}/sms-nummer`);
    assert.match(
      await page.locator('main').innerText(),
      /Dina SMS-nummer är de nummer som Portvakt skickar dina inloggningskoder till\. .*bara från kontorets nätverk/,
    );
    const manage = page.getByRole('link', { name: 'Hantera SMS-nummer i Portvakt' });
    assert.equal(await manage.getAttribute('href'), `${pv.issuer}/account#phones`);
    await accessible(page, 'eportal-sms-numbers');
    await manage.click();
    await page.waitForURL((url) => url.origin === pv.issuer && url.pathname.startsWith('/account'), {
      waitUntil: 'commit',
    });
    await page.goto(`${staff.url}/`);
    const services = await page.locator('main').innerText();
    assert.equal(await page.getByRole('link', { name: 'Hantera SMS-nummer' }).count(), 1);
    assert.match(
      services,
      /Lönespecifikation – inte tillgänglig\. Lönespecifikationen kräver inloggning med två faktorer/,
    );
    await context.close();
  });

  test('from the office network "Logga in med två faktorer" asks Portvakt for loa2: a code by SMS, no password, opens the payslip', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', extraHTTPHeaders: { 'x-forwarded-for': '10.20.4.2' } });
    const page = await context.newPage();
    await page.goto(`${staff.url}/lonespecifikation`);
    await passwordLogin(page, pv.issuer, 'bjorn');
    await page.waitForURL(`${staff.url}/lonespecifikation`);
    assert.match(
      await page.getByRole('alert').innerText(),
      /^Inte tillgänglig: Lönespecifikationen kräver .* Välj ”Logga in med två faktorer” så frågar Portvakt efter den andra faktorn\.$/,
    );
    await accessible(page, 'eportal-payslip-step-up');

    await page.getByRole('link', { name: 'Logga in med två faktorer' }).click();
    // Portvakt's session holds the password; the requested level asks only for the second factor.
    await page.getByLabel('SMS till +46…67').check();
    assert.equal(await page.getByLabel(/^Lösenord$/).count(), 0, 'the password is not asked for again');
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await page.getByLabel('Engångskod').fill(messaging.latestCode('+46701234567'));
    await page.getByRole('button', { name: 'Bekräfta' }).click();
    await page.waitForURL(`${staff.url}/lonespecifikation`);
    assert.match(await page.locator('main').innerText(), /Att betala ut\s+27 300 kr/);
    const stepUps = (await pv.portvakt.audit.find({ type: 'login.step_up' })).map((event) => event.detail);
    assert.ok(
      stepUps.some((detail) => detail.via === 'single_sign_on' && detail.reason === 'second_factor'),
      'the single sign-on session was stepped up, not replaced by a new login',
    );
    assert.ok(
      stepUps.some((detail) => detail.reason === 'request'),
      'the request, not the network, asked for it',
    );
    await page.goto(`${staff.url}/`);
    assert.equal(await page.getByRole('link', { name: 'Logga in med två faktorer' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Hantera SMS-nummer' }).count(), 1, 'still the office network');
    await context.close();
  });
});
