// The check every upstream screen makes first: the screen belongs to a login that offers this method.
import type { Context } from 'koa';
import { isLoginPrompt, loadInteraction, type InteractionContext, type InteractionLoading } from '../context.ts';

/** The interaction, when it is a login and the client's policy offers this method. */
export async function allowedInteraction(
  ctx: Context,
  services: InteractionLoading,
  methodId: string,
): Promise<InteractionContext> {
  const interaction = await loadInteraction(ctx, services);
  const { methods } = interaction.policy;
  if (!methods.some((method) => method.id === methodId) || !isLoginPrompt(interaction)) ctx.throw(404);
  return interaction;
}
