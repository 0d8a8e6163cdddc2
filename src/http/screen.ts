// The one context every screen is drawn in, inside a login interaction or outside one (activation,
// invitation, the account page): the person's language, the client's address, and a CSRF token
// bound to what the host decides. A login's screens bind it to the interaction; a page outside
// one binds it to this browser, through a cookie of its own. Both kinds of screen remember a
// language the person picked in the same cookie, so a choice made on one holds on the other.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { PortvaktError } from '../../kernel/errors.ts';
import type { Config, Locale } from '../config/schema.ts';
import { isLocale, negotiateLocale, translator, type Translate } from '../i18n/translate.ts';
import { clientAddress } from './client-address.ts';
import { formField } from './form-field.ts';
import { readPageCookie, setPageCookie } from './page-cookies.ts';

export interface Screen {
  locale: Locale;
  t: Translate;
  ip: string;
  csrf: string;
}

/** What a form's token is bound to: one login interaction, or this browser. */
export type CsrfBinding = { interaction: string } | 'browser';

export interface ScreenSettings {
  config: Pick<Config, 'locales' | 'http'>;
  csrfKey: string;
}

export function openScreen(
  ctx: Context,
  settings: ScreenSettings,
  options: { csrf: CsrfBinding; uiLocales?: string | undefined },
): Screen {
  const locale = screenLocale(ctx, settings.config.locales.default, options.uiLocales);
  return {
    locale,
    t: translator(locale),
    ip: clientAddress(ctx, settings.config.http.trustedProxies),
    csrf: csrfToken(ctx, settings.csrfKey, options.csrf),
  };
}

/** A language picked on a screen wins, and is remembered; then ui_locales, Accept-Language, the default. */
export function screenLocale(ctx: Context, fallback: Locale, uiLocales?: string | undefined): Locale {
  const picked = typeof ctx.query.lang === 'string' ? ctx.query.lang : undefined;
  if (picked && isLocale(picked)) {
    setPageCookie(ctx, 'portvakt_lang', picked, { sameSite: 'lax' });
    return picked;
  }
  const remembered = readPageCookie(ctx, 'portvakt_lang');
  if (remembered && isLocale(remembered)) return remembered;
  return negotiateLocale({ uiLocales, acceptLanguage: ctx.get('accept-language'), fallback });
}

/** Posts must carry the screen's token and, when the browser says where they come from, our origin. */
export function assertScreenCsrf(ctx: Context, screen: Pick<Screen, 'csrf'>, issuer: string): void {
  const sent = Buffer.from(formField(ctx, 'csrf') ?? '');
  const expected = Buffer.from(screen.csrf);
  const origin = ctx.get('origin');
  if (
    sent.length !== expected.length ||
    !timingSafeEqual(sent, expected) ||
    (origin && origin !== new URL(issuer).origin)
  ) {
    throw new PortvaktError('csrf_failed', 'The form could not be verified.');
  }
}

function csrfToken(ctx: Context, key: string, binding: CsrfBinding): string {
  if (binding !== 'browser') return createHmac('sha256', key).update(`csrf|${binding.interaction}`).digest('base64url');
  let browser = readPageCookie(ctx, 'portvakt_browser');
  if (!browser || !/^[\w-]{22,64}$/.test(browser)) {
    browser = randomBytes(18).toString('base64url');
    setPageCookie(ctx, 'portvakt_browser', browser, { sameSite: 'strict' });
  }
  return createHmac('sha256', key).update(`page|${browser}`).digest('base64url');
}
