// The OIDC wiring every sample portal shares, with openid-client: discovery, login (code flow with
// PKCE, state and nonce), callback, RP-initiated logout and back-channel logout. Copy this file to
// start a relying party of your own.
import type Router from '@koa/router';
import type { Context } from 'koa';
import * as oidc from 'openid-client';
import { PortalError } from './errors.ts';
import { logoutTokenVerifier } from './logout-token.ts';
import type { Session, SessionStore, SignedInUser } from './sessions.ts';

export interface ClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowInsecureIssuer?: boolean;
}

export async function discover(options: ClientOptions): Promise<oidc.Configuration> {
  return oidc.discovery(
    new URL(options.issuer),
    options.clientId,
    options.clientSecret,
    undefined,
    // Only for a development issuer on http://localhost; production issuers use https.
    options.allowInsecureIssuer ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
}

/** What a portal does once a login has stored its user, such as moving data kept under a merged `sub`. */
export type SignInHook = (user: SignedInUser, session: Session) => void | Promise<void>;

export interface OidcRoutesOptions {
  config: oidc.Configuration;
  sessions: SessionStore;
  baseUrl: string;
  scope: string;
  locale: string;
  onSignIn?: SignInHook | undefined;
}

export function addOidcRoutes(router: Router, options: OidcRoutesOptions): void {
  addLogin(router, options);
  addCallback(router, options);
  addLogout(router, options);
  addBackchannelLogout(router, options);
}

/** Only a same-origin path may be a return target: never `//host` or `/\host`. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  return value;
}

/**
 * `/login?returnTo=/path[&prompt=create][&acr_values=…]`: remembers the round trip and sends the
 * person to Portvakt. `acr_values` asks for a higher level (a step-up); the portal still judges the
 * `acr` and `amr` that come back, as a person may edit this link.
 */
function addLogin(router: Router, { config, sessions, baseUrl, scope, locale }: OidcRoutesOptions): void {
  router.get('/login', async (ctx) => {
    const verifier = oidc.randomPKCECodeVerifier();
    const create = ctx.query.prompt === 'create';
    const transaction = {
      verifier,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      returnTo: safeReturnPath(ctx.query.returnTo),
      create,
    };
    sessions.get(ctx).transaction = transaction;
    const parameters: Record<string, string> = {
      redirect_uri: `${baseUrl}/callback`,
      scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
      ui_locales: locale,
    };
    // OpenID Connect Prompt Create 1.0: the person wants an account; a provider without it refuses.
    if (create) parameters.prompt = 'create';
    if (typeof ctx.query.acr_values === 'string' && ctx.query.acr_values.length <= 512)
      parameters.acr_values = ctx.query.acr_values;
    ctx.redirect(oidc.buildAuthorizationUrl(config, parameters).href);
  });
}

/** Exchanges the code, checks state, nonce and the ID token, and starts a new portal session. */
function addCallback(router: Router, { config, sessions, baseUrl, onSignIn }: OidcRoutesOptions): void {
  router.get('/callback', async (ctx) => {
    const session = sessions.get(ctx);
    const transaction = session.transaction;
    if (!transaction) throw new PortalError('login_failed', 400);
    delete session.transaction;
    // A refused or cancelled login (`?error=…`), a wrong state or a bad token all end here.
    const tokens = await oidc
      .authorizationCodeGrant(config, new URL(ctx.originalUrl, baseUrl), {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
      })
      .catch((error: unknown) => {
        throw new PortalError(
          transaction.create && ctx.query.error ? 'registration_unavailable' : 'login_failed',
          400,
          { cause: error },
        );
      });
    const claims = tokens.claims()!;
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    const fresh = sessions.create(ctx, session);
    fresh.user = {
      sub: claims.sub,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
      idToken: tokens.id_token!,
      claims: { ...claims },
      userinfo: { ...userinfo },
    };
    await onSignIn?.(fresh.user, fresh);
    ctx.redirect(transaction.returnTo);
  });
}

/** Ends the portal session, then Portvakt's, which comes back to the portal's start page. */
function addLogout(router: Router, options: OidcRoutesOptions): void {
  router.post('/logout', async (ctx) => {
    const session = options.sessions.get(ctx);
    const form = await readForm(ctx);
    if (form.get('csrf') !== session.csrf) throw new PortalError('form_expired', 403);
    options.sessions.create(ctx, session);
    ctx.redirect(session.user ? endSessionUrl(options, session.user) : '/');
  });
}

/** Portvakt's server-to-server call when a Portvakt session ends elsewhere. */
function addBackchannelLogout(router: Router, { config, sessions }: OidcRoutesOptions): void {
  const verify = logoutTokenVerifier(config);
  router.post('/backchannel-logout', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const token = (await readForm(ctx)).get('logout_token');
    const claims = token ? await verify(token) : undefined;
    if (!claims) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request' };
      return;
    }
    // Section 2.7: a token naming Portvakt's session ends the portal sessions of that session; a
    // token without one (or a portal session that never learnt its `sid`) goes by the person.
    sessions.deleteWhere((user) => (claims.sid && user.sid ? user.sid === claims.sid : user.sub === claims.sub));
    ctx.status = 200;
    ctx.body = '';
  });
}

/** Where to send the browser to end the Portvakt session too; an expired ID token is still a valid hint. */
export function endSessionUrl(options: Pick<OidcRoutesOptions, 'config' | 'baseUrl'>, user: SignedInUser): string {
  return oidc.buildEndSessionUrl(options.config, {
    id_token_hint: user.idToken,
    post_logout_redirect_uri: `${options.baseUrl}/`,
  }).href;
}

/** Reads an application/x-www-form-urlencoded body of at most 64 KiB. */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 65536) throw new PortalError('too_large', 413);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
