// What every journey through a sample portal does with the pages it passes: Portvakt's screens are
// checked with axe-core at desktop and phone size and photographed in the journey's language; the
// portal's pages are checked and photographed once. Screenshots go to
// <SCREENSHOT_DIR>/<journey>/<lang>-<screen>.png, so a reviewer finds each journey in its folder.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';
import type { ConfigInput } from '../../src/config/schema.ts';
import { SCREENSHOT_DIR, screenshot, seriousViolations } from '../support/browser.ts';

export type Lang = 'sv' | 'nb' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'nb', 'en'];
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

const BROWSER_LOCALE: Record<Lang, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB' };
const LANGUAGE_NAME: Record<Lang, string> = { sv: 'Svenska', nb: 'Norsk bokmål', en: 'English' };

/** The folder a journey's screenshots are written to. */
export function journeyFolder(journey: string): string {
  return resolve(SCREENSHOT_DIR, journey);
}

/**
 * The demo's own login policies, the networks, privacy notices and brands they name
 * (config/demo.yaml), so journeys meet what the demo shows, in each organisation's look.
 */
export async function demoPolicies(): Promise<
  Pick<ConfigInput, 'policies' | 'networks' | 'privacyNotices' | 'brands'>
> {
  // Checked by Portvakt's own configuration schema when the test starts it.
  const demo = parse(await readFile(new URL('../../config/demo.yaml', import.meta.url), 'utf8')) as Pick<
    ConfigInput,
    'policies' | 'networks' | 'privacyNotices' | 'brands'
  >;
  return { policies: demo.policies, networks: demo.networks, privacyNotices: demo.privacyNotices, brands: demo.brands };
}

export class Journey {
  readonly context: Promise<BrowserContext>;
  private languagePicked = false;

  constructor(
    browser: Browser,
    readonly name: string,
    readonly lang: Lang,
    options: { ignoreHTTPSErrors?: boolean } = {},
  ) {
    // The browser speaks the journey's language; the portals still ask Portvakt for their own
    // (ui_locales), so a person who wants another one picks it on Portvakt's first screen.
    this.context = browser
      .newContext({
        locale: BROWSER_LOCALE[lang],
        viewport: DESKTOP,
        ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
      })
      .then((context) => {
        context.setDefaultTimeout(15_000);
        return context;
      });
  }

  async page(): Promise<Page> {
    return (await this.context).newPage();
  }

  async close(): Promise<void> {
    await (await this.context).close();
  }

  /** On Portvakt's first screen: picks the journey's language from the language links, as a person would. */
  async pickLanguage(page: Page): Promise<void> {
    if (this.languagePicked) return;
    this.languagePicked = true;
    if ((await page.getAttribute('html', 'lang')) === this.lang) return;
    await page
      .getByRole('navigation', { name: /^(Språk|Language)$/ })
      .getByRole('link', { name: LANGUAGE_NAME[this.lang] })
      .click();
    await page.waitForFunction(
      (lang) =>
        (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang ===
        lang,
      this.lang,
    );
  }

  /** A Portvakt screen: in the journey's language, accessible at desktop and phone size, photographed at both. */
  async portvakt(page: Page, screen: string): Promise<void> {
    await page.waitForLoadState();
    assert.equal(await page.getAttribute('html', 'lang'), this.lang, `${this.name}/${screen}: ${page.url()}`);
    assert.deepEqual(await seriousViolations(page), [], `${this.name}/${this.lang}-${screen}: ${page.url()}`);
    await screenshot(page, `${this.name}/${this.lang}-${screen}`);
    const before = page.viewportSize();
    await page.setViewportSize(PHONE);
    try {
      const overflow = await page.evaluate(() => {
        const root = (
          globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
        ).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      assert.ok(overflow <= 0, `${this.name}/${this.lang}-${screen} scrolls sideways by ${overflow}px at phone size`);
      assert.deepEqual(
        await seriousViolations(page),
        [],
        `${this.name}/${this.lang}-${screen} at phone size: ${page.url()}`,
      );
      await screenshot(page, `${this.name}/${this.lang}-${screen}-phone`);
    } finally {
      if (before) await page.setViewportSize(before);
    }
  }

  /** A page of a sample portal or of the outside world (IdP, eID app): accessible, photographed. */
  async portal(page: Page, screen: string): Promise<void> {
    await page.waitForLoadState();
    assert.deepEqual(await seriousViolations(page), [], `${this.name}/${this.lang}-${screen}: ${page.url()}`);
    await screenshot(page, `${this.name}/${this.lang}-${screen}`);
  }
}

/** Waits until the page is on `origin` (Portvakt's, a portal's). */
export async function arrivedAt(page: Page, base: string, timeout = 15_000): Promise<void> {
  const origin = new URL(base).origin;
  await page.waitForURL((url) => url.origin === origin, { timeout });
}
