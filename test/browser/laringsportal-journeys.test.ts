// Journeys through Læringsportal in Chromium, in Norwegian, Swedish and English: a person who has
// forgotten the password asks for a code by e-mail, reads it in the outbox, sets a new password and
// lands on the courses; after logging out, the new password logs them in and the old one does not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { startLaringsportal } from '../../samples/laringsportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from '../samples/free-port.ts';
import { arrivedAt, demoPolicies, Journey, journeyFolder, LANGS, type Lang } from './journey.ts';

const TEXT: Record<
  Lang,
  {
    username: RegExp;
    password: RegExp;
    forgot: string;
    email: string;
    send: string;
    code: string;
    confirm: string;
    newPassword: string;
    repeatPassword: string;
    save: string;
  }
> = {
  sv: {
    username: /^Användarnamn/,
    password: /^Lösenord$/,
    forgot: 'Glömt lösenordet?',
    email: 'E-postadress',
    send: 'Skicka kod',
    code: 'Engångskod',
    confirm: 'Bekräfta',
    newPassword: 'Nytt lösenord',
    repeatPassword: 'Upprepa det nya lösenordet',
    save: 'Spara lösenordet',
  },
  nb: {
    username: /^Brukernavn/,
    password: /^Passord$/,
    forgot: 'Glemt passordet?',
    email: 'E-postadresse',
    send: 'Send kode',
    code: 'Engangskode',
    confirm: 'Bekreft',
    newPassword: 'Nytt passord',
    repeatPassword: 'Gjenta det nye passordet',
    save: 'Lagre passordet',
  },
  en: {
    username: /^Username/,
    password: /^Password$/,
    forgot: 'Forgot your password?',
    email: 'E-mail address',
    send: 'Send code',
    code: 'One-time code',
    confirm: 'Confirm',
    newPassword: 'New password',
    repeatPassword: 'Repeat the new password',
    save: 'Save the password',
  },
};

const ANNA_EMAIL = 'anna.andersson@example.org';

describe('journeys through Læringsportal', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let messaging: Messaging;
  let portal: RunningPortal;
  // Each language's journey starts from the password the previous one set.
  let current = DEMO_PASSWORD;
  before(async () => {
    const port = await freePort();
    // As the demo registers it: the health trust's name, logo and colours on Portvakt's screens.
    const client = portalClient('laringsportal', port, { client_name: 'Læringsportal', brand: 'helse-eksempel' });
    const { brands } = await demoPolicies();
    messaging = await startMessaging();
    [pv, browser] = await Promise.all([
      startPortvakt({ config: { ...messaging.config, brands, clients: [client] } }),
      launchBrowser(),
    ]);
    portal = await startLaringsportal({
      issuer: pv.issuer,
      port,
      host: '127.0.0.1',
      clientId: client.client_id,
      clientSecret: client.client_secret,
      allowInsecureIssuer: true,
    });
    console.log(`# screenshots: ${journeyFolder('laring-password-reset')}`);
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
    await pv?.close();
    await messaging?.close();
  });

  for (const lang of LANGS) {
    test(`a forgotten password is reset with a code from the outbox, then logs in (${lang})`, async () => {
      const text = TEXT[lang];
      const fresh = `Ny-Kurs-${lang}-2026-vinter!`;
      const journey = new Journey(browser, 'laring-password-reset', lang);
      const page = await journey.page();
      await page.goto(`${portal.url}/`);
      await journey.portal(page, 'portal-welcome');
      await page.getByRole('link', { name: 'Glemt passord?' }).click();
      await arrivedAt(page, pv.issuer);
      await journey.pickLanguage(page);
      await journey.portvakt(page, 'password');

      await page.getByRole('link', { name: text.forgot }).click();
      await page.getByLabel(text.email, { exact: true }).waitFor();
      await journey.portvakt(page, 'reset-address');
      await page.getByLabel(text.email, { exact: true }).fill(ANNA_EMAIL);
      const sentBefore = messaging.outbox.list({ to: ANNA_EMAIL }).length;
      await page.getByRole('button', { name: text.send }).click();
      await page.getByLabel(text.code).waitFor();
      await journey.portvakt(page, 'reset-code');
      // The e-mail is sent without waiting for it (the answer must not reveal the account), so it may come a moment later.
      await waitFor(() => messaging.outbox.list({ to: ANNA_EMAIL }).length > sentBefore);
      await page.getByLabel(text.code).fill(messaging.latestCode(ANNA_EMAIL));
      await page.getByRole('button', { name: text.confirm }).click();

      await page.getByLabel(text.newPassword, { exact: true }).waitFor();
      await journey.portvakt(page, 'reset-new-password');
      await page.getByLabel(text.newPassword, { exact: true }).fill('anna');
      await page.getByLabel(text.repeatPassword).fill('anna');
      await page.getByRole('button', { name: text.save }).click();
      await page.getByRole('alert').waitFor();
      await journey.portvakt(page, 'reset-new-password-refused');
      await page.getByLabel(text.newPassword, { exact: true }).fill(fresh);
      await page.getByLabel(text.repeatPassword).fill(fresh);
      await page.getByRole('button', { name: text.save }).click();
      await page.waitForURL(`${portal.url}/kurs`);
      assert.match(await page.locator('main').innerText(), /Innlogget som Anna Andersson\./);
      await journey.portal(page, 'portal-courses');

      // Logging out ends Portvakt's session too; the old password no longer works, the new one does.
      await page.getByRole('button', { name: 'Logg ut' }).click();
      // The portal names this session in its ID token hint, so Portvakt logs out without asking.
      await page.waitForURL(`${portal.url}/`);
      await page.getByRole('main').getByRole('link', { name: 'Logg inn' }).click();
      await arrivedAt(page, pv.issuer);
      await page.getByLabel(text.username).fill('anna');
      await page.getByLabel(text.password).fill(current);
      await page.keyboard.press('Enter');
      await page.getByRole('alert').waitFor();
      await journey.portvakt(page, 'password-refused');
      await page.getByLabel(text.password).fill(fresh);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${portal.url}/kurs`);
      current = fresh;
      assert.match(await page.locator('main').innerText(), /Du er logget inn med ansattprofilen din/);
      await journey.close();
    });
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the e-mail');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
