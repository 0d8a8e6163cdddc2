// A whole BankID login on another device, as the relying party, the person's browser and their
// phone make it: authorization request, "another device", the status page, the phone scanning
// the QR code and approving, the browser asking every second as the page's script does, the
// return to the client, code exchange and UserInfo. Each worker is one person: BankID refuses a
// second order for someone with one pending.
import { randomBytes } from 'node:crypto';
import type { SimulatedApp } from '../../simulators/bankid/index.ts';
import { BENCH_EID_CLIENT, REDIRECT_URI } from '../systems/fixture.ts';
import { Browser, forms, type Page } from './browser.ts';
import { Latencies, type LoadResult } from './latency.ts';
import { clientAuthorization, pkcePair, tokenRequest, type Endpoints } from './oauth.ts';

/** The status page's script asks once a second; Portvakt calls BankID's collect at most every two. */
const POLL_MS = 1000;
const MAX_POLLS = 30;
const EID_AUTHORIZATION = clientAuthorization(BENCH_EID_CLIENT);

export async function bankIdLogin(endpoints: Endpoints, phone: SimulatedApp, personalNumber: string): Promise<void> {
  const pkce = pkcePair();
  const authorization = new URL(endpoints.authorization_endpoint);
  const params = {
    client_id: BENCH_EID_CLIENT.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: BENCH_EID_CLIENT.scope,
    state: nonce(),
    nonce: nonce(),
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) authorization.searchParams.set(name, value);
  const browser = new Browser(new URL(endpoints.issuer).origin);
  const choice = await browser.open(authorization.toString());
  const start =
    forms(choice.html).find((form) => form.action.endsWith('/bankid/start')) ?? unexpected(choice, 'the BankID choice');
  const status = await browser.submit(choice, start, { flow: 'qr' });
  const qrContent = /data-qr-content="([^"]+)"/.exec(status.html)?.[1] ?? unexpected(status, 'a QR code');
  const pollUrl = /data-eid-status="([^"]+)"/.exec(status.html)?.[1] ?? unexpected(status, 'the status script');
  phone.scanQr(qrContent, personalNumber).approve();
  await untilNotPending(browser, new URL(pollUrl, status.url).toString());
  const returned = new URL((await browser.open(status.url)).url);
  const code = returned.searchParams.get('code');
  if (!returned.toString().startsWith(REDIRECT_URI) || !code)
    throw new Error(`the login ended without a code: ${returned.searchParams.get('error') ?? returned}`);
  const tokens = await tokenRequest(
    endpoints,
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier },
    EID_AUTHORIZATION,
  );
  const userinfo = await fetch(endpoints.userinfo_endpoint, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  await userinfo.arrayBuffer();
  if (!userinfo.ok) throw new Error(`UserInfo answered ${userinfo.status}`);
}

async function untilNotPending(browser: Browser, pollUrl: string): Promise<void> {
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const page = await browser.open(pollUrl);
    const state = (JSON.parse(page.html) as { state?: string }).state;
    if (state === 'complete') return;
    if (state !== 'pending') throw new Error(`the order ended as ${state ?? page.status}`);
  }
  throw new Error(`the order was still pending after ${MAX_POLLS} polls`);
}

/** Logins back to back on `concurrency` workers, each its own person, until the time is up. */
export async function runBankIdLogins(
  endpoints: Endpoints,
  phone: SimulatedApp,
  personalNumbers: readonly string[],
  seconds: number,
  concurrency: number,
): Promise<LoadResult & { firstError?: string }> {
  if (concurrency > personalNumbers.length)
    throw new Error(
      `${concurrency} concurrent BankID logins need as many persons; the bench has ${personalNumbers.length}`,
    );
  const latencies = new Latencies();
  const deadline = performance.now() + seconds * 1000;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (personalNumber: string) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await bankIdLogin(endpoints, phone, personalNumber);
        latencies.add(performance.now() - started);
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  const started = performance.now();
  await Promise.all(personalNumbers.slice(0, concurrency).map(worker));
  return {
    completed: latencies.count,
    errors,
    seconds: (performance.now() - started) / 1000,
    latency: latencies.summary(),
    ...(firstError ? { firstError } : {}),
  };
}

function unexpected(page: Page, what: string): never {
  throw new Error(`expected ${what}, got ${page.status} at ${page.url}: ${page.html.slice(0, 200)}`);
}

const nonce = () => randomBytes(12).toString('base64url');
