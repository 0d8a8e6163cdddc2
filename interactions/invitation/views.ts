// The invitation screens: who invites for what and the code, then the authenticator app and the
// password, or the e-ID (BankID, Freja, or an upstream issuer such as ID-porten); and "you are
// ready". All forms work without JavaScript.
import type { Context } from 'koa';
import type { Locale } from '../../src/config/schema.ts';
import type { PasswordRules } from '../../src/accounts/password-policy.ts';
import {
  hasProblems,
  newPasswordErrors,
  newPasswordFields,
  type NewPasswordProblems,
} from '../../src/web/new-password.ts';
import type { EidDriver } from '../eid/driver.ts';
import { SERVICE_NAMES } from '../eid/views.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';
import { renderPage } from '../views/standalone.ts';
import { clientHome, type InvitationPage } from './context.ts';
import { csrfField } from '../../src/web/forms.ts';

export interface CodeState {
  codeSent?: boolean;
  /** The code's lifetime, said when it was just sent. */
  minutes?: number;
  error?: string | undefined;
  notice?: string | undefined;
  status?: number;
}

function alert(message: string | undefined): SafeHtml | undefined {
  return message ? html`<p class="error" role="alert" id="form-error">${message}</p>` : undefined;
}

function intro(view: InvitationPage): SafeHtml {
  return html`<p>${view.text('intro', { inviter: view.inviter, email: view.invitation.email, service: view.service })}</p>`;
}

export function landingScreen(ctx: Context, view: InvitationPage, state: CodeState = {}): void {
  const { text, page, base, invitation } = view;
  const codeForm = state.codeSent
    ? html`<form method="post" action="${base}/code">${csrfField(page)}
<label for="code">${text('codeLabel')}</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" autocomplete="one-time-code" maxlength="12" required autofocus${state.error ? html` aria-invalid="true" aria-describedby="form-error"` : ''}>
<button type="submit">${text('continue')}</button></form>`
    : undefined;
  renderPage(ctx, page, {
    title: text('title'),
    status: state.status ?? (state.error ? 400 : 200),
    body: html`${alert(state.error)}${state.notice ? html`<p class="status" role="status">${state.notice}</p>` : ''}
${intro(view)}
<p>${text('sendIntro', { email: invitation.email })}</p>
${state.codeSent && state.minutes ? html`<p role="status">${text('codeSent', { email: invitation.email, minutes: state.minutes })}</p>` : ''}
${codeForm}
<form method="post" action="${base}/send">${csrfField(page)}<button type="submit"${state.codeSent ? html` class="secondary"` : ''}>${state.codeSent ? text('sendAgain') : text('send')}</button></form>`,
  });
}

export function enrolScreen(
  ctx: Context,
  view: InvitationPage,
  state: { body: SafeHtml; error?: string | undefined },
): void {
  const { text, page } = view;
  renderPage(ctx, page, {
    title: page.t('enrol.title'),
    status: state.error ? 400 : 200,
    body: html`<p>${text('enrolStep')}</p>
${state.body}`,
  });
}

export function passwordScreen(
  ctx: Context,
  view: InvitationPage,
  rules: PasswordRules,
  problems?: NewPasswordProblems,
  error?: string,
): void {
  const { text, page, base } = view;
  const { t } = page;
  const invalid = hasProblems(problems) || error !== undefined;
  renderPage(ctx, page, {
    title: text('passwordTitle'),
    status: invalid ? 400 : 200,
    body: html`${hasProblems(problems) ? newPasswordErrors(t, rules, problems) : alert(error)}
<p>${text('passwordStep', { email: view.invitation.email })}</p>
<form method="post" action="${base}/password">${csrfField(page)}
<input type="hidden" name="username" value="${view.invitation.email}" autocomplete="username">
${newPasswordFields(t, rules, problems, { autofocus: true })}
<button type="submit">${text('createAccount')}</button></form>`,
  });
}

/** What the choice offers: the eID drivers' two ways each, and a button for each upstream issuer. */
export interface EidChoices {
  drivers: EidDriver[];
  upstreams: { id: string; label: Record<Locale, string> }[];
}

