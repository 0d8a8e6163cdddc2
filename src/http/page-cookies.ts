// Portvakt's own page cookies (not oidc-provider's). Over TLS each is `Secure` and carries the
// `__Host-` prefix, which browsers accept only without a Domain and with Path=/, so no sibling
// host or plain-http page can plant or overwrite it (RFC 6265bis §4.1.3.2). The prefix follows
// the connection as the trusted proxy reports it, because a Secure cookie cannot be set over http.
import type { Context } from 'koa';

export type PageCookie =
  | 'portvakt_lang'
  | 'portvakt_browser'
  | 'portvakt_device'
  | 'portvakt_account'
  | 'portvakt_account_login'
  | 'portvakt_account_totp'
  | 'portvakt_invitation'
  | 'portvakt_service'
  | 'portvakt_handoff'
  | 'portvakt_invitation_details';

export interface PageCookieOptions {
  sameSite: 'strict' | 'lax';
  /** Milliseconds; a session cookie when absent, and 0 to remove it. */
  maxAge?: number | undefined;
}

function overTls(ctx: Context): boolean {
  return ctx.protocol === 'https';
}

/** The name on the wire: `__Host-portvakt_…` over TLS. */
export function pageCookieName(ctx: Context, cookie: PageCookie): string {
  return overTls(ctx) ? `__Host-${cookie}` : cookie;
}

export function readPageCookie(ctx: Context, cookie: PageCookie): string | undefined {
  return ctx.cookies.get(pageCookieName(ctx, cookie)) || undefined;
}

export function setPageCookie(ctx: Context, cookie: PageCookie, value: string, options: PageCookieOptions): void {
  ctx.cookies.set(pageCookieName(ctx, cookie), value, {
    path: '/',
    httpOnly: true,
    sameSite: options.sameSite,
    secure: overTls(ctx),
    overwrite: true,
    ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}),
  });
}

export function clearPageCookie(ctx: Context, cookie: PageCookie, sameSite: PageCookieOptions['sameSite']): void {
  setPageCookie(ctx, cookie, '', { sameSite, maxAge: 0 });
}
