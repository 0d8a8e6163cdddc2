// The shared eID screens: choose this device or another, then a live status page with the QR code
// or the launch button, the service's message and a way out. Works without JavaScript (the page
// reloads itself); with it, /assets/eid-status.js refreshes the QR code every second.
import type { Context } from 'koa';
import type { EidOrder } from '../../adapters/eid-orders.ts';
import type { Account } from '../../src/accounts/types.ts';
import type { InteractionContext } from '../context.ts';
import { abortForm } from '../chooser.ts';
import { csrfField } from '../../src/web/forms.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';
import { qrSvg } from '../../src/web/qr.ts';
import { renderScreen } from '../views/render.ts';
import type { UserMessage } from '../../src/provider/user-message.ts';
import { maskEmail } from '../../src/notify/masking.ts';
import { devicePlatform } from '../../src/http/platform.ts';
import type { EidDriver } from './driver.ts';

/** The service's name where a sentence names it. */
export const SERVICE_NAMES: Record<EidDriver['id'], string> = { bankid: 'BankID', freja: 'Freja eID' };

export function choiceScreen(
  ctx: Context,
  interaction: InteractionContext,
  driver: EidDriver,
  state: { userMessage?: UserMessage | undefined; error?: string | undefined },
): void {
  const { t, uid } = interaction;
  const base = `/interaction/${uid}/${driver.id}`;
  renderScreen(ctx, interaction, {
    title: t(`eid.title.${driver.id}`),
    status: state.error ? 400 : 200,
    body: html`${state.error ? html`<p class="error" role="alert">${state.error}</p>` : ''}
${relyingPartyMessage(interaction, state.userMessage)}
<p>${t('eid.intro')}</p>
<form method="post" action="${base}/start">${csrfField(interaction)}
<div class="actions">${
      driver.offersSameDevice(devicePlatform(ctx.get('user-agent')))
        ? html`<button type="submit" name="flow" value="sameDevice">${t('eid.sameDevice')}</button>
`
        : ''
    }<button type="submit" name="flow" value="qr" class="secondary">${t('eid.otherDevice')}</button></div>
</form>
<p><a href="/interaction/${uid}">${t('password.back')}</a></p>
${abortForm(interaction)}`,
  });
}

/**
 * "Is this you?" before the first eID login into an account someone prepared with this number
 * typed in: the name and (masked) address it holds, so the person can tell whether it is theirs.
 */
export function confirmScreen(
  ctx: Context,
  interaction: InteractionContext,
  driver: EidDriver,
  account: Account,
): void {
  const { t, uid } = interaction;
  const name = [account.givenName, account.familyName].filter(Boolean).join(' ') || '—';
  renderScreen(ctx, interaction, {
    title: t('eid.confirmTitle'),
    body: html`<p>${t('eid.confirmIntro')}</p>
<dl class="summary"><dt>${t('eid.confirmName')}</dt><dd>${name}</dd>${account.email ? html`<dt>${t('eid.confirmEmail')}</dt><dd>${maskEmail(account.email)}</dd>` : ''}</dl>
<form method="post" action="/interaction/${uid}/${driver.id}/confirm">${csrfField(interaction)}
<div class="actions"><button type="submit" name="mine" value="yes">${t('eid.confirmYes')}</button>
<button type="submit" name="mine" value="no" class="secondary">${t('eid.confirmNo')}</button></div>
</form>
${abortForm(interaction)}`,
  });
}

export async function statusScreen(
  ctx: Context,
  interaction: InteractionContext,
  driver: EidDriver,
  order: EidOrder,
  view: StatusView,
): Promise<void> {
  const { t, uid } = interaction;
  const base = `/interaction/${uid}/${driver.id}`;
  const pending = order.state === 'pending';
  renderScreen(ctx, interaction, {
    title: t(`eid.title.${driver.id}`),
    status: order.state === 'failed' ? 400 : 200,
    head: pending
      ? html`<script src="/assets/eid-status.js" defer></script><noscript><meta http-equiv="refresh" content="2"></noscript>`
      : undefined,
    body: html`${relyingPartyMessage(interaction, view.userMessage)}
<div data-eid-status="${base}/poll">
<p class="${view.internal ? 'error' : pending ? 'status' : 'error'}" role="status" aria-live="polite" data-eid-message>${view.message}</p>
${view.qrContent ? html`<figure class="qr"><div data-eid-qr data-qr-content="${view.qrContent}" role="img" aria-label="${t('eid.qrLabel')}">${await qrSvg(view.qrContent)}</div><figcaption>${t(`eid.qrHelp.${driver.id}`)}</figcaption></figure>` : ''}
${view.launch ? launchLink(interaction, driver, view.launch) : ''}
</div>
${view.sameDeviceInstead ? html`<form method="post" action="${base}/start">${csrfField(interaction)}<button class="link" type="submit" name="flow" value="sameDevice">${t('eid.sameDeviceInstead', { service: SERVICE_NAMES[driver.id] })}</button></form>` : ''}
${
  pending
    ? html`<form method="post" action="${base}/cancel">${csrfField(interaction)}<button class="secondary" type="submit">${t('eid.cancel')}</button></form>`
    : html`<form method="post" action="${base}/start">${csrfField(interaction)}<input type="hidden" name="flow" value="${order.flow}"><button type="submit">${t('eid.retry')}</button></form>
<p><a href="/interaction/${uid}">${t('password.back')}</a></p>${abortForm(interaction)}`
}`,
  });
}

export interface StatusView {
  message: string;
  internal: boolean;
  /** Only while the app has not picked the order up. */
  qrContent?: string | undefined;
  launch?: { url: string; atOnce: boolean } | undefined;
  /** Under the QR code on a computer: start the app here instead. */
  sameDeviceInstead?: boolean;
  userMessage?: UserMessage | undefined;
}

/** The app's start: followed at once by the page's script on a computer, a button to tap on a phone. */
function launchLink(interaction: InteractionContext, driver: EidDriver, launch: { url: string; atOnce: boolean }) {
  const { t } = interaction;
  const button = html`<p><a class="button" href="${launch.url}"${launch.atOnce ? html` data-eid-launch` : ''}>${t('eid.openApp', { service: SERVICE_NAMES[driver.id] })}</a></p>`;
  return launch.atOnce ? html`${button}<p class="hint">${t('eid.launchFallback')}</p>` : button;
}

function relyingPartyMessage(interaction: InteractionContext, message: UserMessage | undefined): SafeHtml | string {
  if (!message) return '';
  // Markdown is shown as its plain text: the profile forbids HTML in it, and text cannot inject any.
  return html`<section class="rp-message" aria-label="${interaction.t('eid.message')}"><p>${message.text}</p></section>`;
}
