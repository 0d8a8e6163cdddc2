// Datainsamling in Chromium against a real Portvakt with the demo's `totp` policy and privacy notice
// (config/demo.yaml): the first login enrols an authenticator app and accepts Exempelstatistik's
// notice, Inlämning shows the claims, logout ends Portvakt's session, and the next login asks for
// the app's code but not the notice again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { demoPolicies } from '../browser/journey.ts';
import { startDatainsamling } from '../../samples/datainsamling/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from './free-port.ts';
import { accessible, atPhoneSize, confirmPortvaktLogout, passwordLogin } from './pages.ts';

const READABLE_TIME = /^\d{1,2} [a-zåäö]+ 20\d\d kl\. \d\d:\d\d:\d\d$/;

describe('Datainsamling sample', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let portal: RunningPortal;
  before(async () => {
    const port = await freePort();
    const client = portalClient('datainsamling', port, {
      client_name: 'Datainsamling',
      scope: 'openid profile email',
      login_policy: 'totp',
    });
    const demo = await demoPolicies();
    const config = {
      clients: [client],
      policies: { default: demo.policies!.default!, totp: demo.policies!.totp! },
      privacyNotices: { datainsamling: demo.privacyNotices!.datainsamling! },
      brands: { exempelstatistik: demo.brands!.exempelstatistik! },
    };
    [pv, browser] = await Promise.all([startPortvakt({ config }), launchBrowser()]);
    portal = await startDatainsamling({
      issuer: pv.issuer,
      port,
      host: '127.0.0.1',
      clientId: client.client_id,
      clientSecret: client.client_secret,
      allowInsecureIssuer: true,
    });
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
    await pv?.close();
  });

  test('first login: authenticator app, privacy notice, the claims on Inlämning, then logout; the next login asks only for the code', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/`);
    assert.match(await page.locator('main').innerText(), /Här lämnar ditt företag uppgifter till Exempelstatistiks/);
    await accessible(page, 'datainsamling-start');
    await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
    await passwordLogin(page, pv.issuer, 'anna');
    const secret = await enrolAuthenticator(page);
    await acceptPrivacyNotice(page);
    await page.waitForURL(`${portal.url}/inlamning`);
    await claimsAreShown(page);
    await accessible(page, 'datainsamling-inlamning');
    await atPhoneSize(page, portal.url, { 'datainsamling-inlamning': '/inlamning', 'datainsamling-start': '/' });

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await confirmPortvaktLogout(page);
    await page.waitForURL(`${portal.url}/`);
    assert.equal(await page.getByRole('button', { name: 'Logga ut' }).count(), 0);

    await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
    await passwordLogin(page, pv.issuer, 'anna');
    // The enrolment used the current step; Portvakt accepts the next one, for clock drift.
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    await page.getByLabel('Sexsiffrig kod eller reservkod').fill(code);
    await page.getByRole('button', { name: 'Bekräfta' }).click();
    await page.waitForURL(`${portal.url}/inlamning`, { timeout: 10_000 });
    assert.match(
      await page.locator('main').innerText(),
      /Inloggad som Anna Andersson/,
      'the notice was not asked again',
    );
    await context.close();
  });
});

/** Portvakt's enrolment: the key as text, the app's first code, then the recovery codes. */
async function enrolAuthenticator(page: Page): Promise<string> {
  await page.getByRole('heading', { name: 'Koppla en autentiseringsapp' }).waitFor();
  const secret = (await page.locator('code.secret').getAttribute('data-totp-secret'))!;
  await page.getByLabel('Koden som appen visar').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Bekräfta' }).click();
  await page.getByRole('heading', { name: 'Spara dina reservkoder' }).waitFor();
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  return secret;
}

async function acceptPrivacyNotice(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Behandling av personuppgifter' }).waitFor();
  const notice = await page.locator('main').innerText();
  assert.match(notice, /Läs och godkänn informationen för att fortsätta till Datainsamling/);
  assert.match(notice, /Exempelstatistik \(statistikansvarig myndighet\)/);
  assert.match(notice, /lagen \(2001:99\) om den officiella statistiken/);
  assert.match(notice, /Version 2026-1/);
  await page.getByRole('button', { name: 'Jag har läst och godkänner' }).click();
}

async function claimsAreShown(page: Page): Promise<void> {
  // A row's cells: the claim (its meaning, then its name), its value, and where it came from.
  const row = async (name: string) => {
    const tr = page.getByRole('row').filter({ has: page.locator('th code', { hasText: new RegExp(`^${name}$`) }) });
    const cells = [await tr.getByRole('rowheader').innerText(), ...(await tr.getByRole('cell').allInnerTexts())];
    return cells.map((cell) => cell.trim());
  };
  assert.match((await row('sub'))[1]!, /^[0-9a-f-]{36}$/);
  assert.deepEqual((await row('acr')).slice(1), [
    'http://id.elegnamnden.se/loa/1.0/loa2 – nivå 2 (två faktorer)',
    'ID-token',
  ]);
  assert.equal((await row('amr'))[1], 'pwd (lösenord), otp (engångskod från app), mfa (flera faktorer)');
  const authTime = await row('auth_time');
  assert.match(authTime[0]!, /^När du loggade in\s+auth_time$/);
  assert.match(authTime[1]!, READABLE_TIME);
  assert.deepEqual((await row('name')).slice(1), ['Anna Andersson', 'båda']);
  assert.deepEqual((await row('email')).slice(1), ['anna.andersson@example.org', 'UserInfo']);
  assert.doesNotMatch(await page.content(), /198506142382/, 'no identity number was asked for');
}
