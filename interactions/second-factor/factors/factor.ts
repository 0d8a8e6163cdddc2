// The seam every second factor fulfils: what it proves (src/policy/factors.ts), and the options it
// offers an account. A new factor is one module here and one line in registry.ts.
import type { FactorProof } from '../../../src/policy/factors.ts';
import type { InteractionServices } from '../../context.ts';

export type FactorOption =
  | { kind: 'sms'; id: string; destination: string; label: string }
  | { kind: 'email'; id: 'email'; destination: string; label: string }
  | { kind: 'totp'; id: 'totp' };

/** A factor that sends a code to a destination (SMS, e-mail) and is checked on the code screen. */
export type SentCodeOption = Exclude<FactorOption, { kind: 'totp' }>;

export interface SecondFactor {
  proof: FactorProof;
  /** What this account can use now; empty when it has nothing of this kind, or it cannot be sent. */
  options(services: InteractionServices, accountId: string): Promise<FactorOption[]>;
  /** Whether the login may offer to set this factor up for an account that has none (see routes.ts). */
  enrolable?(services: InteractionServices, accountId: string): Promise<boolean>;
}
