// An authenticator app (RFC 6238): one per account, each time step usable once.
import { FACTOR_PROOFS } from '../../../src/policy/factors.ts';
import { checkTotp } from '../../../src/security/totp.ts';
import type { InteractionServices } from '../../context.ts';
import type { SecondFactor } from './factor.ts';

/** The part of the shared services these screens use. */
type TotpServices = Pick<InteractionServices, 'secondFactors'>;

export const totpFactor: SecondFactor = {
  proof: FACTOR_PROOFS.totp,
  async options(services, accountId) {
    return (await services.secondFactors.authenticator(accountId)) ? [{ kind: 'totp', id: 'totp' }] : [];
  },
  async enrolable(services, accountId) {
    return !(await services.secondFactors.authenticator(accountId));
  },
};

/** A code from the account's app, in a time step after the last one used; that step is then spent. */
export async function verifyTotp(services: TotpServices, accountId: string, input: string): Promise<boolean> {
  const authenticator = await services.secondFactors.authenticator(accountId);
  const step = authenticator
    ? await checkTotp(authenticator.secret, input, { after: authenticator.lastUsedStep })
    : undefined;
  return step !== undefined && (await services.secondFactors.useAuthenticatorStep(accountId, step));
}
