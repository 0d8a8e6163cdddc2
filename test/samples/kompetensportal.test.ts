// Kompetensportal in Chromium against a real Portvakt: a deep link survives the login, registration,
// Mina sidor, profile validation, masked claims, and logout that ends Portvakt's session too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startKompetensportal } from '../../samples/kompetensportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from './free-port.ts';
import { accessible, atPhoneSize, confirmPortvaktLogout, expectPortvaktLogin, passwordLogin } from './pages.ts';

const OTHER_INFO = 'Övrig information (t.ex. specialkost)';

describe('Kompetensportal sample', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let portal: RunningPortal;
  before(async () => {
    const port = await freePort();
    const client = portalClient('kompetensportal', port);
    [pv, browser] = await Promise.all([startPortvakt({ config: { clients: [client] } }), launchBrowser()]);
    portal = await startKompetensportal({
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

  test('the catalogue and its search need no login', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    assert.equal(await page.locator('main ul li').count(), 8);
    await accessible(page, 'kompetens-catalogue');
    await page.getByLabel('Sök kurs efter namn').fill('hlr');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.waitForURL(`${portal.url}/?q=hlr`);
    assert.equal(await page.locator('main ul li').count(), 1);
    assert.equal(await page.getByRole('status').innerText(), '1 kurs matchar ”hlr”.');
    await page.getByLabel('Sök kurs efter namn').fill('<script>');
    await page.getByRole('button', { name: 'Sök' }).click();
    assert.equal(await page.getByRole('status').innerText(), 'Inga kurser matchar ”<script>”. Prova ett annat ord.');
    await accessible(page, 'kompetens-search-empty');
    await context.close();
  });

  test('"Registrera dig" asks Portvakt for registration, in Swedish, with PKCE', async () => {
    const response = await fetch(`${portal.url}/login?prompt=create`, { redirect: 'manual' });
    assert.equal(response.status, 302);
    const target = new URL(response.headers.get('location')!);
    assert.equal(target.origin, pv.issuer);
    assert.equal(target.searchParams.get('prompt'), 'create');
    assert.equal(target.searchParams.get('ui_locales'), 'sv');
    assert.equal(target.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(target.searchParams.get('scope'), 'openid profile email https://id.oidc.se/scope/naturalPersonNumber');
    assert.ok(target.searchParams.get('state') && target.searchParams.get('nonce'));
  });

  test('deep link, login, register, Mina sidor, profile, claims, logout', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/courses/gdpr`);
    await accessible(page, 'kompetens-course-anonymous');
    await page.getByRole('link', { name: 'Logga in för att anmäla dig' }).click();
    await passwordLogin(page, pv.issuer, 'anna');
    await page.waitForURL(`${portal.url}/courses/gdpr`);
    assert.equal(await page.locator('h1').textContent(), 'Dataskydd i vardagen (GDPR)');
    await accessible(page, 'kompetens-course');

    const forged = await context.request.post(`${portal.url}/courses/hlr/register`, {
      form: { csrf: 'not-the-token' },
      maxRedirects: 0,
    });
    assert.equal(forged.status(), 403, 'a registration without the form token is refused');
    await page.getByRole('button', { name: 'Anmäl mig' }).click();
    await page.waitForURL(`${portal.url}/mina-sidor`);
    const mine = await page.locator('main').innerText();
    assert.match(mine, /Dataskydd i vardagen/);
    assert.doesNotMatch(mine, /Hjärt- och lungräddning/);
    await accessible(page, 'kompetens-mina-sidor');
    assert.equal(
      await page.getByRole('link', { name: 'Mitt konto' }).getAttribute('href'),
      `${pv.issuer}/account`,
      'the nav leads to Portvakt’s account page',
    );

    await profileIsValidated(page);
    await claimsAreMasked(page);
    await atPhoneSize(page, portal.url, {
      'kompetens-catalogue': '/',
      'kompetens-course': '/courses/hlr',
      'kompetens-mina-sidor': '/mina-sidor',
      'kompetens-profile': '/profil',
      'kompetens-claims': '/uppgifter',
    });

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await confirmPortvaktLogout(page);
    await page.waitForURL(`${portal.url}/`);
    assert.equal(await page.getByRole('button', { name: 'Logga ut' }).count(), 0);
    await accessible(page, 'kompetens-logged-out');
    await page.goto(`${portal.url}/mina-sidor`);
    await expectPortvaktLogin(page, pv.issuer);
    await context.close();
  });

  test('a login that comes back without a code ends on a calm page, and a stale callback too', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    // The browser's own request, so the portal's cookie lands in the browser; the state is Portvakt's to return.
    const login = await context.request.get(`${portal.url}/login?returnTo=%2Fmina-sidor`, { maxRedirects: 0 });
    const state = new URL(login.headers().location!).searchParams.get('state')!;
    const response = await page.goto(`${portal.url}/callback?error=access_denied&state=${encodeURIComponent(state)}`);
    assert.equal(response?.status(), 400);
    assert.equal(
      await page.getByRole('alert').innerText(),
      'Inloggningen avbröts eller kunde inte slutföras. Börja om från startsidan.',
    );
    await accessible(page, 'kompetens-login-failed');
    const again = await page.goto(`${portal.url}/callback?code=replayed&state=${encodeURIComponent(state)}`);
    assert.equal(again?.status(), 400, 'the transaction was used up by the first answer');
    assert.equal(await page.getByRole('button', { name: 'Logga ut' }).count(), 0);
    await context.close();
  });

  test('a return path that leaves the portal is replaced by the start page', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/login?returnTo=${encodeURIComponent('//evil.example/steal')}`);
    await passwordLogin(page, pv.issuer, 'anna');
    await page.waitForURL(`${portal.url}/`);
    await page.goto(`${portal.url}/nowhere`);
    assert.equal(await page.getByRole('alert').innerText(), 'Sidan finns inte.');
    await accessible(page, 'kompetens-not-found');
    await context.close();
  });
});

async function profileIsValidated(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Profil' }).click();
  await page.getByLabel(OTHER_INFO).fill('x'.repeat(201));
  await page.getByRole('button', { name: 'Spara' }).click();
  assert.equal(
    await page.getByRole('alert').innerText(),
    'Övrig information får vara högst 200 tecken. Du skrev 201 tecken – korta texten och spara igen.',
  );
  assert.equal(await page.getByLabel(OTHER_INFO).getAttribute('aria-invalid'), 'true');
  await accessible(page, 'kompetens-profile-error');
  await page.getByLabel(OTHER_INFO).fill('Vegetarisk, ingen laktos');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForURL(/sparad=1/);
  assert.equal(await page.getByRole('status').innerText(), 'Profilen är sparad.');
  await page.goto(page.url().replace(/\?.*$/, ''));
  assert.equal(await page.getByLabel(OTHER_INFO).inputValue(), 'Vegetarisk, ingen laktos');
  await accessible(page, 'kompetens-profile');
}

async function claimsAreMasked(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Mina uppgifter' }).click();
  const claims = await page.locator('main').innerText();
  assert.match(claims, /https:\/\/id\.oidc\.se\/claim\/personalIdentityNumber\s+19850614\*\*\*\*/);
  assert.match(claims, /anna\.andersson@example\.org/);
  const html = await page.content();
  assert.doesNotMatch(html, /198506142382/);
  assert.doesNotMatch(html, /19850614(?!\*\*\*\*)/, 'the hidden digits are not in the HTML either');
  await accessible(page, 'kompetens-claims');
}
