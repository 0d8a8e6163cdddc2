// A whole password login as a relying party and a person make it: authorization request, the
// interaction's screens (password, consent where asked), code exchange and UserInfo. The load
// driver runs many at once; the setup uses it to obtain refresh tokens.
import { randomBytes } from 'node:crypto';
import { BENCH_CLIENT, BENCH_PASSWORD, personNames, REDIRECT_URI } from '../systems/fixture.ts';
import { Browser, forms, type Page } from './browser.ts';
import { Latencies, type LoadResult } from './latency.ts';
import { pkcePair, tokenRequest, type Endpoints, type TokenResponse } from './oauth.ts';

export interface LoginOptions {
  username: string;
  scope: string;
  prompt?: string;
}

const MAX_SCREENS = 4;

export async function login(endpoints: Endpoints, options: LoginOptions): Promise<TokenResponse> {
  const pkce = pkcePair();
  const authorization = new URL(endpoints.authorization_endpoint);
  const params = {
    client_id: BENCH_CLIENT.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: options.scope,
    state: nonce(),
    nonce: nonce(),
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries({ ...params, ...(options.prompt ? { prompt: options.prompt } : {}) }))
    authorization.searchParams.set(name, value);
  const browser = new Browser(new URL(endpoints.issuer).origin);
  const page = await passScreens(browser, await browser.open(authorization.toString()), options.username);
  const returned = new URL(page.url);
  const code = returned.searchParams.get('code');
  if (!code) throw new Error(`the login ended without a code: ${returned.searchParams.get('error') ?? page.url}`);
  const tokens = await tokenRequest(endpoints, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: pkce.verifier,
  });
  const userinfo = await fetch(endpoints.userinfo_endpoint, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  await userinfo.arrayBuffer();
  if (!userinfo.ok) throw new Error(`UserInfo answered ${userinfo.status}`);
  return tokens;
}

/** Fills in the password form and allows consent until the browser is sent back to the client. */
async function passScreens(browser: Browser, first: Page, username: string): Promise<Page> {
  let page = first;
  for (let screen = 0; screen < MAX_SCREENS && !page.url.startsWith(REDIRECT_URI); screen += 1) {
    const available = forms(page.html);
    const password = available.find((form) => /\/(password|login)$/.test(form.action));
    const consent = available.find((form) => /\/consent$/.test(form.action));
    if (password) page = await browser.submit(page, password, { username, password: BENCH_PASSWORD });
    else if (consent) page = await browser.submit(page, consent, { decision: 'allow' });
    else throw new Error(`unexpected screen ${page.status} at ${page.url}: ${page.html.slice(0, 200)}`);
  }
  if (!page.url.startsWith(REDIRECT_URI))
    throw new Error(`the login did not return to the client: ${page.status} at ${page.url}`);
  return page;
}

/** Logins back to back on `concurrency` workers until the time is up; each worker has its person. */
export async function runLogins(
  endpoints: Endpoints,
  seconds: number,
  concurrency: number,
): Promise<LoadResult & { firstError?: string }> {
  const latencies = new Latencies();
  const names = personNames();
  const deadline = performance.now() + seconds * 1000;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (index: number) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await login(endpoints, { username: names[index % names.length]!, scope: 'openid profile email' });
        latencies.add(performance.now() - started);
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  return {
    completed: latencies.count,
    errors,
    seconds: (performance.now() - started) / 1000,
    latency: latencies.summary(),
    ...(firstError ? { firstError } : {}),
  };
}

const nonce = () => randomBytes(12).toString('base64url');
