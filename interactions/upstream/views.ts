// The staff login screens: a refusal with a way forward, the page that proves an existing account
// before linking it, and the page the ACS shows when an answer names no login in progress.
import type { Context } from 'koa';
import type { OidcUpstreamFailure } from '../../src/eid/oidc-upstream/errors.ts';
import type { SamlFailure } from '../../src/eid/saml/errors.ts';
import { negotiateLocale, translator } from '../../src/i18n/translate.ts';
import type { Locale } from '../../src/config/schema.ts';
import { abortForm } from '../chooser.ts';
import type { InteractionContext } from '../context.ts';
import type { LoginMethod } from '../method.ts';
import { csrfField, errorSummary } from '../../src/web/forms.ts';
import { html } from '../../src/web/html.ts';
import { page } from '../../src/web/layout.ts';
import { renderScreen } from '../views/render.ts';
import { upstreamText, type PlainUpstreamTextKey } from './messages.ts';

export type RefusalReason = SamlFailure | OidcUpstreamFailure | 'no_account' | 'inactive' | 'conflict' | 'lost';

const REFUSAL_TEXT: Record<RefusalReason, PlainUpstreamTextKey> = {
  malformed: 'refused.signature',
  signature: 'refused.signature',
  unencrypted: 'refused.signature',
  decryption: 'refused.signature',
  id_token: 'refused.signature',
  issuer: 'refused.mismatch',
  audience: 'refused.mismatch',
  recipient: 'refused.mismatch',
  in_response_to: 'refused.mismatch',
  relay_state: 'refused.mismatch',
  state: 'refused.mismatch',
  nonce: 'refused.mismatch',
  token: 'refused.mismatch',
  expired: 'refused.expired',
  not_yet_valid: 'refused.expired',
  replay: 'refused.replay',
  status: 'refused.denied',
  denied: 'refused.denied',
  unavailable: 'refused.unavailable',
  subject_missing: 'refused.incomplete',
  domain: 'refused.domain',
  assurance: 'refused.assurance',
  no_account: 'refused.noAccount',
  inactive: 'refused.inactive',
  conflict: 'refused.conflict',
  lost: 'refused.lost',
};

export function methodLabel(method: LoginMethod, locale: Locale): string {
  return typeof method.label === 'string' ? translator(locale)(method.label) : method.label[locale];
}

export function refusalScreen(
  ctx: Context,
  interaction: InteractionContext,
  method: LoginMethod,
  reason: RefusalReason,
): void {
  const { t, uid, locale } = interaction;
  renderScreen(ctx, interaction, {
    title: methodLabel(method, locale),
    status: 400,
    body: html`<p class="error" role="alert">${upstreamText(REFUSAL_TEXT[reason], locale)}</p>
<p><a class="button" href="/interaction/${uid}/${method.id}">${upstreamText('retry', locale)}</a></p>
<p><a href="/interaction/${uid}">${t('password.back')}</a></p>
${abortForm(interaction)}`,
  });
}

export function linkScreen(
  ctx: Context,
  interaction: InteractionContext,
  method: LoginMethod,
  state: { username: string; error?: string | undefined; status?: number },
): void {
  const { t, uid, locale } = interaction;
  renderScreen(ctx, interaction, {
    title: upstreamText('link.title', locale),
    status: state.status,
    body: html`${errorSummary(state.error)}
<p>${upstreamText('link.intro', locale, { idp: methodLabel(method, locale) })}</p>
<form method="post" action="/interaction/${uid}/${method.id}/link" novalidate>
${csrfField(interaction)}
<label for="username">${t('password.username')}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${state.username}" autofocus>
<label for="password">${t('password.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${upstreamText('link.submit', locale)}</button>
</form>
${abortForm(interaction)}`,
  });
}

/** For an answer that names no login in progress: there is no interaction to render into. */
export function orphanPage(ctx: Context, fallback: Locale, reason: RefusalReason): void {
  const locale = negotiateLocale({ acceptLanguage: ctx.get('accept-language'), fallback });
  const t = translator(locale);
  ctx.status = 400;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = page({
    locale,
    t,
    title: upstreamText('error.title', locale),
    body: html`<p class="error" role="alert">${upstreamText(REFUSAL_TEXT[reason], locale)}</p>`,
  });
}
