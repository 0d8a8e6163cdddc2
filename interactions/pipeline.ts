// The one owner of a login's middle. Every method hands its evidence here once it has proven
// something, and every step hands the evidence back when it is done; `advance` gathers the facts,
// asks the table (src/policy/login-steps.ts) for the next step, and starts it or finishes the
// login. No method or step decides what follows it.
//
//   method ──evidence──▶ advance ──▶ second factor ──evidence + factor──▶ advance
//                           │  ──▶ privacy notice ──accepted──▶ advance
//                           │  ──▶ passkey offer ──made one, or not now──▶ advance
//                           └──▶ finish (completeLogin)
import type { Context } from 'koa';
import { nextStep, type LoginFacts } from '../src/policy/login-steps.ts';
import { acceptedFactors, phishingResistant } from '../src/policy/factors.ts';
import { decideSecondFactor, provesAcceptedFactor } from '../src/policy/second-factor.ts';
import type { Acr, Amr } from '../src/provider/vocabulary.ts';
import type { InteractionContext, InteractionServices, LoginProgress } from './context.ts';
import { completeLogin } from './finish.ts';
import { SESSION_METHOD, type Evidence, type EvidenceMethod } from './method.ts';

/** The part of the shared services these screens use. */
type PipelineServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'config'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'passkeys'
  | 'progress'
  | 'provider'
>;

export async function advance(
  ctx: Context,
  services: PipelineServices,
  interaction: InteractionContext,
  evidence: Evidence,
): Promise<void> {
  const facts = await loginFacts(services, interaction, evidence);
  const step = nextStep(facts);
  if (step === 'finish') return completeLogin(ctx, services, interaction, evidence);
  await services.progress.save(
    {
      uid: interaction.uid,
      stage: step,
      accountId: evidence.accountId,
      method: evidence.method,
      amr: evidence.amr,
      acr: evidence.acr,
      authTime: evidence.authTime,
      secondFactor: evidence.secondFactor,
    },
    services.config.ttl.interaction,
  );
  if (step === 'second_factor') {
    await services.audit.record({
      type: 'login.step_up',
      outcome: 'info',
      accountId: evidence.accountId,
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { reason: facts.secondFactorReason },
    });
  }
  ctx.redirect(`/interaction/${interaction.uid}/${STEP_PATHS[step]}`);
}

const STEP_PATHS = {
  second_factor: 'second-factor',
  privacy_notice: 'privacy-notice',
  passkey_offer: 'passkey-offer',
} as const;

/** The evidence a login waiting at a step was saved with, to hand back once the step is done. */
export function savedEvidence(progress: LoginProgress): Evidence {
  return {
    method: progress.method as EvidenceMethod,
    accountId: progress.accountId,
    acr: progress.acr as Acr,
    amr: progress.amr as Amr[],
    authTime: progress.authTime,
    secondFactor: progress.secondFactor,
  };
}

/** What the table decides on. The notice costs a query, so it is read only where the policy has one. */
async function loginFacts(
  services: PipelineServices,
  interaction: InteractionContext,
  evidence: Evidence,
): Promise<LoginFacts> {
  const { rules, notice, requestedAcrs } = interaction.policy;
  const passwordFirstFactor =
    evidence.method === 'password' || (evidence.method === SESSION_METHOD && evidence.amr.includes('pwd'));
  const decision = decideSecondFactor(rules, {
    ip: interaction.ip,
    firstFactorAcr: evidence.acr as Acr,
    requestedAcrs,
  });
  return {
    passwordFirstFactor,
    acceptedFactorProven:
      evidence.secondFactor !== undefined || provesAcceptedFactor(acceptedFactors(rules), evidence.amr),
    secondFactorReason: decision.required ? decision.reason : undefined,
    noticeOutstanding:
      notice !== undefined &&
      !(await services.acceptances.hasAccepted(evidence.accountId, notice.name, notice.version)),
    passkeyOfferDue: await passkeyOfferDue(services, interaction, evidence),
  };
}

/**
 * Binding a factor needs a factor: a passkey is offered only after a login that proved more than
 * a password (an eID, or a password and a second factor), and only where this client takes
 * passkeys, so the one made can be used. A session single sign-on resumed counts only if this
 * login proved its second factor itself: an eID from hours ago binds nothing now.
 */
async function passkeyOfferDue(
  services: PipelineServices,
  interaction: InteractionContext,
  evidence: Evidence,
): Promise<boolean> {
  const { rules } = interaction.policy;
  if (
    !rules.offerPasskey ||
    evidence.passkeyOfferAnswered ||
    phishingResistant(evidence.amr) ||
    !evidence.amr.includes('mfa')
  )
    return false;
  if (evidence.method === SESSION_METHOD && evidence.secondFactor === undefined) return false;
  if (!rules.methods.includes('passkey') && !rules.secondFactors.includes('passkey')) return false;
  return (await services.passkeys.count(evidence.accountId)) === 0;
}
