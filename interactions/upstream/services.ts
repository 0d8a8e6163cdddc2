// The check every upstream screen makes first: the screen belongs to a login that offers this method.
import type { Context } from 'koa';
import {
  isLoginPrompt,
  loadInteraction,
  type InteractionContext,
  type InteractionLoading,
  type InteractionServices,
} from '../context.ts';

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

/**
 * What an upstream method's screens use: the round trip's store, finishing the login (complete.ts)
 * and proving an existing account by its password first (prove-existing.ts).
 */
export type UpstreamMethodServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'eid'
  | 'eidOrders'
  | 'guessingAlerts'
  | 'logger'
  | 'methods'
  | 'passkeys'
  | 'passwords'
  | 'progress'
  | 'provider'
  | 'throttle'
  | 'upstream'
>;
