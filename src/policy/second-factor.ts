// Whether a password login needs a second factor now: the client's policy, the network the person
// comes from, and what the request asks for. A request can raise the bar, never lower it.
import type { BlockList } from 'node:net';
import type { LoginPolicyConfig } from '../config/schema.ts';
import { inNetworks, networkList } from '../http/networks.ts';
import { ACR_ORDER, type Acr } from '../provider/vocabulary.ts';
import { acceptedFactors, provenKinds } from './factors.ts';

export type SecondFactorReason = 'policy' | 'network' | 'request';

export interface SecondFactorDecision {
  required: boolean;
  reason?: SecondFactorReason;
  /** The person is on one of the client's trusted networks. */
  trustedNetwork: boolean;
}

const lists = new WeakMap<LoginPolicyConfig, BlockList>();

export function decideSecondFactor(
  policy: LoginPolicyConfig,
  input: { ip: string; firstFactorAcr: Acr; requestedAcrs: readonly string[] },
): SecondFactorDecision {
  let list = lists.get(policy);
  if (!list) lists.set(policy, (list = networkList(policy.trustedNetworks)));
  const trustedNetwork = inNetworks(list, input.ip);
  // A password is never phishing-resistant: such a client always has it completed by a passkey.
  if (policy.requirePhishingResistant && acceptedFactors(policy).length > 0)
    return { required: true, reason: 'policy', trustedNetwork };
  if (policy.secondFactor === 'never' || policy.secondFactors.length === 0) return { required: false, trustedNetwork };
  if (policy.secondFactor === 'always') return { required: true, reason: 'policy', trustedNetwork };
  if (policy.secondFactor === 'outsideTrustedNetworks' && !trustedNetwork)
    return { required: true, reason: 'network', trustedNetwork };
  const first = ACR_ORDER.indexOf(input.firstFactorAcr);
  const wantsMore =
    input.requestedAcrs.some((acr) => ACR_ORDER.indexOf(acr as Acr) > first) ||
    (policy.minimumAcr !== undefined && ACR_ORDER.indexOf(policy.minimumAcr as Acr) > first);
  return wantsMore ? { required: true, reason: 'request', trustedNetwork } : { required: false, trustedNetwork };
}

export type SecondFactorKind = LoginPolicyConfig['secondFactors'][number];

/** Whether a login's amr shows a second factor this policy accepts (the table in factors.ts). */
export function provesAcceptedFactor(accepted: readonly SecondFactorKind[], amr: readonly string[]): boolean {
  return provenKinds(amr).some((kind) => accepted.includes(kind));
}

/**
 * The levels a request asks this login to reach. `acr_values` is voluntary and lists values in
 * order of preference (OpenID Connect Core §3.1.2.1), so its first level Portvakt knows is the one
 * the person is asked for: `loa1 loa2 loa3` is a password login, `loa2` alone a second factor. An
 * essential `acr` claim is met by any of its values, so the lowest of them counts.
 */
export function requestedAcrs(params: Record<string, unknown>, essential: readonly string[] | undefined): string[] {
  const known = (value: string) => ACR_ORDER.includes(value as Acr);
  const voluntary = typeof params.acr_values === 'string' ? params.acr_values.split(' ').filter(known) : [];
  const lowestEssential = (essential ?? [])
    .filter(known)
    .sort((a, b) => ACR_ORDER.indexOf(a as Acr) - ACR_ORDER.indexOf(b as Acr))[0];
  return [...voluntary.slice(0, 1), ...(lowestEssential ? [lowestEssential] : [])];
}
