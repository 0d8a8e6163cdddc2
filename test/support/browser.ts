// A real Chromium for the tests (Debian's package, driven by playwright-core), with axe-core to
// check each screen against WCAG 2.1 AA.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const SCREENSHOT_DIR = process.env.PORTVAKT_SCREENSHOTS ?? 'test-output/screenshots';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PORTVAKT_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

let axeScript: Promise<string> | undefined;
function axeSource(): Promise<string> {
  axeScript ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeScript;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** Serious and critical WCAG 2.1 A/AA violations on the current page. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (which forbids inline scripts) still
  // holds for the page itself; once per document, since a page checked again keeps it.
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(await axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: unknown,
            options: unknown,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.length,
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Writes `<SCREENSHOT_DIR>/<name>.png`; a name with slashes lands in a subfolder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
}
