// The seam every second factor fulfils: what it proves (src/policy/factors.ts), the options it
// offers an account and, where it has a screen of its own, its routes. A new factor is one module
// here and one line in registry.ts.
import type Router from '@koa/router';
import type { FactorProof } from '../../../src/policy/factors.ts';
import type { InteractionServices } from '../../context.ts';

export type FactorOption =
  | { kind: 'sms'; id: string; destination: string; label: string }
  | { kind: 'email'; id: 'email'; destination: string; label: string }
  | { kind: 'totp'; id: 'totp' }
  | { kind: 'passkey'; id: 'passkey' };

/** A factor that sends a code to a destination (SMS, e-mail) and is checked on the code screen. */
export type SentCodeOption = Extract<FactorOption, { kind: 'sms' | 'email' }>;

/** What a factor reads to say what an account can use: its factors, and whether codes can be sent. */
export type FactorLookup = Pick<InteractionServices, 'accounts' | 'secondFactors' | 'passkeys' | 'senders'>;

export interface SecondFactor {
  proof: FactorProof;
  /** What this account can use now; empty when it has nothing of this kind, or it cannot be sent. */
  options(services: FactorLookup, accountId: string): Promise<FactorOption[]>;
  /** Whether the login may offer to set this factor up for an account that has none (see routes.ts). */
  enrolable?(services: FactorLookup, accountId: string): Promise<boolean>;
  /**
   * The factor's own screen, at /interaction/:uid/second-factor/<kind>: choosing it leads there.
   * It ends with `finishSecondFactor` (step.ts) once the factor is proven.
   */
  mount?(router: Router, services: InteractionServices): void;
}
