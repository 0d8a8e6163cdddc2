// The steps of a login after its first factor, in order, as one table. Which one comes next is a
// pure function of facts about this login, so the order is tested as data (and a new step, such as
// enrolling a factor or proving an address, is one row). interactions/pipeline.ts gathers the
// facts and runs the step.
import type { SecondFactorReason } from './second-factor.ts';

export type StepId = 'second_factor' | 'privacy_notice' | 'passkey_offer';

export interface LoginFacts {
  /** The first factor is Portvakt's own password (a password login, or a session that came from one). */
  passwordFirstFactor: boolean;
  /** The login already shows a second factor this client's policy accepts. */
  acceptedFactorProven: boolean;
  /** Why the policy, the network or the request asks for a second factor now; undefined if nothing does. */
  secondFactorReason: SecondFactorReason | undefined;
  /** The client's privacy notice is one the person has not accepted in its current version. */
  noticeOutstanding: boolean;
  /**
   * The policy offers a passkey after login, this login proved enough to bind one (an eID, or two
   * factors), the account has none, and the offer was not answered in this login.
   */
  passkeyOfferDue: boolean;
}

interface StepRule {
  id: StepId;
  needed(facts: LoginFacts): boolean;
}

export const LOGIN_STEPS: readonly StepRule[] = [
  // An eID or a staff login proves its own level; only a password is topped up here.
  {
    id: 'second_factor',
    needed: (facts) =>
      facts.passwordFirstFactor && !facts.acceptedFactorProven && facts.secondFactorReason !== undefined,
  },
  { id: 'privacy_notice', needed: (facts) => facts.noticeOutstanding },
  { id: 'passkey_offer', needed: (facts) => facts.passkeyOfferDue },
];

/**
 * The first step this login still needs, or `finish`. A step done changes the facts (the factor is
 * in the amr, the notice is accepted), so asking again after each step walks the table in order.
 */
export function nextStep(facts: LoginFacts): StepId | 'finish' {
  return LOGIN_STEPS.find((step) => step.needed(facts))?.id ?? 'finish';
}
