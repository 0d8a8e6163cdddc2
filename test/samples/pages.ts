// What every sample portal test does with a page: check it with axe-core, keep a screenshot, load it
// at phone size, and log in at Portvakt's password form the way a person would.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/harness.ts';
import { screenshot, seriousViolations } from '../support/browser.ts';

export const PHONE = { width: 390, height: 844 };

/** No serious or critical WCAG violations; a screenshot under the portal's name. */
export async function accessible(page: Page, name: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `${name}: ${page.url()}`);
  await screenshot(page, `sample-${name}`);
}

/** Loads each path at phone size: accessible, and nothing wider than the screen. */
export async function atPhoneSize(page: Page, base: string, paths: Record<string, string>): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  for (const [name, path] of Object.entries(paths)) {
    await page.goto(`${base}${path}`);
    assert.equal(new URL(page.url()).origin, new URL(base).origin, `${name} stays on the portal`);
    const overflow = await page.evaluate(() => {
      const root = (
        globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
      ).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at phone size`);
    await accessible(page, `${name}-phone`);
  }
  if (before) await page.setViewportSize(before);
}

/** Fills in Portvakt's password form (Swedish or Norwegian) on the current page. */
export async function passwordLogin(
  page: Page,
  issuer: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.waitForURL((url) => url.origin === new URL(issuer).origin);
  await page.getByLabel(/Användarnamn|Brukernavn/).fill(username);
  await page.getByLabel(/^(Lösenord|Passord)$/).fill(password);
  await page.keyboard.press('Enter');
}

/** Portvakt's session is gone when its password form appears again on the next login. */
export async function expectPortvaktLogin(page: Page, issuer: string): Promise<void> {
  await page.waitForURL((url) => url.origin === new URL(issuer).origin, { timeout: 10_000 });
  await page.getByLabel(/^(Lösenord|Passord)$/).waitFor({ timeout: 10_000 });
}

/**
 * Goes through Portvakt's end_session page: answers its question where it asks one. With an ID token
 * of this very session as the hint it asks none, and the page goes on by itself to the portal's `/`.
 */
export async function confirmPortvaktLogout(page: Page): Promise<void> {
  const atLogoutOrBack = (url: URL) => url.pathname.startsWith('/session/end') || url.pathname === '/';
  await page.waitForURL(atLogoutOrBack, { waitUntil: 'domcontentloaded' });
  const question = page.getByRole('button', { name: /^Ja, logg(a)? ut$/ });
  // A page that went on by itself may already be gone: then there is no question to answer.
  if (await question.isVisible().catch(() => false)) await question.click();
}
