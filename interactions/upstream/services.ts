// What the upstream methods need beyond the shared interaction services: their storage (wired in
// src/server.ts as `upstream`), and the check that a screen belongs to a login that offers them.
import type { Context } from 'koa';
import type { UpstreamLogins } from '../../adapters/upstream-logins.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import { isLoginPrompt, loadInteraction, type InteractionContext, type InteractionServices } from '../context.ts';

export type UpstreamServices = InteractionServices & { upstream: UpstreamLogins };

/** Refuses to start when upstream IdPs are configured but their storage is not wired. */
export function withUpstream(services: InteractionServices): UpstreamServices {
  const store = (services as Partial<UpstreamServices>).upstream;
  if (!store)
    throw new PortvaktError(
      'config_invalid',
      'Upstream identity providers are configured, but the interaction services have no `upstream` store.',
    );
  return services as UpstreamServices;
}

/** The interaction, when it is a login and the client's policy offers this method. */
export async function allowedInteraction(
  ctx: Context,
  services: InteractionServices,
  methodId: string,
): Promise<InteractionContext> {
  const interaction = await loadInteraction(ctx, services);
  const { methods } = interaction.policy;
  if (!methods.some((method) => method.id === methodId) || !isLoginPrompt(interaction)) ctx.throw(404);
  return interaction;
}
