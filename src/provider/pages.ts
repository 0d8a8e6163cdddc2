// The few pages oidc-provider renders itself (errors, logout), in the person's language and in
// Portvakt's frame.
import { noteLogoutInitiator } from './logout-initiator.ts';
import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import type { Locale } from '../config/schema.ts';
import { negotiateLocale, translator } from '../i18n/translate.ts';
import { html, SafeHtml } from '../web/html.ts';
import { page } from '../web/layout.ts';
import { allowFormTargets } from '../http/security-headers.ts';

let defaultLocale: Locale = 'sv';

/** Set once at start-up: the configured fallback language. */
export function setPageLocale(locale: Locale): void {
  defaultLocale = locale;
}

function localeOf(ctx: KoaContextWithOIDC): Locale {
  const uiLocales = ctx.oidc?.params?.ui_locales;
  return negotiateLocale({
    uiLocales: typeof uiLocales === 'string' ? uiLocales : undefined,
    acceptLanguage: ctx.get('accept-language'),
    fallback: defaultLocale,
  });
}

export async function renderError(ctx: KoaContextWithOIDC, out: ErrorOut, error: unknown): Promise<void> {
  const locale = localeOf(ctx);
  const t = translator(locale);
  const status = (error as { status?: number }).status ?? 500;
  const message = status >= 500 ? t('error.generic') : t('error.oauth', { error: out.error });
  ctx.type = 'html';
  ctx.body = page({
    locale,
    t,
    title: t('error.title'),
    body: html`<p class="error" role="alert">${message}</p>${status < 500 && out.error_description ? html`<p class="muted">${out.error_description}</p>` : ''}`,
  });
}

export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  noteLogoutInitiator(ctx);
  const locale = localeOf(ctx);
  const t = translator(locale);
  allowFormTargets(ctx, ctx.oidc.client?.postLogoutRedirectUris ?? []);
  ctx.type = 'html';
  // `form` is oidc-provider's own hidden form with its CSRF token; it carries no user input.
  ctx.body = page({
    locale,
    t,
    title: t('logout.title'),
    body: html`${new SafeHtml(form)}<p>${t('logout.question')}</p>
<div class="actions"><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${t('logout.yes')}</button>
<button class="secondary" type="submit" form="op.logoutForm">${t('logout.no')}</button></div>`,
  });
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  const locale = localeOf(ctx);
  const t = translator(locale);
  ctx.type = 'html';
  ctx.body = page({
    locale,
    t,
    title: t('logout.title'),
    body: html`<p role="status">${t('logout.done')}</p><p class="muted">${t('logout.doneHint')}</p>`,
  });
}
