// Setting up an authenticator app, the same wherever it happens: as a step of a login, on the
// account page, or completing an invitation. Each place keeps the pending secret its own way (the
// login's progress row, a sealed cookie, the invitation) and decides who may bind; this module
// shows the key, checks the first code and binds it.
import { checkTotp, totpUri } from '../../src/security/totp.ts';
import type { Translate } from '../../src/i18n/translate.ts';
import type { InteractionServices } from '../context.ts';
import { qrSvg } from '../../src/web/qr.ts';
import { errorSummary } from '../../src/web/forms.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';

/** The part of the shared services these screens use. */
type EnrolmentServices = Pick<InteractionServices, 'audit' | 'changeNotices' | 'config' | 'secondFactors'>;

export interface EnrolmentForm {
  action: string;
  csrf: SafeHtml;
  submitLabel: string;
  error?: string | undefined;
}

/**
 * The key as a QR code and as text, and the form for the app's first code. The app lists the key
 * under this deployment's host, the organisation's own address, and the person's login name.
 */
export async function enrolmentBody(
  services: Pick<InteractionServices, 'config'>,
  t: Translate,
  key: { secret: string; label: string },
  form: EnrolmentForm,
): Promise<SafeHtml> {
  const qr = await qrSvg(totpUri(key.secret, new URL(services.config.issuer).host, key.label));
  return html`${errorSummary(form.error)}
<p>${t('enrol.intro')}</p>
<figure class="qr"><div role="img" aria-label="${t('enrol.qr')}">${qr}</div></figure>
<p>${t('enrol.key')}: <code class="secret" data-totp-secret="${key.secret}">${key.secret.replace(/(.{4})/g, '$1 ').trim()}</code></p>
<form method="post" action="${form.action}">${form.csrf}
<label for="code">${t('enrol.code')}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required autofocus${form.error ? html` aria-invalid="true" aria-describedby="form-error"` : ''}>
<button type="submit">${form.submitLabel}</button></form>`;
}

/** The time step of a first code from the app, or undefined when the code does not fit the key. */
export function confirmFirstCode(secret: string, input: string): Promise<number | undefined> {
  return checkTotp(secret, input);
}

/**
 * Binds a confirmed key to an existing account: new recovery codes, an audit event and a notice
 * to every address and number with a link that undoes it. Returns the recovery codes, shown once.
 */
export async function bindAuthenticator(
  services: EnrolmentServices,
  accountId: string,
  confirmed: { secret: string; step: number },
  context: { via: 'login' | 'account_page'; clientId?: string | undefined; ip: string },
): Promise<string[]> {
  await services.secondFactors.saveAuthenticator(accountId, confirmed.secret, confirmed.step);
  const codes = await services.secondFactors.newRecoveryCodes(accountId);
  await services.audit.record({
    type: 'totp.enrolled',
    outcome: 'success',
    accountId,
    clientId: context.clientId,
    ip: context.ip,
    detail: { via: context.via },
  });
  await services.changeNotices.tell(accountId, { kind: 'authenticator_added' }, { ip: context.ip });
  return codes;
}
