// A person in a real browser: the password login and consent screens in each language, at phone
// size, checked with axe-core, ending in tokens the relying party validates.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { launchBrowser, screenshot, seriousViolations } from '../support/browser.ts';

describe('password login in Chromium', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let config: oidc.Configuration;
  before(async () => {
    [pv, browser] = await Promise.all([startPortvakt(), launchBrowser()]);
    config = await discover(pv.issuer);
  });
  after(async () => {
    await browser?.close();
    await pv?.close();
  });

  for (const locale of ['sv', 'nb', 'en'] as const) {
    test(`logs in with a password and consents (${locale}), every screen accessible`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale });
      const page = await context.newPage();
      // The relying party's callback: the browser arrives there with the code.
      await page.route('http://127.0.0.1:9/**', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<!doctype html><title>RP</title><p>back at the relying party</p>',
        }),
      );
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: 'http://127.0.0.1:9/callback',
        scope: 'openid profile offline_access',
        prompt: 'consent',
        ui_locales: locale,
        state: `state-${locale}`,
        nonce: `nonce-${locale}`,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      await page.goto(url.toString());
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `password-${locale}`);

      await page.getByLabel(/Användarnamn|Brukernavn|Username/).fill('anna');
      await page.getByLabel(/^(Lösenord|Passord|Password)$/).fill('not-the-password');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[role=alert]');
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `password-error-${locale}`);
      assert.equal(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement
              ?.id,
        ),
        'password',
        'focus returns to the password field',
      );

      await page.getByLabel(/^(Lösenord|Passord|Password)$/).fill(DEMO_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/interaction\/[^/]+$/);
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `consent-${locale}`);
      assert.equal(
        await page.locator('main li').count(),
        3,
        'consent lists what is shared: openid, profile, offline_access',
      );
      await page.getByRole('button', { name: /Tillåt|Tillat|Allow/ }).click();
      await page.waitForURL(/^http:\/\/127\.0\.0\.1:9\/callback/);

      const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
        pkceCodeVerifier: verifier,
        expectedState: `state-${locale}`,
        expectedNonce: `nonce-${locale}`,
      });
      assert.deepEqual(tokens.claims()!.amr, ['pwd']);
      assert.ok(tokens.refresh_token);
      await context.close();
    });
  }
});
