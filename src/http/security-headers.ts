// A strict Content-Security-Policy and friends on every response. Pages whose forms lead to a
// relying party (consent, logout) widen form-action to that party's origins: browsers apply
// form-action to the redirects that follow a form post.
import type { Context, Next } from 'koa';

const BASE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
];

/** Every page's headers, computed once. */
export const PAGE_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', [...BASE_POLICY, "form-action 'self'"].join('; ')],
  ['X-Content-Type-Options', 'nosniff'],
  // same-origin, not no-referrer: browsers send `Origin: null` on form posts under no-referrer, which
  // would defeat the origin check on our own forms. Nothing leaks to other origins either way.
  ['Referrer-Policy', 'same-origin'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

/**
 * JSON answers to programs (discovery, JWKS, token, introspection, UserInfo): a page's policy for
 * forms, scripts and referrers means nothing there; nosniff and a deny-all CSP keep an answer
 * from ever being run as a page.
 */
export const API_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

export async function securityHeaders(ctx: Context, next: Next): Promise<void> {
  for (const [name, value] of PAGE_HEADERS) ctx.res.setHeader(name, value);
  await next();
}

/** Lets the page show an image from one more origin (a client's registered https logo). */
export function allowImageSource(ctx: Context, uri: string): void {
  let origin: string;
  try {
    origin = new URL(uri).origin;
  } catch {
    return;
  }
  const current = ctx.response.get('Content-Security-Policy');
  if (current)
    ctx.set('Content-Security-Policy', current.replace("img-src 'self' data:", `img-src 'self' data: ${origin}`));
}

export function allowFormTargets(ctx: Context, uris: readonly string[]): void {
  const origins = new Set<string>();
  for (const uri of uris) {
    try {
      origins.add(new URL(uri).origin);
    } catch {
      // Registered URIs are validated by oidc-provider; anything unparsable is simply not allowed.
    }
  }
  const current = ctx.response.get('Content-Security-Policy');
  if (!current) return;
  ctx.set(
    'Content-Security-Policy',
    current.replace("form-action 'self'", ["form-action 'self'", ...origins].join(' ')),
  );
}
