// The few pages oidc-provider renders itself (errors, logout), in the person's language and in
// Portvakt's frame.
import { noteLogoutInitiator } from './logout-initiator.ts';
import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import type { Config, Locale } from '../config/schema.ts';
import { clientBrand } from './brands.ts';
import { translator } from '../i18n/translate.ts';
import { html, SafeHtml } from '../web/html.ts';
import { page } from '../web/layout.ts';
import { allowFormTargets } from '../http/security-headers.ts';
import { screenLocale } from '../http/screen.ts';

let settings: PageSettings = { locales: { default: 'sv' }, policies: {}, brands: {} };

type PageSettings = Pick<Config, 'policies' | 'brands'> & { locales: { default: Locale } };

/** Set once at start-up: the configured fallback language, and the brands the pages wear. */
export function setPageSettings(config: PageSettings): void {
  settings = config;
}

/** The frame of these pages: the brand of the client the request names, and its name. */
function frameOf(ctx: KoaContextWithOIDC, locale: Locale) {
  const client = ctx.oidc?.client;
  return { brand: clientBrand(settings, client, locale), serviceName: client?.clientName };
}

/** The language the person picked on a login screen, then ui_locales, then the browser's. */
function localeOf(ctx: KoaContextWithOIDC): Locale {
  const uiLocales = ctx.oidc?.params?.ui_locales;
  return screenLocale(ctx, settings.locales.default, typeof uiLocales === 'string' ? uiLocales : undefined);
}

export async function renderError(ctx: KoaContextWithOIDC, out: ErrorOut, error: unknown): Promise<void> {
  const locale = localeOf(ctx);
  const t = translator(locale);
  const status = (error as { status?: number }).status ?? 500;
  const message = status >= 500 ? t('error.generic') : t('error.oauth', { error: out.error });
  ctx.type = 'html';
  ctx.body = page({
    ...frameOf(ctx, locale),
    locale,
    t,
    title: t('error.title'),
    body: html`<p class="error" role="alert">${message}</p>${status < 500 && out.error_description ? html`<p class="muted">${out.error_description}</p>` : ''}`,
  });
}

/**
 * RP-Initiated Logout §2: with an ID token of this very session as its hint, the relying party has
 * already decided, so the person is logged out without a question (a script presses the button; a
 * browser without one shows it). Any other logout asks first, naming the service: a bare link to
 * end_session must not end someone's login by itself.
 */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  noteLogoutInitiator(ctx);
  const locale = localeOf(ctx);
  const t = translator(locale);
  const client = ctx.oidc.client;
  const service = client?.clientName ?? client?.clientId;
  allowFormTargets(ctx, client?.postLogoutRedirectUris ?? []);
  ctx.type = 'html';
  // `form` is oidc-provider's own hidden form with its CSRF token; it carries no user input.
  const oidcForm = new SafeHtml(form);
  if (hintNamesThisSession(ctx)) {
    ctx.body = page({
      ...frameOf(ctx, locale),
      locale,
      t,
      title: t('logout.title'),
      head: html`<script src="/assets/auto-submit.js" defer></script>`,
      body: html`${oidcForm}<p role="status">${service ? t('logout.leaving', { service }) : t('logout.leavingAll')}</p>
<div class="actions"><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" data-auto-submit>${t('logout.continue')}</button></div>`,
    });
    return;
  }
  ctx.body = page({
    ...frameOf(ctx, locale),
    locale,
    t,
    title: t('logout.title'),
    body: html`${oidcForm}<p>${service ? t('logout.questionFrom', { service }) : t('logout.question')}</p>
<div class="actions"><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${t('logout.yes')}</button>
<button class="secondary" type="submit" form="op.logoutForm">${t('logout.no')}</button></div>`,
  });
}

/**
 * Whether the validated id_token_hint was issued in the browser's current session: its `sid` is the
 * one the session holds for that client, or (a client without `sid` in its ID tokens) its public
 * `sub` and `auth_time` are the session's account and login time. oidc-provider
 * checks the hint's signature and audience before this runs, and ignores its expiry, as the
 * specification allows.
 */
function hintNamesThisSession(ctx: KoaContextWithOIDC): boolean {
  const hint = ctx.oidc.entities.IdTokenHint as
    { payload?: { sid?: unknown; sub?: unknown; auth_time?: unknown } } | undefined;
  const client = ctx.oidc.client;
  const session = ctx.oidc.session;
  if (!hint?.payload || !client || !session?.accountId) return false;
  // Read, not sidFor(): that would add an empty authorization for the client to the session.
  const authorization = session.authorizations?.[client.clientId];
  if (!authorization) return false;
  if (hint.payload.sid !== undefined) return authorization.sid !== undefined && hint.payload.sid === authorization.sid;
  return (
    client.subjectType === 'public' &&
    hint.payload.sub === session.accountId &&
    hint.payload.auth_time !== undefined &&
    hint.payload.auth_time === session.loginTs
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  const locale = localeOf(ctx);
  const t = translator(locale);
  ctx.type = 'html';
  ctx.body = page({
    ...frameOf(ctx, locale),
    locale,
    t,
    title: t('logout.title'),
    body: html`<p role="status">${t('logout.done')}</p><p class="muted">${t('logout.doneHint')}</p>`,
  });
}
