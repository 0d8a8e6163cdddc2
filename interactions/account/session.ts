// The account page as a relying party of Portvakt: the authorization code flow with PKCE, state
// and nonce (kept in a short-lived sealed cookie), the ID token checked by openid-client, and the
// page's own session in a sealed, httpOnly, SameSite=Strict cookie that lapses after 15 idle minutes.
import { clearPageCookie, readPageCookie, setPageCookie, type PageCookie } from '../../src/http/page-cookies.ts';
import type { Context } from 'koa';
import * as oidc from 'openid-client';
import { PortvaktError } from '../../kernel/errors.ts';
import { inNetworks, networkList } from '../../src/http/networks.ts';
import { ACCOUNT_CLIENT_ID, accountClientSecret, accountPageUrls } from '../../src/provider/account-client.ts';
import { ACR } from '../../src/provider/vocabulary.ts';
import type { InteractionServices } from '../context.ts';
import type { PageContext } from '../views/standalone.ts';

/** The part of the shared services these screens use. */
type AccountSessionServices = Pick<InteractionServices, 'config' | 'csrfKey' | 'logger' | 'sealer'>;

export interface AccountSession {
  sub: string;
  /** Seconds since the epoch, from the ID token. */
  authTime: number;
  amr: string[];
  acr: string;
  /** The person logged in from one of the account page policy's trusted networks. */
  trustedNetwork: boolean;
  idToken: string;
  idleUntil: number;
  until: number;
}

interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  stepUp: boolean;
  returnTo: string;
  until: number;
}

const SESSION_COOKIE: PageCookie = 'portvakt_account';
const LOGIN_COOKIE: PageCookie = 'portvakt_account_login';
const IDLE_MS = 15 * 60_000;
const ABSOLUTE_MS = 8 * 3600_000;
const LOGIN_MS = 10 * 60_000;
const RESTART_MARGIN_MS = 5_000;
/** How recent a second factor must be for phone numbers and second factors to change. */
export const FRESH_FACTOR_MS = 10 * 60_000;

const relyingParties = new WeakMap<object, Promise<oidc.Configuration>>();

