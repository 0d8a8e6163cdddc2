// The second-factor screens: choose where the code goes, type it, use the authenticator app, or
// enrol one and keep the recovery codes.
import type { Context } from 'koa';
import type { InteractionContext } from '../context.ts';
import { abortForm } from '../chooser.ts';
import { csrfField, errorSummary } from '../../src/web/forms.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';
import { renderScreen } from '../views/render.ts';
import type { FactorOption } from './options.ts';

const base = (interaction: InteractionContext) => `/interaction/${interaction.uid}/second-factor`;

/** `intro` replaces the usual question, as when a code only proves the person before enrolment. */
export function chooseScreen(
  ctx: Context,
  interaction: InteractionContext,
  options: FactorOption[],
  error?: string,
  intro?: string,
): void {
  const { t } = interaction;
  const label = (option: FactorOption) =>
    option.kind === 'totp'
      ? t('mfa.totp')
      : option.kind === 'passkey'
        ? t('mfa.passkey')
        : option.kind === 'sms'
          ? t('mfa.sms', { number: option.label })
          : t('mfa.email', { address: option.label });
  renderScreen(ctx, interaction, {
    title: t('mfa.title'),
    status: error ? 400 : 200,
    body: html`${errorSummary(error)}
<form method="post" action="${base(interaction)}/choose">${csrfField(interaction)}
<fieldset><legend>${intro ?? t('mfa.intro')}</legend>
${options.map((option, index) => html`<div class="choice"><input type="radio" id="factor-${option.id}" name="factor" value="${option.id}" ${index === 0 ? html`checked` : ''}><label for="factor-${option.id}">${label(option)}</label></div>`)}
</fieldset>
<button type="submit">${t('mfa.continue')}</button>
</form>
${abortForm(interaction)}`,
  });
}

export function codeScreen(
  ctx: Context,
  interaction: InteractionContext,
  state: {
    destination: string;
    minutes: number;
    error?: string | undefined;
    notice?: string | undefined;
    status?: number;
  },
): void {
  const { t } = interaction;
  renderScreen(ctx, interaction, {
    title: t('code.title'),
    status: state.status ?? (state.error ? 400 : 200),
    body: html`${errorSummary(state.error)}${state.notice ? html`<p class="status" role="status">${state.notice}</p>` : ''}
<p>${t('code.sent', { destination: state.destination, minutes: state.minutes })}</p>
<form method="post" action="${base(interaction)}/code">${csrfField(interaction)}
${codeField('code', t('code.label'), state.error !== undefined)}
<button type="submit">${t('code.submit')}</button>
</form>
<form method="post" action="${base(interaction)}/resend">${csrfField(interaction)}<button class="secondary" type="submit">${t('code.resend')}</button></form>
<p><a href="${base(interaction)}">${t('code.other')}</a></p>`,
  });
}

export function totpScreen(ctx: Context, interaction: InteractionContext, error?: string): void {
  const { t } = interaction;
  renderScreen(ctx, interaction, {
    title: t('totp.title'),
    status: error ? 400 : 200,
    body: html`${errorSummary(error)}
<form method="post" action="${base(interaction)}/totp">${csrfField(interaction)}
${codeField('code', t('totp.label'), error !== undefined)}
<button type="submit">${t('code.submit')}</button>
</form>
<p><a href="${base(interaction)}">${t('code.other')}</a></p>`,
  });
}

export function enrolScreen(
  ctx: Context,
  interaction: InteractionContext,
  state: { body: SafeHtml; error?: string | undefined },
): void {
  renderScreen(ctx, interaction, {
    title: interaction.t('enrol.title'),
    status: state.error ? 400 : 200,
    body: html`${state.body}
${abortForm(interaction)}`,
  });
}

/** Where the login's enrolment form posts, for enrolment.ts. */
export function enrolAction(interaction: InteractionContext): string {
  return `${base(interaction)}/enrol`;
}

export function recoveryScreen(ctx: Context, interaction: InteractionContext, codes: string[]): void {
  const { t } = interaction;
  renderScreen(ctx, interaction, {
    title: t('recovery.title'),
    body: html`<p>${t('recovery.intro')}</p>
<ul class="recovery-codes">${codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
<form method="post" action="${base(interaction)}/done">${csrfField(interaction)}<button type="submit">${t('mfa.continue')}</button></form>`,
  });
}

function codeField(name: string, label: string, invalid: boolean): SafeHtml {
  return html`<label for="${name}">${label}</label>
<input id="${name}" name="${name}" type="text" inputmode="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="20" required autofocus${invalid ? html` aria-invalid="true" aria-describedby="form-error"` : ''}>`;
}
