// One sample portal's frame: options, discovery, sessions, security headers, error pages, the OIDC
// routes, CSRF and listening. Each portal adds its own pages between createPortal and listen.
import { createServer } from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type * as oidc from 'openid-client';
import { errorPages, PortalError } from './errors.ts';
import { addOidcRoutes, discover, readForm, type SignInHook } from './oidc.ts';
import { SessionStore, type Session, type SignedInUser } from './sessions.ts';
import { contentSecurityPolicy, html, type SafeHtml } from './page.ts';

export interface PortalOptions {
  issuer: string;
  port: number;
  /** Where to listen; `localhost` unless told. */
  host?: string;
  clientId: string;
  clientSecret: string;
  /** The address people use, when a TLS-terminating proxy stands in front; otherwise http://host:port. */
  publicUrl?: string;
  /** Allows an http issuer, for a development Portvakt on localhost only. */
  allowInsecureIssuer?: boolean;
  /** The clock for idle timeouts; tests move it forward. */
  now?: () => number;
}

export interface RunningPortal {
  url: string;
  close(): Promise<void>;
}

export interface Portal {
  app: Koa;
  router: Router;
  config: oidc.Configuration;
  sessions: SessionStore;
  baseUrl: string;
  now: () => number;
  /** Portvakt's account page, where the person manages their own login (numbers, passwords, apps). */
  accountUrl: string;
}

export interface PortalSettings {
  name: string;
  scope: string;
  locale: 'sv' | 'nb';
  /** Runs after every login, once the new portal session holds the user. */
  onSignIn?: SignInHook;
}

export async function createPortal(options: PortalOptions, settings: PortalSettings): Promise<Portal> {
  const host = options.host ?? 'localhost';
  const baseUrl = (options.publicUrl ?? `http://${host}:${options.port}`).replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const config = await discover(options);
  // Cookies ignore ports, so portals on one host need cookie names of their own.
  const sessions = new SessionStore(`portal_${options.clientId.replace(/[^a-z0-9]/gi, '_')}`, now);
  const app = new Koa();
  // Behind a proxy that terminates TLS, its X-Forwarded-Proto decides that cookies are Secure.
  app.proxy = options.publicUrl !== undefined;
  const router = new Router();
  const csp = contentSecurityPolicy(options.issuer);
  app.use(async (ctx, next) => {
    ctx.set('Content-Security-Policy', csp);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  });
  app.use(errorPages(settings.locale, settings.name));
  const { scope, locale, onSignIn } = settings;
  addOidcRoutes(router, { config, sessions, baseUrl, scope, locale, onSignIn });
  const accountUrl = `${config.serverMetadata().issuer.replace(/\/+$/, '')}/account`;
  return { app, router, config, sessions, baseUrl, now, accountUrl };
}

/** Mounts the routes last and listens; the port must be the one in the client's redirect URIs. */
export async function listen(portal: Portal, options: PortalOptions): Promise<RunningPortal> {
  portal.app.use(portal.router.routes()).use(portal.router.allowedMethods());
  const server = createServer(portal.app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? 'localhost', resolve);
  });
  return {
    url: portal.baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a visitor without a login through Portvakt and back to the page they asked for. */
export function requireUser(portal: Portal) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (portal.sessions.get(ctx).user) return next();
    // A form posted without a login has nothing to come back to but the page it was on.
    const returnTo = ctx.method === 'GET' ? ctx.originalUrl : '/';
    ctx.redirect(`/login?returnTo=${encodeURIComponent(returnTo)}`);
  };
}

/** The signed-in person; only behind requireUser. */
export function signedIn(portal: Portal, ctx: Context): SignedInUser {
  const user = portal.sessions.get(ctx).user;
  if (!user) throw new PortalError('login_failed', 401);
  return user;
}

/** The nav's link to Portvakt's account page, for a signed-in person. */
export function accountNavItem(portal: Pick<Portal, 'accountUrl'>, lang: 'sv' | 'nb'): SafeHtml {
  return html`<li><a href="${portal.accountUrl}">${lang === 'nb' ? 'Min konto' : 'Mitt konto'}</a></li>`;
}

export function csrfField(session: Session): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${session.csrf}">`;
}

/** Reads a form and checks its CSRF token against the session's. */
export async function readCheckedForm(ctx: Context, session: Session): Promise<URLSearchParams> {
  const form = await readForm(ctx);
  if (form.get('csrf') !== session.csrf) throw new PortalError('form_expired', 403);
  return form;
}

/** Claims from the ID token and UserInfo together; UserInfo is the fresher where both say something. */
export function claimsOf(user: SignedInUser): Record<string, unknown> {
  return { ...user.claims, ...user.userinfo };
}

export function displayName(user: SignedInUser): string {
  const claims = claimsOf(user);
  const name = claims.name ?? [claims.given_name, claims.family_name].filter(Boolean).join(' ');
  return typeof name === 'string' && name ? name : user.sub;
}
