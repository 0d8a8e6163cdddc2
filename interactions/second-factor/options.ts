// The second factors one person can use for one client: the policy's list, in its order, narrowed
// by each factor's module (factors/) to what the person has registered and this deployment can send.
import type { SecondFactorKind } from '../../src/config/schema.ts';
import type { InteractionServices } from '../context.ts';
import type { FactorOption } from './factors/factor.ts';
import { SECOND_FACTORS } from './factors/registry.ts';

/** The part of the shared services these screens use. */
type OptionServices = Pick<InteractionServices, 'accounts' | 'passkeys' | 'secondFactors' | 'senders'>;

export type { FactorOption, SentCodeOption } from './factors/factor.ts';

export async function factorOptions(
  services: OptionServices,
  accountId: string,
  accepted: readonly SecondFactorKind[],
): Promise<{ options: FactorOption[]; canEnrolTotp: boolean }> {
  const options: FactorOption[] = [];
  let canEnrolTotp = false;
  for (const kind of accepted) {
    const factor = SECOND_FACTORS[kind];
    const offered = await factor.options(services, accountId);
    options.push(...offered);
    if (kind === 'totp' && offered.length === 0 && (await factor.enrolable?.(services, accountId))) canEnrolTotp = true;
  }
  return { options, canEnrolTotp };
}
