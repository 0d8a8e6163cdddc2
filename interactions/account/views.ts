// The account page's screens: the overview with one form per thing a person may change, the
// authenticator enrolment, the delete confirmation and the goodbye. All usable without JavaScript.
import type { Context } from 'koa';
import { LOCALES } from '../../src/config/schema.ts';
import { maskPersonalNumber } from '../../src/accounts/personnummer.ts';
import type { Identity } from '../../src/accounts/types.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';
import { mediumDate } from '../../src/i18n/dates.ts';
import { defaultPasskeyName } from '../views/passkey-names.ts';
import { PASSKEY_SCRIPTS, passkeyForm } from '../views/passkey-forms.ts';
import { renderPage } from '../views/standalone.ts';
import type { AccountView } from './context.ts';
import { mayBindPasskey } from './session.ts';
import type { AccountText } from './messages.ts';
import { newPasswordErrors, newPasswordFields, type NewPasswordProblems } from '../../src/web/new-password.ts';
import { csrfField } from '../../src/web/forms.ts';

export type Field =
  | 'givenName'
  | 'familyName'
  | 'email'
  | 'code'
  | 'phone'
  | 'locale'
  | 'notificationPreference'
  | 'confirm'
  | 'passkey'
  | 'passkeyName'
  | 'passkeyId'
  | 'currentPassword';

export interface ScreenState {
  status?: number;
  notice?: string | undefined;
  errors?: Partial<Record<Field, string>>;
  values?: Partial<Record<Field, string>>;
  /** The person tried to change something that needs a fresh second factor. */
  stepUpAsked?: boolean;
  /** What is wrong with a new password as typed. */
  passwordProblems?: NewPasswordProblems | undefined;
  recoveryCodes?: string[];
}

const LANGUAGE_NAMES = { sv: 'Svenska', nb: 'Norsk bokmål', en: 'English' } as const;
const PREFERENCES = ['immediately', 'weekly', 'off'] as const;

function fieldError(state: ScreenState, field: Field): SafeHtml | undefined {
  const message = state.errors?.[field];
  return message ? html`<p class="error" role="alert" id="${field}-error">${message}</p>` : undefined;
}

