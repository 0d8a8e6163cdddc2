// What the inviting policy asks for that an eID does not give (`invitationDetails`: the
// organisation, the title, a mobile number for codes), asked right after the eID made or found
// the account and before the person goes on to the service. The invitation is accepted by then,
// so this browser holds a sealed note of which account may be completed, for a quarter of an hour.
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Acr, Amr } from '../../src/provider/vocabulary.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import { clearPageCookie, readPageCookie, setPageCookie } from '../../src/http/page-cookies.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';
import { notifyMessage } from '../../src/notify/messages.ts';
import { normalisePhoneNumber } from '../../src/notify/phone.ts';
import { csrfField, errorSummary } from '../../src/web/forms.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';
import type { AccountsConfig } from '../../src/config/schema.ts';
import { formField, type InteractionServices } from '../context.ts';
import { handOffProof, type ProofMethod } from '../proof-handoff.ts';
import { loadPage, renderPage } from '../views/standalone.ts';
import { invitationTexts } from './messages.ts';
import { invitationPage, invitationRepository, type InvitationPage } from './context.ts';
import { readyScreen } from './views.ts';

type DetailsServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codeKey'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'provider'
  | 'sealer'
  | 'secondFactors'
>;

const PATH = '/invitation/details';
const LIFETIME_MS = 15 * 60_000;

export type InvitationDetail = 'organisation' | 'title' | 'phone';

interface PendingDetails {
  invitationId: string;
  accountId: string;
  /** The eID proof that goes on to the service once the details are in. */
  proof?: { clientId: string; method: ProofMethod; acr: Acr; amr: Amr[] } | undefined;
  until: number;
}

type Values = Partial<Record<InvitationDetail, string>>;
type Errors = Partial<Record<InvitationDetail, string>>;

/** After the eID: note the account in this browser and go to the form. */
export function askForDetails(
  ctx: Context,
  services: Pick<InteractionServices, 'sealer'>,
  pending: Omit<PendingDetails, 'until'>,
): void {
  const note: PendingDetails = { ...pending, until: Date.now() + LIFETIME_MS };
  setPageCookie(ctx, 'portvakt_invitation_details', services.sealer.seal(JSON.stringify(note)), {
    sameSite: 'strict',
    maxAge: LIFETIME_MS,
  });
  ctx.redirect(PATH);
}

export function mountInvitationDetails(router: Router, services: DetailsServices): void {
  router.get(PATH, async (ctx) => {
    const found = await pendingView(ctx, services);
    if (found) detailsScreen(ctx, services.config.accounts, found.view, asked(found.view));
  });

  router.post(PATH, async (ctx) => {
    const found = await pendingView(ctx, services);
    if (!found) return;
    const { view, pending } = found;
    assertScreenCsrf(ctx, view.page, services.config.issuer);
    const wanted = asked(view);
    const values: Values = Object.fromEntries(wanted.map((detail) => [detail, (formField(ctx, detail) ?? '').trim()]));
    const { errors, organisation, title, phone } = check(services, view, wanted, values);
    if (Object.keys(errors).length > 0)
      return detailsScreen(ctx, services.config.accounts, view, wanted, values, errors);
    await services.accounts.updateProfile(pending.accountId, {
      ...(organisation !== undefined ? { organisation } : {}),
      ...(title !== undefined ? { title } : {}),
    });
    if (phone !== undefined) {
      try {
        await services.secondFactors.addPhoneNumber(pending.accountId, phone);
        // A way in was added: an account the eID found (not made) hears of it at every address.
        await services.changeNotices.tell(
          pending.accountId,
          { kind: 'phone_added', value: phone },
          { ip: view.page.ip },
        );
      } catch (error) {
        // Already there, or the account holds its most numbers: nothing to add.
        if (!isPortvaktError(error, 'conflict')) throw error;
      }
    }
    await services.audit.record({
      type: 'account.updated',
      outcome: 'success',
      accountId: pending.accountId,
      ip: view.page.ip,
      detail: { via: 'invitation', fields: wanted },
    });
    clearPageCookie(ctx, 'portvakt_invitation_details', 'strict');
    if (pending.proof) handOffProof(ctx, services, { ...pending.proof, accountId: pending.accountId });
    readyScreen(ctx, view, [], { provenHere: pending.proof !== undefined });
  });
}

function asked(view: InvitationPage): InvitationDetail[] {
  return view.policy.invitationDetails;
}

