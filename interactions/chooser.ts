// The method chooser: the methods the client's policy allows for this request, one button each.
// With a single method the person goes straight to it.
import type { Context } from 'koa';
import type { MessageKey } from '../src/i18n/messages.ts';
import { essentialAcrs, resolvePolicy } from '../src/policy/resolve.ts';
import type { InteractionContext, InteractionServices } from './context.ts';
import { finishWithError } from './finish.ts';
import { csrfField } from './views/forms.ts';
import { html } from './views/html.ts';
import { renderScreen } from './views/render.ts';

export function offeredMethods(services: InteractionServices, interaction: InteractionContext) {
  return resolvePolicy({
    config: services.config,
    policyName: interaction.client.metadata().login_policy as string | undefined,
    available: services.methods,
    essentialAcrs: essentialAcrs(interaction.details.params.claims),
  });
}

export async function showChooser(ctx: Context, services: InteractionServices, interaction: InteractionContext): Promise<void> {
  const policy = offeredMethods(services, interaction);
  if (policy.unmet) {
    return finishWithError(ctx, services, interaction, 'unmet_authentication_requirements', 'no login method allowed for this client reaches the requested acr');
  }
  if (policy.methods.length === 1) return ctx.redirect(`/interaction/${interaction.uid}/${policy.methods[0]!.id}`);
  const { t, client } = interaction;
  renderScreen(ctx, interaction, {
    title: t('chooser.title'),
    body: html`<p>${t('chooser.intro', { client: client.clientName ?? client.clientId })}</p>
<ul class="methods">${policy.methods.map((method) => html`<li><a class="button" href="/interaction/${interaction.uid}/${method.id}">${t(method.label)}</a></li>`)}</ul>
${abortForm(interaction)}`,
  });
}

export function abortForm(interaction: InteractionContext, label: MessageKey = 'chooser.cancel') {
  return html`<form method="post" action="/interaction/${interaction.uid}/abort">${csrfField(interaction)}<button class="secondary" type="submit">${interaction.t(label)}</button></form>`;
}