/** openid-client configured from Portvakt's own discovery document, once per process. */
function relyingParty(services: AccountSessionServices): Promise<oidc.Configuration> {
  let configuration = relyingParties.get(services);
  if (!configuration) {
    const { issuer } = services.config;
    configuration = oidc.discovery(
      new URL(issuer),
      ACCOUNT_CLIENT_ID,
      { client_secret: accountClientSecret(services.csrfKey) },
      undefined,
      {
        ...(issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
    // A failed discovery is retried by the next request rather than remembered.
    configuration.catch(() => relyingParties.delete(services));
    relyingParties.set(services, configuration);
  }
  return configuration.catch((cause: unknown) => {
    throw new PortvaktError('internal', 'The account page cannot reach its provider.', { cause, status: 503 });
  });
}

/** Sends the browser to the authorization endpoint; a step-up asks for a fresh login with a second factor. */
export async function startLogin(
  ctx: Context,
  services: AccountSessionServices,
  page: PageContext,
  options: { stepUp?: boolean; returnTo?: string } = {},
): Promise<void> {
  const rp = await relyingParty(services);
  const pending: PendingLogin = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    stepUp: options.stepUp === true,
    returnTo: options.returnTo ?? '/account',
    until: Date.now() + LOGIN_MS,
  };
  const params: Record<string, string> = {
    redirect_uri: accountPageUrls(services.config.issuer).callback,
    scope: 'openid',
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ui_locales: page.locale,
  };
  if (pending.stepUp) Object.assign(params, { max_age: '0', acr_values: ACR.loa2 });
  setPageCookie(ctx, LOGIN_COOKIE, services.sealer.seal(JSON.stringify(pending)), {
    sameSite: 'lax',
    maxAge: LOGIN_MS,
  });
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(oidc.buildAuthorizationUrl(rp, params).toString());
}

export type CallbackResult =
  { ok: true; returnTo: string; stepUp: boolean; session: AccountSession } | { ok: false; reason: string };

/** Exchanges the code and checks the ID token; the pending login is used once whatever happens. */
export async function completeLogin(
  ctx: Context,
  services: AccountSessionServices,
  page: PageContext,
): Promise<CallbackResult> {
  const pending = readSealed<PendingLogin>(services, readPageCookie(ctx, LOGIN_COOKIE));
  clearPageCookie(ctx, LOGIN_COOKIE, 'lax');
  if (!pending || pending.until < Date.now()) return { ok: false, reason: 'no_pending_login' };
  const rp = await relyingParty(services);
  const current = new URL(accountPageUrls(services.config.issuer).callback);
  current.search = ctx.querystring;
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(rp, current, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (cause) {
    const reason =
      cause instanceof oidc.AuthorizationResponseError
        ? cause.error
        : ((cause as { code?: string }).code ?? 'token_exchange_failed');
    services.logger.info({ reason }, 'account page login not completed');
    return { ok: false, reason };
  }
  const claims = tokens.claims()!;
  const policy = accountPagePolicy(services);
  const now = Date.now();
  const session: AccountSession = {
    sub: claims.sub,
    authTime: typeof claims.auth_time === 'number' ? claims.auth_time : Math.floor(now / 1000),
    amr: Array.isArray(claims.amr) ? claims.amr.filter((value): value is string => typeof value === 'string') : [],
    acr: typeof claims.acr === 'string' ? claims.acr : '',
    trustedNetwork: inNetworks(networkList(policy.trustedNetworks), page.ip),
    idToken: tokens.id_token!,
    idleUntil: now + IDLE_MS,
    until: now + ABSOLUTE_MS,
  };
  writeSession(ctx, services, session);
  return { ok: true, returnTo: pending.returnTo, stepUp: pending.stepUp, session };
}

/** The page's session, its idle time renewed; undefined when there is none or it lapsed. */
export function readSession(ctx: Context, services: AccountSessionServices): AccountSession | undefined {
  const session = readSealed<AccountSession>(services, readPageCookie(ctx, SESSION_COOKIE));
  const now = Date.now();
  if (!session || session.idleUntil < now || session.until < now) return undefined;
  writeSession(ctx, services, { ...session, idleUntil: Math.min(now + IDLE_MS, session.until) });
  return session;
}

function writeSession(ctx: Context, services: AccountSessionServices, session: AccountSession): void {
  setPageCookie(ctx, SESSION_COOKIE, services.sealer.seal(JSON.stringify(session)), {
    sameSite: 'strict',
    maxAge: IDLE_MS,
  });
}

/** When the page's session began: it lasts ABSOLUTE_MS from then. */
export function sessionStartedAt(session: AccountSession): number {
  return session.until - ABSOLUTE_MS;
}

export function endSession(ctx: Context): void {
  clearPageCookie(ctx, SESSION_COOKIE, 'strict');
}

/** RP-initiated logout: the provider ends its session too and returns the person to the account page. */
export async function logoutUrl(
  services: AccountSessionServices,
  session: AccountSession,
  page: PageContext,
): Promise<string> {
  const rp = await relyingParty(services);
  return oidc
    .buildEndSessionUrl(rp, {
      id_token_hint: session.idToken,
      post_logout_redirect_uri: accountPageUrls(services.config.issuer).home,
      ui_locales: page.locale,
    })
    .toString();
}

export function accountPagePolicy(services: AccountSessionServices) {
  const { policies, accounts } = services.config;
  return policies[accounts.accountPagePolicy] ?? policies.default ?? Object.values(policies)[0]!;
}

/**
 * Phone numbers and second factors change only after a second factor in the last ten minutes, or
 * from one of the account page policy's trusted networks (checked for the address of this request).
 */
export function mayChangeFactors(
  services: AccountSessionServices,
  session: AccountSession,
  ip: string,
  now = Date.now(),
): boolean {
  const fresh = session.amr.includes('mfa') && now - session.authTime * 1000 <= FRESH_FACTOR_MS;
  return fresh || inNetworks(networkList(accountPagePolicy(services).trustedNetworks), ip);
}

/** Whether the phone numbers may change now, or what the person must do first. */
export type PhoneChange = 'allowed' | 'needsFreshFactor' | 'needsTrustedNetwork';

export function phoneChange(services: AccountSessionServices, session: AccountSession, ip: string): PhoneChange {
  const policy = accountPagePolicy(services);
  if (policy.phoneChanges === 'trustedNetworkOnly')
    return inNetworks(networkList(policy.trustedNetworks), ip) ? 'allowed' : 'needsTrustedNetwork';
  return mayChangeFactors(services, session, ip) ? 'allowed' : 'needsFreshFactor';
}

/**
 * A passkey may be bound now: the page's login proved two factors (an eID, or a password and a
 * code) in the last minutes. A trusted network does not stand in, since a passkey is a way in.
 */
export function mayBindPasskey(session: AccountSession, now = Date.now()): boolean {
  return hasFreshSecondFactor(session, now);
}

/** The page's login proved two factors (an eID, or a password and a code) in the last minutes. */
export function hasFreshSecondFactor(session: AccountSession, now = Date.now()): boolean {
  return session.amr.includes('mfa') && now - session.authTime * 1000 <= FRESH_FACTOR_MS;
}

/**
 * After the account's sessions were ended everywhere by a change made on this page: this page's
 * own session starts again, a moment after the cut, so it is not among the ended ones (the
 * database and this process may disagree on the time by a little).
 */
export function restartSession(ctx: Context, services: AccountSessionServices, session: AccountSession): void {
  const now = Date.now() + RESTART_MARGIN_MS;
  writeSession(ctx, services, { ...session, idleUntil: now + IDLE_MS, until: now + ABSOLUTE_MS });
}

function readSealed<T>(services: AccountSessionServices, value: string | undefined): T | undefined {
  if (!value) return undefined;
  try {
    return JSON.parse(services.sealer.open(value)) as T;
  } catch {
    return undefined;
  }
}