function invalid(state: ScreenState, field: Field): SafeHtml | string {
  return state.errors?.[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : '';
}

function value(state: ScreenState, field: Field, stored: string | null | undefined): string {
  return state.values?.[field] ?? stored ?? '';
}

export function accountScreen(ctx: Context, view: AccountView, state: ScreenState = {}): void {
  const { text, page, account } = view;
  const hasErrors = Object.keys(state.errors ?? {}).length > 0;
  const name = [account.givenName, account.familyName].filter(Boolean).join(' ') || account.email || '';
  renderPage(ctx, page, {
    title: text('title'),
    status: state.status ?? (hasErrors ? 400 : 200),
    head: PASSKEY_SCRIPTS,
    body: html`${hasErrors ? html`<p class="error" role="alert" id="form-error">${text('formErrors')}</p>` : ''}
${state.notice ? html`<p class="status" role="status">${state.notice}</p>` : ''}
<p>${text('signedInAs', { name })}</p>
<form method="post" action="/account/logout">${csrfField(page)}<button type="submit" class="secondary">${text('logout')}</button></form>
${nameSection(view, state)}
${emailSection(view, state)}
${phoneSection(view, state)}
${passwordSection(view, state)}
${factorSection(view, state)}
${passkeySection(view, state)}
${languageSection(view, state)}
${notificationSection(view, state)}
${identitySection(view)}
<section aria-labelledby="export"><h2 id="export">${text('exportHeading')}</h2><p>${text('exportText')}</p>
<p><a class="button secondary" href="/account/export" download>${text('exportLink')}</a></p></section>
<section aria-labelledby="delete"><h2 id="delete">${text('deleteHeading')}</h2><p>${text('deleteText')}</p>
<p><a class="button secondary" href="/account/delete">${text('deleteLink')}</a></p></section>`,
  });
}

function nameSection({ text, page, account }: AccountView, state: ScreenState): SafeHtml {
  return html`<section aria-labelledby="name"><h2 id="name">${text('nameHeading')}</h2>
<form method="post" action="/account/name">${csrfField(page)}
<label for="givenName">${text('givenName')}</label>${fieldError(state, 'givenName')}
<input id="givenName" name="given_name" type="text" autocomplete="given-name" maxlength="200" value="${value(state, 'givenName', account.givenName)}"${invalid(state, 'givenName')}>
<label for="familyName">${text('familyName')}</label>${fieldError(state, 'familyName')}
<input id="familyName" name="family_name" type="text" autocomplete="family-name" maxlength="200" value="${value(state, 'familyName', account.familyName)}"${invalid(state, 'familyName')}>
<button type="submit">${text('save')}</button></form></section>`;
}

function emailSection({ text, page, account, pendingAddress, codeMinutes }: AccountView, state: ScreenState): SafeHtml {
  const addresses = account.identities.filter((identity) => identity.type === 'email' && identity.issuer === '');
  return html`<section aria-labelledby="emails"><h2 id="emails">${text('emailsHeading')}</h2>
<ul>${addresses.map((identity) => {
    // An address no one has proven since the account's eID holder took it over: a code confirms it.
    const confirm = identity.verified
      ? ''
      : html` ${text('unverified')} <form method="post" action="/account/emails/add">${csrfField(page)}<input type="hidden" name="email" value="${identity.value}"><button type="submit" class="secondary">${text('confirmThisEmail')} <span class="visually-hidden">${identity.value}</span></button></form>`;
    return identity.value === account.email
      ? html`<li>${identity.value} ${text('primary')}${confirm}</li>`
      : html`<li>${identity.value}${confirm} <form method="post" action="/account/emails/remove">${csrfField(page)}<input type="hidden" name="email" value="${identity.value}"><button type="submit" class="secondary">${text('remove')} <span class="visually-hidden">${identity.value}</span></button></form></li>`;
  })}</ul>
${
  pendingAddress
    ? html`<form method="post" action="/account/emails/confirm">${csrfField(page)}
<p role="status">${text('emailCodeSent', { email: pendingAddress.email, minutes: codeMinutes })}</p>
<label for="code">${text('emailCodeLabel')}</label>${fieldError(state, 'code')}
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" autocomplete="one-time-code" maxlength="12"${invalid(state, 'code')}>
<button type="submit">${text('confirmEmail')}</button></form>`
    : ''
}
<form method="post" action="/account/emails/add">${csrfField(page)}
<label for="email">${text('emailLabel')}</label>${fieldError(state, 'email')}
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="${value(state, 'email', '')}"${invalid(state, 'email')}>
<button type="submit"${pendingAddress ? html` class="secondary"` : ''}>${text('addEmail')}</button></form></section>`;
}

function stepUpPrompt(text: AccountText, state: ScreenState): SafeHtml {
  return html`<p class="${state.stepUpAsked ? 'error' : 'muted'}"${state.stepUpAsked ? html` role="alert"` : ''}>${text('stepUpNeeded')}</p>
<p><a class="button" href="/account/step-up">${text('stepUp')}</a></p>`;
}

function phoneSection({ text, page, phones, phoneChange }: AccountView, state: ScreenState): SafeHtml {
  const list = (form: (number: string) => SafeHtml | '') =>
    phones.length
      ? html`<ul>${phones.map((number) => html`<li>${number} ${form(number)}</li>`)}</ul>`
      : html`<p>${text('phonesNone')}</p>`;
  // Only the organisation's network may change them: no step-up would help, so no forms to meet a refusal.
  if (phoneChange === 'needsTrustedNetwork')
    return html`<section aria-labelledby="phones"><h2 id="phones">${text('phonesHeading')}</h2>
${list(() => '')}
<p class="${state.stepUpAsked ? 'error' : 'muted'}"${state.stepUpAsked ? html` role="alert"` : ''}>${text('phonesOnlyFromNetwork')}</p></section>`;
  const form = (number: string) =>
    html`<form method="post" action="/account/phones/remove">${csrfField(page)}<input type="hidden" name="phone" value="${number}"><button type="submit" class="secondary">${text('remove')} <span class="visually-hidden">${number}</span></button></form>`;
  return html`<section aria-labelledby="phones"><h2 id="phones">${text('phonesHeading')}</h2>
${list(form)}
${phoneChange === 'allowed' ? '' : stepUpPrompt(text, state)}
<form method="post" action="/account/phones/add">${csrfField(page)}
<label for="phone">${text('phoneLabel')}</label>${fieldError(state, 'phone')}
<input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="30" value="${value(state, 'phone', '')}"${invalid(state, 'phone')}>
<button type="submit">${text('addPhone')}</button></form></section>`;
}

/**
 * A password is changed with the current one, or with nothing more after a second factor in the
 * last minutes; an account without one (eID only) may set one only then.
 */
function passwordSection(view: AccountView, state: ScreenState): SafeHtml {
  const { text, page, hasPassword, freshSecondFactor, passwordRules } = view;
  const heading = html`<h2 id="password">${text('passwordHeading')}</h2>`;
  if (!hasPassword && !freshSecondFactor)
    return html`<section aria-labelledby="password">${heading}<p class="muted">${text('passwordNoneStepUp')}</p>
<p><a class="button secondary" href="/account/step-up?to=password">${text('stepUp')}</a></p></section>`;
  const problems = state.passwordProblems;
  return html`<section aria-labelledby="password">${heading}
${newPasswordErrors(page.t, passwordRules, problems)}
<form method="post" action="/account/password">${csrfField(page)}
<input type="hidden" name="username" value="${view.account.email ?? ''}" autocomplete="username">
${
  freshSecondFactor
    ? html`<p class="muted">${text(hasPassword ? 'passwordNoCurrentNeeded' : 'passwordSetAfterEid')}</p>`
    : html`<label for="currentPassword">${text('currentPassword')}</label>${fieldError(state, 'currentPassword')}
<input id="currentPassword" name="current_password" type="password" autocomplete="current-password" required${invalid(state, 'currentPassword')}>`
}
${newPasswordFields(page.t, passwordRules, problems)}
<button type="submit">${text(hasPassword ? 'changePassword' : 'setPassword')}</button></form></section>`;
}

function factorSection({ text, page, authenticator, recoveryUnused }: AccountView, state: ScreenState): SafeHtml {
  return html`<section aria-labelledby="factors"><h2 id="factors">${text('factorsHeading')}</h2>
<p>${authenticator ? text('appPresent') : text('appAbsent')}</p>
${authenticator ? html`<p>${text('recoveryLeft', { count: recoveryUnused })}</p>` : ''}
${state.recoveryCodes?.length ? html`<h3>${page.t('recovery.title')}</h3><p>${page.t('recovery.intro')}</p><ul class="recovery-codes">${state.recoveryCodes.map((code) => html`<li><code>${code}</code></li>`)}</ul>` : ''}
<div class="actions">${
    authenticator
      ? html`<form method="post" action="/account/authenticator/remove">${csrfField(page)}<button type="submit" class="secondary">${text('removeApp')}</button></form>
<form method="post" action="/account/recovery-codes">${csrfField(page)}<button type="submit" class="secondary">${text('newRecovery')}</button></form>`
      : html`<a class="button secondary" href="/account/authenticator">${text('setUpApp')}</a>`
  }</div></section>`;
}

function passkeySection(view: AccountView, state: ScreenState): SafeHtml {
  const { text, page, passkeys } = view;
  const day = (date: Date) => mediumDate(page.locale, date);
  const item = (passkey: AccountView['passkeys'][number], index: number) => {
    const details = [
      text('passkeyCreated', { date: day(passkey.createdAt) }),
      passkey.lastUsedAt ? text('passkeyUsed', { date: day(passkey.lastUsedAt) }) : text('passkeyNeverUsed'),
      passkey.deviceType === 'multiDevice' ? text('passkeySynced') : text('passkeyDevice'),
    ];
    const renaming = state.values?.passkeyId === passkey.credentialId;
    return html`<li><strong>${passkey.name}</strong> <span class="muted">${details.join(' · ')}</span>
<form method="post" action="/account/passkeys/rename">${csrfField(page)}<input type="hidden" name="id" value="${passkey.credentialId}">
<label for="passkey-name-${index}">${text('passkeyNameLabel', { name: passkey.name })}</label>${renaming ? fieldError(state, 'passkeyName') : ''}
<input id="passkey-name-${index}" name="name" type="text" maxlength="60" autocomplete="off" value="${passkey.name}"${renaming ? invalid(state, 'passkeyName') : ''}>
<button type="submit" class="secondary">${text('passkeyRename')}</button></form>
<form method="post" action="/account/passkeys/remove">${csrfField(page)}<input type="hidden" name="id" value="${passkey.credentialId}"><button type="submit" class="secondary">${text('remove')} <span class="visually-hidden">${passkey.name}</span></button></form></li>`;
  };
  return html`<section aria-labelledby="passkeys"><h2 id="passkeys">${text('passkeysHeading')}</h2>
<p>${text('passkeysIntro')}</p>
${passkeys.length ? html`<ul class="passkeys">${passkeys.map(item)}</ul>` : html`<p>${text('passkeysNone')}</p>`}
${fieldError(state, 'passkey')}
${
  mayBindPasskey(view.session)
    ? passkeyForm({
        kind: 'register',
        action: '/account/passkeys',
        optionsUrl: '/account/passkeys/options',
        csrf: csrfField(page),
        label: page.t('passkey.create'),
        cancelled: text('passkeyFailed'),
        unsupported: page.t('passkey.unsupported'),
        name: { label: page.t('passkey.name'), value: defaultPasskeyName(page.t, page.locale) },
        secondary: true,
      })
    : html`<p class="${state.stepUpAsked ? 'error' : 'muted'}"${state.stepUpAsked ? html` role="alert"` : ''}>${text('passkeyStepUp')}</p>
<p><a class="button secondary" href="/account/step-up">${text('stepUp')}</a></p>`
}</section>`;
}

function languageSection({ text, page, account }: AccountView, state: ScreenState): SafeHtml {
  const current = value(state, 'locale', account.locale ?? page.locale);
  return html`<section aria-labelledby="language"><h2 id="language">${text('languageHeading')}</h2>
<form method="post" action="/account/language">${csrfField(page)}
<label for="locale">${text('languageLabel')}</label>${fieldError(state, 'locale')}
<select id="locale" name="locale"${invalid(state, 'locale')}>${LOCALES.map((locale) => html`<option value="${locale}" lang="${locale}"${locale === current ? html` selected` : ''}>${LANGUAGE_NAMES[locale]}</option>`)}</select>
<button type="submit">${text('save')}</button></form></section>`;
}

function notificationSection({ text, page, account }: AccountView, state: ScreenState): SafeHtml {
  const current = value(state, 'notificationPreference', account.notificationPreference);
  // What src/notify/lifecycle-emails.ts sends whatever the preference (ALWAYS_SENT), and the codes.
  const alwaysSent = ['invitation', 'deactivation', 'security', 'codes'] as const;
  return html`<section aria-labelledby="notifications"><h2 id="notifications">${text('notifyHeading')}</h2>
<form method="post" action="/account/notifications">${csrfField(page)}
<fieldset${invalid(state, 'notificationPreference')}><legend>${text('notifyLabel')}</legend>${fieldError(state, 'notificationPreference')}
${PREFERENCES.map(
  (
    preference,
  ) => html`<div class="choice"><input type="radio" id="notify-${preference}" name="notification_preference" aria-describedby="notify-${preference}-means" value="${preference}"${preference === current ? html` checked` : ''}>
<label for="notify-${preference}">${text(`notify.${preference}`)}</label></div>
<p class="muted" id="notify-${preference}-means">${text(`notifyMeans.${preference}`)}</p>`,
)}
</fieldset>
<button type="submit">${text('save')}</button></form>
<h3 id="always-sent">${text('alwaysSentHeading')}</h3>
<p>${text('alwaysSentIntro')}</p>
<ul aria-labelledby="always-sent">${alwaysSent.map((kind) => html`<li>${text(`alwaysSent.${kind}`)}</li>`)}</ul></section>`;
}

function identitySection({ text, account }: AccountView): SafeHtml {
  const linked = account.identities.filter((identity) => identity.type !== 'email');
  return html`<section aria-labelledby="identities"><h2 id="identities">${text('identitiesHeading')}</h2>
${linked.length ? html`<dl>${linked.map((identity) => html`<dt>${identityLabel(text, identity)}</dt><dd>${identityValue(identity)} ${identity.verified ? '' : text('unverified')}</dd>`)}</dl>` : html`<p>${text('identitiesNone')}</p>`}</section>`;
}

function identityLabel(text: AccountText, identity: Identity): string {
  return identity.type === 'upstream_subject'
    ? text('identity.upstream_subject', { issuer: identity.issuer })
    : text(`identity.${identity.type as Exclude<Identity['type'], 'email' | 'upstream_subject'>}`);
}

/** Identity numbers stay masked on screen; the full number is in the download. */
function identityValue(identity: Identity): string {
  return identity.type === 'se_personal_number' || identity.type === 'no_national_id'
    ? maskPersonalNumber(identity.value)
    : identity.value;
}

export function enrolScreen(
  ctx: Context,
  view: AccountView,
  state: { body: SafeHtml; error?: string | undefined },
): void {
  const { text, page } = view;
  renderPage(ctx, page, {
    title: page.t('enrol.title'),
    status: state.error ? 400 : 200,
    body: html`${state.body}
<p><a href="/account">${text('back')}</a></p>`,
  });
}

export function deleteScreen(ctx: Context, view: AccountView, error?: string): void {
  const { text, page } = view;
  renderPage(ctx, page, {
    title: text('deleteHeading'),
    status: error ? 400 : 200,
    body: html`<p>${text('deleteText')}</p>
<form method="post" action="/account/delete">${csrfField(page)}
${error ? html`<p class="error" role="alert" id="confirm-error">${error}</p>` : ''}
<div class="choice"><input type="checkbox" id="confirm" name="confirm" value="yes" required${error ? html` aria-invalid="true" aria-describedby="confirm-error"` : ''}>
<label for="confirm">${text('deleteConfirmLabel')}</label></div>
<div class="actions"><button type="submit">${text('deleteButton')}</button> <a class="button secondary" href="/account">${text('cancel')}</a></div></form>`,
  });
}
