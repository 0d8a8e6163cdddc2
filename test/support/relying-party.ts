// The relying party side of the tests: openid-client configured against a test Portvakt.
import * as oidc from 'openid-client';
import { DEMO_PASSWORD, TEST_CLIENT } from './harness.ts';
import { UserAgent, type Page } from './user-agent.ts';

export async function discover(
  issuer: string,
  clientId = TEST_CLIENT.client_id,
  secret: string | undefined = TEST_CLIENT.client_secret,
  metadata: Partial<oidc.ClientMetadata> = {},
  auth?: oidc.ClientAuth,
) {
  return oidc.discovery(
    new URL(issuer),
    clientId,
    { ...metadata, ...(secret ? { client_secret: secret } : {}) },
    auth,
    { execute: [oidc.allowInsecureRequests] },
  );
}

export interface LoginResult {
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  agent: UserAgent;
  callback: URL;
  verifier: string;
}

/** Runs the authorization code flow with PKCE, logging in with a username and password. */
export async function loginWithPassword(
  config: oidc.Configuration,
  options: {
    issuer: string;
    username?: string;
    password?: string;
    params?: Record<string, string>;
    agent?: UserAgent;
    redirectUri?: string;
  },
): Promise<LoginResult> {
  const agent = options.agent ?? new UserAgent(options.issuer);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri ?? TEST_CLIENT.redirect_uris[0]!,
    scope: 'openid profile email offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    prompt: 'consent',
    ...options.params,
  });
  let page = await agent.open(url.toString());
  page = await completeLogin(agent, page, options.username ?? 'anna', options.password ?? DEMO_PASSWORD);
  const callback = new URL(page.url);
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return { tokens, agent, callback, verifier };
}

/** From wherever the flow is, fills in the password form and consents when asked. */
export async function completeLogin(agent: UserAgent, start: Page, username: string, password: string): Promise<Page> {
  let page = start;
  if (page.html.includes('/password"')) page = await agent.submit(page, '/password', { username, password });
  if (page.html.includes('/consent"')) page = await agent.submit(page, '/consent', { decision: 'allow' });
  if (page.html) throw new Error(`login did not leave Portvakt (status ${page.status}):\n${page.html}`);
  return page;
}
