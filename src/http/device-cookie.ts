// A random identifier for this browser, kept for 399 days (the longest a browser keeps a cookie,
// RFC 6265bis §5.5): what BankID asks for as `web.deviceIdentifier`, stable per browser and never
// derived from who the person is or where they are. HttpOnly, and Secure with the `__Host-` prefix
// over TLS (page-cookies.ts).
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { readPageCookie, setPageCookie } from './page-cookies.ts';

const LIFETIME_MS = 399 * 24 * 3600 * 1000;

export function browserDeviceId(ctx: Context): string {
  const kept = readPageCookie(ctx, 'portvakt_device');
  if (kept && /^[\w-]{43}$/.test(kept)) return kept;
  const fresh = randomBytes(32).toString('base64url');
  setPageCookie(ctx, 'portvakt_device', fresh, { sameSite: 'lax', maxAge: LIFETIME_MS });
  return fresh;
}
