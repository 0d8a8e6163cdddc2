// Renders an interaction screen into the shared layout, with language links back to itself and a
// form-action that lets the final redirect reach the relying party.
import type { Context } from 'koa';
import { LOCALES } from '../../src/config/schema.ts';
import { allowFormTargets, allowImageSource } from '../../src/http/security-headers.ts';
import type { InteractionContext } from '../context.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';
import { page } from '../../src/web/layout.ts';

export interface LayoutInput {
  title: string;
  body: SafeHtml;
  status?: number | undefined;
  /** Extra elements for <head>, such as the eID status script. */
  head?: SafeHtml | undefined;
}

export function renderScreen(ctx: Context, interaction: InteractionContext, input: LayoutInput): void {
  allowFormTargets(ctx, interaction.client.redirectUris ?? []);
  const { logoUri } = interaction.client;
  if (logoUri) allowImageSource(ctx, logoUri);
  const { brand } = interaction;
  if (brand?.logoUrl?.startsWith('https:')) allowImageSource(ctx, brand.logoUrl);
  ctx.set('Cache-Control', 'no-store');
  ctx.status = input.status ?? 200;
  ctx.type = 'html';
  ctx.body = page({
    locale: interaction.locale,
    t: interaction.t,
    title: input.title,
    body: html`${clientPresentation(interaction)}${input.body}`,
    head: input.head,
    languageLinks: LOCALES.map((locale) => ({ locale, href: `${ctx.path}?lang=${locale}` })),
    // A single sign-on session already exists (a step-up, a consent): the person may see their account.
    accountLink: interaction.details.session?.accountId !== undefined,
    brand,
    serviceName: interaction.client.clientName,
  });
}

/**
 * The client the person is logging in to, as it registered itself (Dynamic Client Registration §2):
 * its logo, its privacy policy and its terms. The browser loads the logo from the client's own
 * https origin, which the page's CSP then allows; Portvakt never fetches it.
 */
function clientPresentation(interaction: InteractionContext): SafeHtml | undefined {
  const { client, t } = interaction;
  const name = client.clientName ?? client.clientId;
  const links = [
    client.policyUri
      ? html`<a href="${client.policyUri}" rel="noopener">${t('client.policy', { client: name })}</a>`
      : undefined,
    client.tosUri
      ? html`<a href="${client.tosUri}" rel="noopener">${t('client.terms', { client: name })}</a>`
      : undefined,
  ].filter(Boolean);
  if (!client.logoUri && links.length === 0) return undefined;
  return html`<aside class="client" aria-label="${name}">${client.logoUri ? html`<img class="client-logo" src="${client.logoUri}" alt="${t('client.logo', { client: name })}" width="160" height="48" decoding="async" referrerpolicy="no-referrer">` : ''}${links.length ? html`<p class="client-links">${links.map((link, index) => html`${index ? ' · ' : ''}${link}`)}</p>` : ''}</aside>`;
}
