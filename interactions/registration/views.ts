// The registration screens: the form (every field labelled, its own message when wrong, what was
// typed kept), "check your e-mail", and the activation pages behind the e-mailed link.
import type { Context } from 'koa';
import type { AccountsConfig } from '../../src/config/schema.ts';
import type { InteractionContext } from '../context.ts';
import { csrfField } from '../../src/web/forms.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';
import { renderScreen } from '../views/render.ts';
import { renderPage, type PageContext } from '../views/standalone.ts';
import { FIELDS, type Field, type FieldErrors, type TypedValues } from './fields.ts';
import type { RegistrationText } from './messages.ts';
import { timeZoneChoices } from './time-zones.ts';

export interface FormState {
  values: TypedValues;
  errors?: FieldErrors;
  /** A message for the whole form (too many registrations, a form sent too fast or kept too long). */
  alert?: string | undefined;
  stamp: string;
  status?: number;
}

export function registrationForm(
  ctx: Context,
  interaction: InteractionContext,
  text: RegistrationText,
  accounts: AccountsConfig,
  state: FormState,
): void {
  const errors = state.errors ?? {};
  const other = text('other');
  const message = (field: Field) => (errors[field] ? text(errors[field]!, { other }) : undefined);
  const wrong = FIELDS.filter((field) => errors[field]);
  const summary = wrong.length
    ? html`<div class="error" role="alert" id="form-error" tabindex="-1"><p>${text('summary')}</p><ul>${wrong.map((field) => html`<li><a href="#${field}">${message(field)}</a></li>`)}</ul></div>`
    : state.alert
      ? html`<p class="error" role="alert" id="form-error">${state.alert}</p>`
      : '';
  const field = (name: Field, hint?: string): { error: SafeHtml | string; attrs: SafeHtml } => {
    const described = [hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ');
    return {
      error: errors[name] ? html`<p class="error" id="${name}-error">${message(name)}</p>` : '',
      attrs: html`${errors[name] ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}`,
    };
  };
  const { values } = state;
  const given = field('givenName');
  const family = field('familyName');
  const number = field('personalNumber', 'hint');
  const email = field('email', 'hint');
  const zone = field('timeZone');
  const organisation = field('organisation', 'hint');
  const organisationOther = field('organisationOther');
  const title = field('title');
  const zones = timeZoneChoices(accounts.defaultTimeZone);
  // A service with Norwegian users takes their fødselsnummer too; the label says which numbers.
  const nordic = interaction.policy.rules.registrationNationalIds.includes('no_national_id');
  // A zone that is not offered (made up, or the form tampered with) falls back to the configured one.
  const chosenZone = zones.some((zone) => zone.value === values.timeZone) ? values.timeZone : accounts.defaultTimeZone;
  renderScreen(ctx, interaction, {
    title: text('title'),
    status: state.status ?? (wrong.length || state.alert ? 400 : 200),
    body: html`${summary}
<p>${text('intro', { client: interaction.client.clientName ?? interaction.client.clientId })}</p>
<form method="post" action="/interaction/${interaction.uid}/register" novalidate>${csrfField(interaction)}
<input type="hidden" name="stamp" value="${state.stamp}">
<label for="givenName">${text('givenName')}</label>${given.error}
<input id="givenName" name="givenName" type="text" autocomplete="given-name" maxlength="100" required value="${values.givenName}"${given.attrs}>
<label for="familyName">${text('familyName')}</label>${family.error}
<input id="familyName" name="familyName" type="text" autocomplete="family-name" maxlength="100" required value="${values.familyName}"${family.attrs}>
<label for="personalNumber">${text(nordic ? 'personalNumberNordic' : 'personalNumber')}</label><p class="muted" id="personalNumber-hint">${text(nordic ? 'personalNumberNordicHint' : 'personalNumberHint')}</p>${number.error}
<input id="personalNumber" name="personalNumber" type="text" inputmode="numeric" autocomplete="off" maxlength="15" required value="${values.personalNumber}"${number.attrs}>
<label for="email">${text('email')}</label><p class="muted" id="email-hint">${text('emailHint')}</p>${email.error}
<input id="email" name="email" type="email" autocomplete="work email" maxlength="254" required value="${values.email}"${email.attrs}>
<label for="timeZone">${text('timeZone')}</label>${zone.error}
<select id="timeZone" name="timeZone" required${zone.attrs}>${zones.map((zone) => html`<option value="${zone.value}"${zone.value === chosenZone ? html` selected` : ''}>${zone.label}</option>`)}</select>
<label for="organisation">${text('organisation')}</label><p class="muted" id="organisation-hint">${text('organisationHint', { other })}</p>${organisation.error}
<input id="organisation" name="organisation" type="text" list="organisations" autocomplete="organization" maxlength="200" required value="${values.organisation}"${organisation.attrs}>
<datalist id="organisations">${accounts.organisations.map((name) => html`<option value="${name}"></option>`)}<option value="${other}"></option></datalist>
<label for="organisationOther">${text('organisationOther')}</label>${organisationOther.error}
<input id="organisationOther" name="organisationOther" type="text" autocomplete="off" maxlength="200" value="${values.organisationOther}"${organisationOther.attrs}>
${
  accounts.titles.length
    ? html`<label for="title">${text('employmentTitle')}</label>${title.error}
<select id="title" name="title" autocomplete="organization-title" required${title.attrs}><option value="">${text('choose')}</option>${accounts.titles.map((choice) => html`<option value="${choice.value}"${choice.value === values.title ? html` selected` : ''}>${choice[interaction.locale]}</option>`)}</select>`
    : ''
}
<div class="visually-hidden"><label for="hp_note">${text('honeypot')}</label><input id="hp_note" name="hp_note" type="text" tabindex="-1" autocomplete="off" value=""></div>
<button type="submit">${text('submit')}</button></form>
<p>${text('haveAccount')} <a href="/interaction/${interaction.uid}/login">${text('logIn')}</a></p>`,
  });
}

/** The same screen whether an account was made, one already existed, or a robot was turned away. */
export function sentScreen(
  ctx: Context,
  interaction: InteractionContext,
  text: RegistrationText,
  email: string,
  hours: number,
): void {
  renderScreen(ctx, interaction, {
    title: text('sentTitle'),
    body: html`<p class="status" role="status">${text('sent', { email, hours })}</p>
<p>${text('sentHelp')}</p>`,
  });
}

export function confirmActivationScreen(ctx: Context, page: PageContext, text: RegistrationText, token: string): void {
  renderPage(ctx, page, {
    title: text('activateTitle'),
    body: html`<p>${text('activateIntro')}</p>
<form method="post" action="/activate/${token}">${csrfField(page)}<button type="submit">${text('activate')}</button></form>`,
  });
}

export function activeScreen(
  ctx: Context,
  page: PageContext,
  text: RegistrationText,
  next: { started?: string | undefined; service?: { name: string; url: string } | undefined },
): void {
  const { started, service } = next;
  renderPage(ctx, page, {
    title: text('activeTitle'),
    body: html`<p class="status" role="status">${text('active')}</p>
${service ? html`<p><a class="button" href="${service.url}">${text('logInTo', { service: service.name })}</a></p>` : ''}
${started ? html`<p>${text('continueStartedHint')} <a href="${started}">${text('continueLogin')}</a></p>` : ''}
${!service && !started ? html`<p>${text('returnToService')}</p>` : ''}`,
  });
}

export function unusableLinkScreen(ctx: Context, page: PageContext, text: RegistrationText): void {
  renderPage(ctx, page, {
    title: text('unusableTitle'),
    status: 410,
    body: html`<p class="error" role="alert">${text('unusable')}</p>`,
  });
}
