// After a password: finish, or keep the first factor with the interaction and ask for a second,
// as the client's policy, the network and the request decide.
import type { Context } from 'koa';
import { decideSecondFactor } from '../../src/policy/second-factor.ts';
import type { Acr } from '../../src/provider/vocabulary.ts';
import type { InteractionContext, InteractionServices } from '../context.ts';
import { finishLogin } from '../finish.ts';
import type { Evidence } from '../method.ts';

export async function continueAfterFirstFactor(ctx: Context, services: InteractionServices, interaction: InteractionContext, evidence: Evidence): Promise<void> {
  const policy = interaction.policy.rules;
  const decision = decideSecondFactor(policy, {
    ip: interaction.ip,
    firstFactorAcr: evidence.acr as Acr,
    requestedAcrs: interaction.policy.requestedAcrs,
  });
  if (!decision.required) return finishLogin(ctx, services, interaction, evidence);
  await services.progress.save({ uid: interaction.uid, stage: 'second_factor', accountId: evidence.accountId, method: evidence.method, amr: evidence.amr, acr: evidence.acr, authTime: evidence.authTime }, services.config.ttl.interaction);
  await services.audit.record({ type: 'login.step_up', outcome: 'info', accountId: evidence.accountId, clientId: interaction.client.clientId, ip: interaction.ip, detail: { reason: decision.reason } });
  ctx.redirect(`/interaction/${interaction.uid}/second-factor`);
}