async function pendingView(
  ctx: Context,
  services: DetailsServices,
): Promise<{ view: InvitationPage; pending: PendingDetails } | undefined> {
  const pending = readPending(ctx, services);
  const invitation = pending ? await invitationRepository(services).findById(pending.invitationId) : undefined;
  if (!pending || !invitation || invitation.accountId !== pending.accountId) {
    // Nothing to complete in this browser (lapsed, another browser, already done): say so calmly.
    const page = loadPage(ctx, services);
    const text = invitationTexts(page.locale);
    renderPage(ctx, page, {
      title: text('unusableTitle'),
      status: 410,
      body: html`<p class="error" role="alert">${text('unusable')}</p>`,
    });
    return undefined;
  }
  return { view: await invitationPage(ctx, services, invitation, ''), pending };
}

function readPending(ctx: Context, services: Pick<InteractionServices, 'sealer'>): PendingDetails | undefined {
  const raw = readPageCookie(ctx, 'portvakt_invitation_details');
  if (!raw) return undefined;
  try {
    const pending = JSON.parse(services.sealer.open(raw)) as PendingDetails;
    return pending.until > Date.now() ? pending : undefined;
  } catch {
    return undefined;
  }
}

function check(services: DetailsServices, view: InvitationPage, wanted: InvitationDetail[], values: Values) {
  const { accounts } = services.config;
  const errors: Errors = {};
  let organisation: string | undefined;
  let title: string | undefined;
  let phone: string | undefined;
  if (wanted.includes('organisation')) {
    const typed = values.organisation ?? '';
    const listed = accounts.organisations.find((name) => name.toLowerCase() === typed.toLowerCase());
    if (accounts.organisations.length ? !listed : typed.length < 1 || typed.length > 200)
      errors.organisation = view.text('detailsOrganisationMissing');
    else organisation = listed ?? typed;
  }
  if (wanted.includes('title')) {
    title = accounts.titles.find((candidate) => candidate.value === values.title)?.value;
    if (accounts.titles.length && !title) errors.title = view.text('detailsTitleMissing');
    if (!accounts.titles.length) title = values.title || undefined;
  }
  if (wanted.includes('phone')) {
    const parsed = normalisePhoneNumber(values.phone ?? '', { requireMobile: true });
    if (parsed.ok) phone = parsed.value.e164;
    else errors.phone = notifyMessage(parsed.error.messageKey, view.page.locale);
  }
  return { errors, organisation, title, phone };
}

function detailsScreen(
  ctx: Context,
  accounts: AccountsConfig,
  view: InvitationPage,
  wanted: InvitationDetail[],
  values: Values = {},
  errors: Errors = {},
): void {
  const { page, text } = view;
  const invalid = (detail: InvitationDetail) =>
    errors[detail] ? html` aria-invalid="true" aria-describedby="${detail}-error"` : '';
  const fieldError = (detail: InvitationDetail) =>
    errors[detail] ? html`<p class="error" id="${detail}-error">${errors[detail]}</p>` : '';
  renderPage(ctx, page, {
    title: text('detailsTitle'),
    status: Object.keys(errors).length ? 400 : 200,
    body: html`${Object.keys(errors).length ? errorSummary(text('detailsErrors')) : ''}
<p>${text('detailsIntro', { service: view.service })}</p>
<form method="post" action="${PATH}">${csrfField(page)}
${wanted.map((detail) => html`<label for="${detail}">${text(`detailsLabel.${detail}`)}</label>${fieldError(detail)}${field(accounts, view, detail, values[detail] ?? '', invalid(detail))}`)}
<button type="submit">${text('detailsSave')}</button></form>`,
  });
}

/** A select where the configuration lists the choices, a text field where it does not. */
function field(
  accounts: AccountsConfig,
  view: InvitationPage,
  detail: InvitationDetail,
  value: string,
  invalid: SafeHtml | string,
): SafeHtml {
  const { text, page } = view;
  if (detail === 'phone')
    return html`<input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="30" required value="${value}"${invalid}>`;
  const choices =
    detail === 'organisation'
      ? accounts.organisations.map((name) => ({ value: name, label: name }))
      : accounts.titles.map((title) => ({ value: title.value, label: title[page.locale] }));
  if (!choices.length)
    return html`<input id="${detail}" name="${detail}" type="text" maxlength="200" required value="${value}"${invalid}>`;
  return html`<select id="${detail}" name="${detail}" required${invalid}><option value="">${text('detailsChoose')}</option>${choices.map(
    (choice) =>
      html`<option value="${choice.value}"${choice.value === value ? ' selected' : ''}>${choice.label}</option>`,
  )}</select>`;
}
