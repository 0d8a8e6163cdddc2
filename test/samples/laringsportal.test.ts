// Læringsportal in Chromium against a real Portvakt: an employee (with an identity number) and an
// external learner (without) start and complete courses, and each is told whether it counts; after
// an operator merges two profiles, the next login brings both profiles' courses together, once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { adminClient } from '../support/admin-client.ts';
import type { Identity } from '../../src/accounts/types.ts';
import { launchBrowser } from '../support/browser.ts';
import { startLaringsportal } from '../../samples/laringsportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from './free-port.ts';
import { accessible, atPhoneSize, passwordLogin } from './pages.ts';

describe('Læringsportal sample', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let portal: RunningPortal;
  let adminToken = '';
  before(async () => {
    const port = await freePort();
    const client = portalClient('laringsportal', port);
    const operator = await adminClient();
    [pv, browser] = await Promise.all([
      startPortvakt({ config: { clients: [client, operator.metadata] } }),
      launchBrowser(),
    ]);
    adminToken = await operator.token(pv.issuer);
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

  async function startCourse(page: Page, name: string): Promise<void> {
    await page.getByRole('button', { name: `Start «${name}»` }).click();
    await page.waitForURL(`${portal.url}/kurs`);
    assert.match(await page.locator('main').innerText(), new RegExp(`${name} \\(\\d+ min\\) – påbegynt`));
  }

  async function completeCourse(page: Page, name: string): Promise<string> {
    await startCourse(page, name);
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

  /** A browser of its own, logged in to the portal with a password. */
  async function loggedIn(username: string): Promise<{ page: Page; close(): Promise<void> }> {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/kurs`);
    await passwordLogin(page, pv.issuer, username);
    await page.waitForURL(`${portal.url}/kurs`);
    return { page, close: () => context.close() };
  }

  async function account(username: string, familyName: string, extra: Identity[] = []): Promise<string> {
    const identities: Identity[] = [{ type: 'username', issuer: '', value: username, verified: true }, ...extra];
    const created = await pv.portvakt.accounts.create(
      { givenName: 'Mona', familyName, identities },
      await pv.portvakt.passwords.hash(DEMO_PASSWORD),
    );
    return created.id;
  }

  test('after an operator merges two profiles, the next login moves the retired profile’s courses, and says so once', async () => {
    const retiredId = await account('mona.privat', 'Privat');
    const survivorId = await account('mona.ansatt', 'Ansatt', [
      { type: 'se_personal_number', issuer: '', value: '199001011270', verified: true },
    ]);
    const external = await loggedIn('mona.privat');
    await completeCourse(external.page, 'Personvern i praksis');
    await startCourse(external.page, 'Basale smittevernrutiner');
    await external.close();
    const employee = await loggedIn('mona.ansatt');
    await startCourse(employee.page, 'Personvern i praksis');
    await startCourse(employee.page, 'Varsling av kritikkverdige forhold');
    await employee.close();

    const merged = await fetch(`${pv.issuer}/admin/v1/accounts/${survivorId}/merge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ retired_id: retiredId }),
    });
    assert.equal(merged.status, 200);

    const again = await loggedIn('mona.ansatt');
    const text = await again.page.locator('main').innerText();
    assert.match(text, /Kursene fra den sammenslåtte profilen din er flyttet hit\./);
    assert.match(
      text,
      /Personvern i praksis \(45 min\) – fullført, registrert i personalmappen/,
      'completed under the retired profile wins over started under the survivor',
    );
    assert.match(text, /Basale smittevernrutiner \(25 min\) – påbegynt/, 'only the retired profile had it');
    assert.match(text, /Varsling av kritikkverdige forhold \(20 min\) – påbegynt/, 'the survivor’s own stays');
    assert.match(text, /Informasjonssikkerhet for alle ansatte \(30 min\) – ikke startet/);
    await accessible(again.page, 'laring-merged');
    await again.page.reload();
    const later = await again.page.locator('main').innerText();
    assert.doesNotMatch(later, /sammenslåtte profilen/, 'the notice is shown once');
    assert.match(later, /Basale smittevernrutiner \(25 min\) – påbegynt/);
    await again.close();

    // The next login finds nothing left under the retired sub: the courses stay, the notice does not come back.
    const next = await loggedIn('mona.privat');
    const nextText = await next.page.locator('main').innerText();
    assert.doesNotMatch(nextText, /sammenslåtte profilen/);
    assert.match(nextText, /Personvern i praksis \(45 min\) – fullført, registrert i personalmappen/);
    await next.close();
  });
});
