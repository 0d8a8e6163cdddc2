// Læringsportal in Chromium against a real Portvakt: an employee (with an identity number) and an
// external learner (without) start and complete courses, and each is told whether it counts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startLaringsportal } from '../../samples/laringsportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from './free-port.ts';
import { accessible, atPhoneSize, passwordLogin } from './pages.ts';

describe('Læringsportal sample', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let portal: RunningPortal;
  before(async () => {
    const port = await freePort();
    const client = portalClient('laringsportal', port);
    [pv, browser] = await Promise.all([startPortvakt({ config: { clients: [client] } }), launchBrowser()]);
    portal = await startLaringsportal({
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

  async function completeCourse(page: Page, name: string): Promise<string> {
    await page.getByRole('button', { name: `Start «${name}»` }).click();
    await page.waitForURL(`${portal.url}/kurs`);
    assert.match(await page.locator('main').innerText(), new RegExp(`${name} \\(\\d+ min\\) – påbegynt`));
    await page.getByRole('button', { name: `Fullfør «${name}»` }).click();
    await page.waitForURL(`${portal.url}/kurs`);
    assert.equal(await page.getByRole('button', { name: `Fullfør «${name}»` }).count(), 0);
    return page.locator('main').innerText();
  }

  test('an employee completes a course and it counts for the employee record', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'nb');
    await accessible(page, 'laring-welcome');
    await page.getByRole('main').getByRole('link', { name: 'Logg inn' }).click();
    assert.equal(
      await page.getAttribute('html', 'lang'),
      'nb',
      'Portvakt speaks the portal’s language (ui_locales=nb)',
    );
    await passwordLogin(page, pv.issuer, 'anna');
    await page.waitForURL(`${portal.url}/kurs`);
    await accessible(page, 'laring-courses');

    const text = await completeCourse(page, 'Personvern i praksis');
    assert.match(text, /Personvern i praksis \(45 min\) – fullført, registrert i personalmappen/);
    assert.match(
      text,
      /bare når du er logget inn med ansattprofilen din, eller med en profil som er slått sammen med ansattprofilen via fødselsnummer/,
    );
    assert.match(text, /Du er logget inn med ansattprofilen din/);
    await accessible(page, 'laring-completed-employee');
    await atPhoneSize(page, portal.url, { 'laring-courses': '/kurs' });
    await context.close();
  });

  test('an external learner reaches Portvakt by "Glemt passord?"; completed courses stay in the portal', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/`);
    await page.getByRole('link', { name: 'Glemt passord?' }).click();
    await passwordLogin(page, pv.issuer, 'bjorn');
    await page.waitForURL(`${portal.url}/kurs`);
    const text = await completeCourse(page, 'Basale smittevernrutiner');
    assert.match(text, /Basale smittevernrutiner \(25 min\) – fullført, ikke registrert i personalmappen/);
    assert.match(text, /Du er logget inn med en ekstern profil/);
    assert.match(text, /Personvern i praksis \(45 min\) – ikke startet/, 'progress is per person');
    await accessible(page, 'laring-completed-external');
    await context.close();
  });
});
