// Renders an interaction screen into the shared layout, with language links back to itself and a
// form-action that lets the final redirect reach the relying party.
import type { Context } from 'koa';
import { LOCALES } from '../../config/schema.ts';
import { allowFormTargets } from '../../src/http/security-headers.ts';
import type { InteractionContext } from '../context.ts';
import type { SafeHtml } from './html.ts';
import { page } from './layout.ts';

export interface LayoutInput {
  title: string;
  body: SafeHtml;
  status?: number;
  /** Extra elements for <head>, such as the eID status script. */
  head?: SafeHtml | undefined;
}

export function renderScreen(ctx: Context, interaction: InteractionContext, input: LayoutInput): void {
  allowFormTargets(ctx, interaction.client.redirectUris ?? []);
  ctx.set('Cache-Control', 'no-store');
  ctx.status = input.status ?? 200;
  ctx.type = 'html';
  ctx.body = page({
    locale: interaction.locale,
    t: interaction.t,
    title: input.title,
    body: input.body,
    head: input.head,
    languageLinks: LOCALES.map((locale) => ({ locale, href: `${ctx.path}?lang=${locale}` })),
  });
}
