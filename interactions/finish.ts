// The one place a login ends: the evidence becomes oidc-provider's login result, once the person
// has accepted the client's current privacy notice where its policy asks for one. Either way it
// ends, eID orders it left open are cancelled at their services.
import type { Context } from 'koa';
import type { InteractionContext, InteractionServices } from './context.ts';
import { cancelOpenOrders } from './eid/open-orders.ts';
import type { Evidence } from './method.ts';

export async function finishLogin(ctx: Context, services: InteractionServices, interaction: InteractionContext, evidence: Evidence): Promise<void> {
  const { notice } = interaction.policy;
  if (notice && !(await services.acceptances.hasAccepted(evidence.accountId, notice.name, notice.version))) {
    await services.progress.save({ uid: interaction.uid, stage: 'privacy_notice', accountId: evidence.accountId, method: evidence.method, amr: evidence.amr, acr: evidence.acr, authTime: evidence.authTime }, services.config.ttl.interaction);
    return ctx.redirect(`/interaction/${interaction.uid}/privacy-notice`);
  }
  await completeLogin(ctx, services, interaction, evidence);
}

export async function completeLogin(ctx: Context, services: InteractionServices, interaction: InteractionContext, evidence: Evidence): Promise<void> {
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
  const result = { login: { accountId: evidence.accountId, acr: evidence.acr, amr: evidence.amr, remember: true, ...(evidence.authTime ? { ts: evidence.authTime } : {}) } };
  ctx.respond = false;
  await services.provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
}

/** Ends the interaction with an OAuth error that goes back to the relying party. */
export async function finishWithError(
  ctx: Context,
  services: InteractionServices,
  interaction: InteractionContext,
  error: 'access_denied' | 'unmet_authentication_requirements' | 'login_required' | 'invalid_request',
  description: string,
): Promise<void> {
  await services.audit.record({ type: 'login.aborted', outcome: 'failure', clientId: interaction.client.clientId, ip: interaction.ip, detail: { error } });
  await cancelOpenOrders(services, interaction);
  ctx.respond = false;
  await services.provider.interactionFinished(ctx.req, ctx.res, { error, error_description: description }, { mergeWithLastSubmission: false });
}
