// BankID logins for the lifecycle tests: an authorization request through openid-client, the QR
// order approved in the BankID simulator, and the page Portvakt ends on (the callback or a refusal).
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { TEST_CLIENT } from '../support/harness.ts';
import type { EidWorld } from '../support/eid.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

export const AUTHN_PROVIDER = 'https://id.oidc.se/param/authnProvider';

export interface EidLogin {
  agent: UserAgent;
  page: Page;
  verifier: string;
}

export async function bankIdLogin(
  world: EidWorld,
  rp: oidc.Configuration,
  options: {
    issuer: string;
    personalNumber: string;
    agent?: UserAgent;
    redirectUri?: string;
    params?: Record<string, string>;
  },
): Promise<EidLogin> {
  const agent = options.agent ?? new UserAgent(options.issuer, 'en');
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: options.redirectUri ?? TEST_CLIENT.redirect_uris[0]!,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: 's',
    nonce: 'n',
    [AUTHN_PROVIDER]: 'urn:portvakt:authn:bankid',
    ...options.params,
  });
  const first = await agent.open(url.toString());
  const choice = first.url.endsWith('/bankid')
    ? first
    : await agent.open(new URL('bankid', `${first.url}/`).toString());
  const status = await agent.submit(choice, '/bankid/start', { flow: 'qr' });
  const qr =
    /data-qr-content="([^"]+)"/.exec(status.html)?.[1] ?? assert.fail(`no QR code on the page:\n${status.html}`);
  world.bankid.app.scanQr(qr, options.personalNumber).approve();
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const page = await agent.open(status.url);
    if (!page.html.includes('data-eid-message') || !page.html.includes('/bankid/cancel'))
      return { agent, page: await consentIfAsked(agent, page), verifier };
  }
  throw new Error('the BankID order never finished');
}

export async function consentIfAsked(agent: UserAgent, page: Page): Promise<Page> {
  return page.html.includes('/consent"') ? agent.submit(page, '/consent', { decision: 'allow' }) : page;
}

export async function codeGrant(rp: oidc.Configuration, login: EidLogin) {
  assert.ok(
    login.page.url.startsWith(TEST_CLIENT.redirect_uris[0]!),
    `the login did not return to the relying party: ${login.page.url}\n${login.page.html}`,
  );
  return oidc.authorizationCodeGrant(rp, new URL(login.page.url), {
    pkceCodeVerifier: login.verifier,
    expectedState: 's',
    expectedNonce: 'n',
  });
}

export function alertOf(page: Page): string {
  return /role="alert"[^>]*>([^<]*)</.exec(page.html)?.[1] ?? '';
}