export function eidChoiceScreen(ctx: Context, view: InvitationPage, choices: EidChoices, error?: string): void {
  const { text, page, base } = view;
  const { t } = page;
  const { drivers, upstreams } = choices;
  renderPage(ctx, page, {
    title: text('title'),
    status: error ? 400 : 200,
    body: html`${alert(error)}${intro(view)}
${drivers.length + upstreams.length === 0 ? html`<p class="error" role="alert">${text('noEid')}</p>` : html`<p>${text('eidIntro')}</p>`}
${drivers.map(
  (
    driver,
  ) => html`<form method="post" action="${base}/eid/start">${csrfField(page)}<input type="hidden" name="method" value="${driver.id}">
<h2>${t(`method.${driver.id}`)}</h2>
<div class="actions"><button type="submit" name="flow" value="sameDevice">${t('eid.sameDevice')}</button>
<button type="submit" name="flow" value="qr" class="secondary">${t('eid.otherDevice')}</button></div></form>`,
)}
${upstreams.map(
  (upstream) => html`<form method="post" action="${base}/eid/${upstream.id}/start">${csrfField(page)}
<h2>${upstream.label[page.locale]}</h2>
<div class="actions"><button type="submit">${text('upstreamContinue', { issuer: upstream.label[page.locale] })}</button>
</div></form>`,
)}`,
  });
}

export function eidStatusScreen(
  ctx: Context,
  view: InvitationPage,
  driver: EidDriver,
  state: {
    pending: boolean;
    message: string;
    failed: boolean;
    qr?: SafeHtml | undefined;
    qrContent?: string | undefined;
    launchUrl?: string | undefined;
    flow: string;
    /** The JSON the page's script asks every second (eid-status.js). */
    pollUrl: string;
  },
): void {
  const { page, base } = view;
  const { t } = page;
  renderPage(ctx, page, {
    title: t(`eid.title.${driver.id}`),
    status: state.failed ? 400 : 200,
    // The script asks for the status every second; without it the page reloads itself instead.
    head: state.pending
      ? html`<script src="/assets/eid-status.js" defer></script><noscript><meta http-equiv="refresh" content="2"></noscript>`
      : undefined,
    body: html`<div data-eid-status="${state.pollUrl}"><p class="${state.failed ? 'error' : 'status'}" role="${state.failed ? 'alert' : 'status'}" aria-live="polite" data-eid-message>${state.message}</p>
${state.qr ? html`<figure class="qr"><div data-eid-qr data-qr-content="${state.qrContent}" role="img" aria-label="${t('eid.qrLabel')}">${state.qr}</div><figcaption>${t(`eid.qrHelp.${driver.id}`)}</figcaption></figure>` : ''}
${state.launchUrl ? html`<p><a class="button" href="${state.launchUrl}">${t('eid.openApp', { service: SERVICE_NAMES[driver.id] })}</a></p>` : ''}</div>
${
  state.pending
    ? html`<form method="post" action="${base}/eid/${driver.id}/cancel">${csrfField(page)}<button class="secondary" type="submit">${t('eid.cancel')}</button></form>`
    : html`<form method="post" action="${base}/eid/start">${csrfField(page)}<input type="hidden" name="method" value="${driver.id}"><input type="hidden" name="flow" value="${state.flow}"><button type="submit">${t('eid.retry')}</button></form>`
}`,
  });
}

export function readyScreen(
  ctx: Context,
  view: InvitationPage,
  recoveryCodes: string[] = [],
  options: { provenHere?: boolean } = {},
): void {
  const { text, page } = view;
  const home = clientHome(view.client);
  renderPage(ctx, page, {
    title: text('readyTitle'),
    body: html`<p role="status">${text('ready', { service: view.service })}</p>
${options.provenHere && home ? html`<p>${text('readyProven', { service: view.service })}</p>` : ''}
${recoveryCodes.length ? html`<h2>${page.t('recovery.title')}</h2><p>${page.t('recovery.intro')}</p><ul class="recovery-codes">${recoveryCodes.map((code) => html`<li><code>${code}</code></li>`)}</ul>` : ''}
${home ? html`<p><a class="button" href="${home}">${text('readyLink', { service: view.service })}</a></p>` : ''}`,
  });
}
