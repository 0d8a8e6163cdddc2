// Screens that live outside a login interaction (activation links, invitations, the account page):
// the one screen context with its CSRF token bound to this browser, and the shared layout.
import type { Context } from 'koa';
import { LOCALES, type Locale } from '../../src/config/schema.ts';
import { openScreen, type Screen, type ScreenSettings } from '../../src/http/screen.ts';
import { page, type PageBrand } from '../../src/web/layout.ts';
import type { LayoutInput } from './render.ts';

/** A screen outside a login, in the look of the organisation it belongs to, where that is known. */
export type PageContext = Screen & { brand?: PageBrand | undefined };

export function loadPage(ctx: Context, settings: ScreenSettings): PageContext {
  return openScreen(ctx, settings, { csrf: 'browser' });
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
    brand: context.brand,
    languageLinks: ctx.method === 'GET' ? LOCALES.map((locale) => ({ locale, href: withLanguage(ctx, locale) })) : [],
  });
}

function withLanguage(ctx: Context, locale: Locale): string {
  const params = new URLSearchParams(ctx.querystring);
  params.set('lang', locale);
  return `${ctx.path}?${params.toString()}`;
}
