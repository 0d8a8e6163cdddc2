// The second-factor step as every factor module sees it: the login waiting at it, and its end,
// which hands the login back to the pipeline with the factor's amr and the level it reaches here.
import type { Context } from 'koa';
import { amrWith, factorAcr, type FactorProof } from '../../src/policy/factors.ts';
import type { Amr } from '../../src/provider/vocabulary.ts';
import { fromAddressKey, secondFactorKey } from '../../src/security/throttle.ts';
import {
  isLoginPrompt,
  loadInteraction,
  type InteractionContext,
  type InteractionServices,
  type LoginProgress,
} from '../context.ts';
import type { EvidenceMethod } from '../method.ts';
import { advance } from '../pipeline.ts';

/** The part of the shared services these screens use. */
type StepServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'config'
  | 'csrfKey'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'methods'
  | 'passkeys'
  | 'progress'
  | 'provider'
  | 'throttle'
>;

export interface Step {
  interaction: InteractionContext;
  progress: LoginProgress;
}

/** The interaction, when it waits at its second factor; 404 otherwise. */
export async function loadStep(ctx: Context, services: StepServices): Promise<Step> {
  const interaction = await loadInteraction(ctx, services);
  const progress = await services.progress.find(interaction.uid);
  // A password reset in progress has proven only an e-mail address: it is no first factor.
  if (progress?.stage !== 'second_factor' || !isLoginPrompt(interaction)) ctx.throw(404);
  return { interaction, progress };
}

/** The throttle keys of wrong second factors: the account's, and the account's from this address. */
export function factorKeys(accountId: string, ip: string) {
  const account = secondFactorKey(accountId);
  return { account, fromHere: fromAddressKey(account, ip) };
}

/**
 * The login goes on with the first factor's amr and this factor's, at the level the factor
 * declares under this client's policy. `amr` adds what only the answer could tell (a passkey's
 * device kind).
 */
export async function finishSecondFactor(
  ctx: Context,
  services: StepServices,
  { interaction, progress }: Step,
  factor: FactorProof,
  amr: readonly Amr[] = [],
): Promise<void> {
  await services.progress.remove(interaction.uid);
  await services.throttle.reset(factorKeys(progress.accountId, interaction.ip).fromHere);
  await services.audit.record({
    type: 'login.second_factor',
    outcome: 'success',
    accountId: progress.accountId,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { factor: factor.id },
  });
  await advance(ctx, services, interaction, {
    method: progress.method as EvidenceMethod,
    accountId: progress.accountId,
    acr: factorAcr(factor, interaction.policy.rules),
    amr: [...new Set([...amrWith(progress.amr as Amr[], factor), ...amr])],
    secondFactor: factor.id,
    authTime: progress.authTime,
  });
}
