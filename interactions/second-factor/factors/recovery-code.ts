// Recovery codes, handed out when an authenticator is set up, typed where its code would go. Each
// works once. They are letters and digits, so a six-digit input is never tried as one.
import { FACTOR_PROOFS } from '../../../src/policy/factors.ts';
import type { InteractionServices } from '../../context.ts';

/** The part of the shared services these screens use. */
type RecoveryCodeServices = Pick<InteractionServices, 'secondFactors'>;

export const recoveryCodeProof = FACTOR_PROOFS.recovery_code;

export async function useRecoveryCode(
  services: RecoveryCodeServices,
  accountId: string,
  input: string,
): Promise<boolean> {
  return /[A-Za-z]/.test(input) && (await services.secondFactors.useRecoveryCode(accountId, input));
}
