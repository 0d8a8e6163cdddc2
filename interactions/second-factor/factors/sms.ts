// A code by text message to one of the account's numbers (at most two), where SMS is configured.
import { maskPhoneNumber } from '../../../src/notify/index.ts';
import { FACTOR_PROOFS } from '../../../src/policy/factors.ts';
import type { SecondFactor } from './factor.ts';

export const smsFactor: SecondFactor = {
  proof: FACTOR_PROOFS.sms,
  async options(services, accountId) {
    if (!services.senders.sms) return [];
    const numbers = await services.secondFactors.phoneNumbers(accountId);
    return numbers.map((e164, index) => ({
      kind: 'sms',
      id: `sms-${index}`,
      destination: e164,
      label: maskPhoneNumber(e164),
    }));
  },
};
