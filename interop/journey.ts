// What a person does with one relying party in Chromium, step by step: the app's login link,
// Portvakt's password screen, back at the app with the verified claims, logout through Portvakt,
// and a new login that asks for the password again. Each step passes, fails (with what was on the
// screen, and a screenshot) or is skipped because an earlier one failed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { Browser, Page, Request } from 'playwright-core';
import { ACR } from '../src/provider/vocabulary.ts';
import { PERSON } from './person.ts';
import { OUTPUT_DIR } from './support/process.ts';

export interface Endpoints {
  issuer: string;
  authorization_endpoint: string;
  end_session_endpoint: string;
}

export interface Step {
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
  detail: string;
}

export const STEP_NAMES = ['start', 'to Portvakt', 'password', 'claims', 'logout', 'login again'] as const;

const PASSWORD_LABEL = /^(Lösenord|Passord|Password)$/;
const USERNAME_LABEL = /Användarnamn|Brukernavn|Username/;

export async function runJourney(
  browser: Browser,
  name: string,
  app: string,
  endpoints: Endpoints,
  accountId: string,
): Promise<Step[]> {
  const context = await browser.newContext({ locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const atPortvakt = recordRequests(page, new URL(endpoints.issuer).origin);
  const steps: Step[] = [];
  const step = async (title: (typeof STEP_NAMES)[number], body: () => Promise<string>) => {
    if (steps.some((done) => done.outcome !== 'passed')) {
      steps.push({ name: title, outcome: 'skipped', detail: '' });
      return;
    }
    try {
      steps.push({ name: title, outcome: 'passed', detail: await body() });
    } catch (error) {
      const file = join(OUTPUT_DIR, `${name}-${steps.length + 1}-${title.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      steps.push({
        name: title,
        outcome: 'failed',
        detail: `${describe(error)} (at ${page.url()}; ${await shown(page)})`,
      });
    }
  };

  try {
    await step('start', async () => {
      await page.goto(app);
      await expectStatus(page, 'Logged out.');
      return 'the app shows a login link';
    });

    await step('to Portvakt', async () => {
      atPortvakt.length = 0;
      await page.getByRole('link', { name: 'Log in' }).click();
      await page.getByLabel(PASSWORD_LABEL).waitFor();
      const request = atPortvakt.find((seen) => seen.url.startsWith(endpoints.authorization_endpoint));
      assert.ok(request, 'the browser never reached the authorization endpoint');
      const params = new URL(request.url).searchParams;
      assert.equal(params.get('response_type'), 'code');
      assert.equal(params.get('code_challenge_method'), 'S256', 'PKCE with S256');
      assert.ok(params.get('code_challenge'), 'a code_challenge');
      assert.ok(params.get('state'), 'a state');
      assert.ok(params.get('nonce'), 'a nonce');
      return `code flow with PKCE S256, state and nonce; Portvakt's password screen`;
    });

    await step('password', async () => {
      await page.getByLabel(USERNAME_LABEL).fill(PERSON.username);
      await page.getByLabel(PASSWORD_LABEL).fill(PERSON.password);
      await page.keyboard.press('Enter');
      await backAt(page, app);
      await expectStatus(page, 'Logged in.');
      await page.screenshot({ path: join(OUTPUT_DIR, `${name}-logged-in.png`), fullPage: true });
      return 'code exchanged, ID token validated by the library, UserInfo fetched';
    });

    await step('claims', async () => {
      const claim = async (key: string) => (await page.locator(`[data-claim="${key}"]`).textContent())?.trim();
      const sub = await claim('sub');
      assert.equal(sub, accountId, "sub is Portvakt's account id");
      assert.equal(await claim('userinfo_sub'), sub, "UserInfo's sub is the ID token's");
      assert.equal(await claim('acr'), ACR.loa1, 'acr: a password alone is loa1');
      assert.equal(await claim('amr'), 'pwd', 'amr');
      const fullName = `${PERSON.givenName} ${PERSON.familyName}`;
      assert.equal(await claim('name'), fullName, "the ID token's name");
      assert.equal(await claim('userinfo_name'), fullName, "UserInfo's name");
      return `sub = account id, acr loa1, amr pwd, name ${fullName} (ID token and UserInfo)`;
    });

    await step('logout', async () => {
      atPortvakt.length = 0;
      await page.getByRole('link', { name: 'Log out' }).click();
      await backAt(page, app);
      await expectStatus(page, 'Logged out.');
      const endSession = new URL(endpoints.end_session_endpoint).pathname;
      const logout = atPortvakt.filter((seen) => new URL(seen.url).pathname.startsWith(endSession));
      const hint = new URL(logout[0]?.url ?? endpoints.end_session_endpoint).searchParams;
      assert.ok(hint.get('id_token_hint'), 'the logout carried an id_token_hint');
      assert.equal(hint.get('post_logout_redirect_uri'), `${new URL(app).origin}/logged-out`);
      assert.ok(hint.get('state'), 'the logout carried a state');
      // The hint names this session, so Portvakt confirms by itself and asks the person nothing.
      assert.deepEqual(
        logout.map((seen) => `${seen.method} ${new URL(seen.url).pathname}`),
        [`GET ${endSession}`, `POST ${endSession}/confirm`],
      );
      return 'id_token_hint and post_logout_redirect_uri; Portvakt ended the session unasked; state checked';
    });

    await step('login again', async () => {
      atPortvakt.length = 0;
      await page.getByRole('link', { name: 'Log in' }).click();
      await page.waitForURL((url) => url.origin === new URL(endpoints.issuer).origin);
      await page.getByLabel(PASSWORD_LABEL).waitFor();
      return "Portvakt's session is gone: the password is asked for again";
    });
  } finally {
    await context.close();
  }
  return steps;
}

/** Top-level navigations and form posts to Portvakt, in order. */
function recordRequests(page: Page, origin: string): { method: string; url: string }[] {
  const seen: { method: string; url: string }[] = [];
  page.on('request', (request: Request) => {
    if (request.isNavigationRequest() && new URL(request.url()).origin === origin)
      seen.push({ method: request.method(), url: request.url() });
  });
  return seen;
}

/** Back at the app: its home page, or the page where its callback stopped with an error. */
async function backAt(page: Page, app: string): Promise<void> {
  await page.waitForURL((url) => url.origin === new URL(app).origin);
  await page.waitForLoadState();
}

async function expectStatus(page: Page, status: string): Promise<void> {
  const error = page.locator('#error');
  if (await error.count()) throw new Error(`the app says: ${await error.textContent()}`);
  assert.equal((await page.locator('#status').textContent())?.trim(), status);
}

/** What the page says, shortened: the app's error, or the start of the visible text. */
async function shown(page: Page): Promise<string> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .catch(() => '');
  return `page: "${text.replace(/\s+/g, ' ').trim().slice(0, 300)}"`;
}

/** An assertion's message with what it found, or an error's first line. */
function describe(error: unknown): string {
  if (error instanceof assert.AssertionError && !error.generatedMessage && error.operator !== '==')
    return `${error.message}: found ${inspect(error.actual)}, expected ${inspect(error.expected)}`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
