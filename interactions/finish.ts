// The one place a login ends: the evidence, once the pipeline (pipeline.ts) has no step left,
// becomes oidc-provider's login result. Either way it ends, eID orders it left open are cancelled
// at their services.
import type { Context } from 'koa';
import type { InteractionContext, InteractionServices } from './context.ts';
import { cancelOpenOrders } from './eid/open-orders.ts';
import type { Evidence } from './method.ts';

/** The part of the shared services these screens use. */
type FinishServices = Pick<InteractionServices, 'accounts' | 'audit' | 'eid' | 'eidOrders' | 'logger' | 'provider'>;

export async function completeLogin(
  ctx: Context,
  services: FinishServices,
  interaction: InteractionContext,
  evidence: Evidence,
): Promise<void> {
  await services.accounts.recordLogin(evidence.accountId);
  await cancelOpenOrders(services, interaction);
  await services.audit.record({
    type: 'login.finished',
    outcome: 'success',
    accountId: evidence.accountId,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { method: evidence.method, acr: evidence.acr, amr: evidence.amr },
  });
  const result = {
    login: {
      accountId: evidence.accountId,
      acr: evidence.acr,
      amr: evidence.amr,
      remember: true,
      ...(evidence.authTime ? { ts: evidence.authTime } : {}),
    },
  };
  ctx.respond = false;
  await services.provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
}

/** Ends the interaction with an OAuth error that goes back to the relying party. */
export async function finishWithError(
  ctx: Context,
  services: FinishServices,
  interaction: InteractionContext,
  error: 'access_denied' | 'unmet_authentication_requirements' | 'login_required' | 'invalid_request',
  description: string,
): Promise<void> {
  await services.audit.record({
    type: 'login.aborted',
    outcome: 'failure',
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { error },
  });
  await cancelOpenOrders(services, interaction);
  ctx.respond = false;
  await services.provider.interactionFinished(
    ctx.req,
    ctx.res,
    { error, error_description: description },
    { mergeWithLastSubmission: false },
  );
}
