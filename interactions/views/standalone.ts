// Screens that live outside a login interaction (activation links, invitations, the account page):
// the person's language, a CSRF token bound to a per-browser cookie, and the shared layout.
import { readPageCookie, setPageCookie, type PageCookie } from '../../src/http/page-cookies.ts';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { LOCALES, type Locale } from '../../src/config/schema.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { isLocale, negotiateLocale, translator, type Translate } from '../../src/i18n/translate.ts';
import type { InteractionServices } from '../context.ts';
import { formField } from '../context.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';
import { page } from '../../src/web/layout.ts';
import type { LayoutInput } from './render.ts';

export interface PageContext {
  locale: Locale;
  t: Translate;
  ip: string;
  csrf: string;
}

const BROWSER_COOKIE: PageCookie = 'portvakt_browser';
const LANGUAGE_COOKIE: PageCookie = 'portvakt_page_lang';

export function loadPage(ctx: Context, services: Pick<InteractionServices, 'config' | 'csrfKey'>): PageContext {
  const locale = pageLocale(ctx, services.config.locales.default);
  return {
    locale,
    t: translator(locale),
    ip: clientAddress(ctx, services.config.http.trustedProxies),
    csrf: csrfFor(ctx, services),
  };
}

/** Posts must carry the token bound to this browser's cookie and, when the browser says, come from our origin. */
export function assertPageCsrf(ctx: Context, page: PageContext, issuer: string): void {
  const sent = Buffer.from(formField(ctx, 'csrf') ?? '');
  const expected = Buffer.from(page.csrf);
  const origin = ctx.get('origin');
  if (
    sent.length !== expected.length ||
    !timingSafeEqual(sent, expected) ||
    (origin && origin !== new URL(issuer).origin)
  ) {
    throw new PortvaktError('csrf_failed', 'The form could not be verified.');
  }
}

export function pageCsrfField(page: PageContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${page.csrf}">`;
}

export function renderPage(ctx: Context, page: PageContext, input: LayoutInput): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.status = input.status ?? 200;
  ctx.type = 'html';
  ctx.body = pageHtml(ctx, page, input);
}

function pageHtml(ctx: Context, context: PageContext, input: LayoutInput): string {
  return page({
    locale: context.locale,
    t: context.t,
    title: input.title,
    body: input.body,
    head: input.head,
    languageLinks: ctx.method === 'GET' ? LOCALES.map((locale) => ({ locale, href: withLanguage(ctx, locale) })) : [],
  });
}

function withLanguage(ctx: Context, locale: Locale): string {
  const params = new URLSearchParams(ctx.querystring);
  params.set('lang', locale);
  return `${ctx.path}?${params.toString()}`;
}

function pageLocale(ctx: Context, fallback: Locale): Locale {
  const picked = typeof ctx.query.lang === 'string' ? ctx.query.lang : undefined;
  if (picked && isLocale(picked)) {
    setPageCookie(ctx, LANGUAGE_COOKIE, picked, { sameSite: 'lax' });
    return picked;
  }
  const remembered = readPageCookie(ctx, LANGUAGE_COOKIE);
  if (remembered && isLocale(remembered)) return remembered;
  return negotiateLocale({ acceptLanguage: ctx.get('accept-language'), fallback });
}

function csrfFor(ctx: Context, services: Pick<InteractionServices, 'csrfKey'>): string {
  let browser = readPageCookie(ctx, BROWSER_COOKIE);
  if (!browser || !/^[\w-]{22,64}$/.test(browser)) {
    browser = randomBytes(18).toString('base64url');
    setPageCookie(ctx, BROWSER_COOKIE, browser, { sameSite: 'strict' });
  }
  return createHmac('sha256', services.csrfKey).update(`page|${browser}`).digest('base64url');
}
