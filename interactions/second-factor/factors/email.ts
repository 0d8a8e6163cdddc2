// A code by e-mail to the account's address, only once that address is proven.
import { maskEmail } from '../../../src/notify/masking.ts';
import { FACTOR_PROOFS } from '../../../src/policy/factors.ts';
import type { SecondFactor } from './factor.ts';

export const emailFactor: SecondFactor = {
  proof: FACTOR_PROOFS.email,
  async options(services, accountId) {
    if (!services.senders.email) return [];
    const account = await services.accounts.findById(accountId);
    return account?.email && account.emailVerified
      ? [{ kind: 'email', id: 'email', destination: account.email, label: maskEmail(account.email) }]
      : [];
  },
};
