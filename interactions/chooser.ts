// The method chooser: the methods the client's policy allows for this request, one button each.
// With a single method the person goes straight to it.
import type { Context } from 'koa';
import type { PlainMessageKey } from '../src/i18n/translate.ts';
import { AUTHN_PROVIDER_PARAM, parseUserMessage, USER_MESSAGE_PARAM } from '../src/provider/user-message.ts';
import type { InteractionContext, InteractionServices } from './context.ts';
import { cancelOpenOrders } from './eid/open-orders.ts';
import { finishWithError } from './finish.ts';
import { csrfField } from '../src/web/forms.ts';
import { html } from '../src/web/html.ts';
import { renderScreen } from './views/render.ts';

/** The part of the shared services these screens use. */
type ChooserServices = Pick<InteractionServices, 'accounts' | 'audit' | 'eid' | 'eidOrders' | 'logger' | 'provider'>;

export async function showChooser(
  ctx: Context,
  services: ChooserServices,
  interaction: InteractionContext,
): Promise<void> {
  const { policy } = interaction;
  if (policy.unmet) {
    return finishWithError(
      ctx,
      services,
      interaction,
      'unmet_authentication_requirements',
      'no login method allowed for this client reaches the requested acr',
    );
  }
  const params = interaction.details.params;
  if (parseUserMessage(params[USER_MESSAGE_PARAM], interaction.locale) === 'invalid') {
    return finishWithError(
      ctx,
      services,
      interaction,
      'invalid_request',
      `${USER_MESSAGE_PARAM} is not valid: expected JSON with a base64 message and a supported mime_type`,
    );
  }
  // The Swedish profile lets a relying party name the method; one allowed method needs no choice.
  const asked = policy.methods.find((method) => method.authnProvider === params[AUTHN_PROVIDER_PARAM]);
  const only = policy.methods.length === 1 ? policy.methods[0] : undefined;
  if (asked ?? only) return ctx.redirect(`/interaction/${interaction.uid}/${(asked ?? only)!.id}`);
  // Back at the choice, the person has left any eID order they started: end it at the service too.
  await cancelOpenOrders(services, interaction, 'back_to_chooser');
  const { t, client } = interaction;
  renderScreen(ctx, interaction, {
    title: t('chooser.title'),
    body: html`<p>${t('chooser.intro', { client: client.clientName ?? client.clientId })}</p>
<ul class="methods">${policy.methods.map((method) => html`<li><a class="button" href="/interaction/${interaction.uid}/${method.id}">${typeof method.label === 'string' ? t(method.label) : method.label[interaction.locale]}</a></li>`)}</ul>
${policy.rules.selfRegistration ? html`<p>${t('chooser.noAccount')} <a href="/interaction/${interaction.uid}/register">${t('chooser.register')}</a></p>` : ''}
${abortForm(interaction)}`,
  });
}

export function abortForm(interaction: InteractionContext, label: PlainMessageKey = 'chooser.cancel') {
  return html`<form method="post" action="/interaction/${interaction.uid}/abort">${csrfField(interaction)}<button class="secondary" type="submit">${interaction.t(label)}</button></form>`;
}
