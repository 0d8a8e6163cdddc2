// The second factors one person can use for one client: the policy's list, narrowed to what the
// person has registered and what this deployment can send.
import type { SecondFactorKind } from '../../config/schema.ts';
import { maskPhoneNumber } from '../../src/notify/index.ts';
import type { InteractionServices } from '../context.ts';

export type FactorOption =
  | { kind: 'sms'; id: string; destination: string; label: string }
  | { kind: 'email'; id: 'email'; destination: string; label: string }
  | { kind: 'totp'; id: 'totp' };

export async function factorOptions(services: InteractionServices, accountId: string, accepted: readonly SecondFactorKind[]): Promise<{ options: FactorOption[]; canEnrolTotp: boolean }> {
  const options: FactorOption[] = [];
  let canEnrolTotp = false;
  for (const kind of accepted) {
    if (kind === 'totp') {
      if (await services.secondFactors.authenticator(accountId)) options.push({ kind: 'totp', id: 'totp' });
      else canEnrolTotp = true;
    }
    if (kind === 'sms' && services.senders.sms) {
      const numbers = await services.secondFactors.phoneNumbers(accountId);
      numbers.forEach((e164, index) => options.push({ kind: 'sms', id: `sms-${index}`, destination: e164, label: maskPhoneNumber(e164) }));
    }
    if (kind === 'email' && services.senders.email) {
      const account = await services.accounts.findById(accountId);
      if (account?.email && account.emailVerified) options.push({ kind: 'email', id: 'email', destination: account.email, label: maskEmail(account.email) });
    }
  }
  return { options, canEnrolTotp };
}

/** a…@example.org: enough to recognise one's own address, too little to learn someone else's. */
export function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}…@${domain}`;
}
