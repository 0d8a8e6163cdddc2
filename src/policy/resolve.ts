// Resolves, once per login request, what the client's policy means for it: the rules, the methods
// a person may use (narrowed to those that can reach an essential level the request demands), the
// levels the request asks for, and the privacy notice to accept. Every step reads this value.
import type { Config, LoginPolicyConfig } from '../config/schema.ts';
import { ACR, ACR_ORDER, type Acr } from '../provider/vocabulary.ts';
import { acceptedFactors, phishingResistant } from './factors.ts';
import { requestedAcrs } from './second-factor.ts';

export interface MethodCapability {
  id: string;
  acr: Acr;
  amr: readonly string[];
  /** Where the client's policy decides the method's level instead (a passkey's). */
  acrUnder?: ((policy: LoginPolicyConfig) => Acr) | undefined;
}

/** The level a login with this method alone reaches under this client's policy. */
export function methodAcr(method: MethodCapability, policy: LoginPolicyConfig): Acr {
  return method.acrUnder?.(policy) ?? method.acr;
}

export interface ResolvedPolicy<M extends MethodCapability> {
  policyName: string;
  /** The client's policy as configured. */
  rules: LoginPolicyConfig;
  methods: M[];
  /** Set when the request demanded an assurance level no offered method reaches. */
  unmet: boolean;
  /** Essential acr values from the request's claims parameter, if any. */
  essentialAcrs: string[] | undefined;
  /** The preferred `acr_values` level and the lowest essential one: what the request asks this login to reach. */
  requestedAcrs: string[];
  /** The privacy notice this client's logins accept first, with its current version. */
  notice: { name: string; version: string } | undefined;
}

export function resolvePolicy<M extends MethodCapability>(input: {
  config: Config;
  policyName: string | undefined;
  available: readonly M[];
  /** The authorization request's parameters (acr_values, claims). */
  params: Record<string, unknown>;
}): ResolvedPolicy<M> {
  const essential = essentialAcrs(input.params.claims);
  const policyName = input.policyName && input.config.policies[input.policyName] ? input.policyName : 'default';
  const allowed = new Set<string>(input.config.policies[policyName]!.methods);
  const policy = input.config.policies[policyName]!;
  // A password alone is loa1; followed by a second factor the policy accepts, it reaches loa2.
  const withSecondFactor = policy.secondFactor !== 'never' && policy.secondFactors.length > 0;
  const reachable = (method: M): Acr =>
    methodAcr(method, policy) === ACR.loa1 && withSecondFactor ? ACR.loa2 : methodAcr(method, policy);
  let methods = input.available.filter((method) => allowed.has(method.id));
  // A phishing-resistant login: a method that is one, or a password that a passkey completes.
  if (policy.requirePhishingResistant) {
    methods = methods.filter(
      (method) => phishingResistant(method.amr) || (method.id === 'password' && acceptedFactors(policy).length > 0),
    );
  }
  if (policy.minimumAcr) methods = methods.filter((method) => reaches(reachable(method), policy.minimumAcr!));
  if (essential?.length) {
    methods = methods.filter((method) => essential.some((acr) => reaches(reachable(method), acr)));
  }
  const notice = policy.privacyNotice ? input.config.privacyNotices[policy.privacyNotice] : undefined;
  return {
    policyName,
    rules: policy,
    methods,
    unmet: methods.length === 0,
    essentialAcrs: essential,
    requestedAcrs: requestedAcrs(input.params, essential),
    notice: notice && policy.privacyNotice ? { name: policy.privacyNotice, version: notice.version } : undefined,
  };
}

/** A login at `achieved` satisfies a request for `requested` when it is the same level or higher. */
export function reaches(achieved: Acr, requested: string): boolean {
  const want = ACR_ORDER.indexOf(requested as Acr);
  return want !== -1 && ACR_ORDER.indexOf(achieved) >= want;
}

/** Essential acr values from `claims={"id_token":{"acr":{"essential":true,"values":[…]}}}`. */
export function essentialAcrs(claimsParam: unknown): string[] | undefined {
  let claims = claimsParam;
  if (typeof claims === 'string') {
    try {
      claims = JSON.parse(claims);
    } catch {
      return undefined;
    }
  }
  const acr = (
    claims as { id_token?: { acr?: { essential?: boolean; value?: unknown; values?: unknown } } } | undefined
  )?.id_token?.acr;
  if (!acr?.essential) return undefined;
  if (Array.isArray(acr.values)) return acr.values.filter((value): value is string => typeof value === 'string');
  return typeof acr.value === 'string' ? [acr.value] : undefined;
}

/**
 * The acr to put in the ID token. oidc-provider compares an essential acr exactly, so a login
 * stronger than asked reports the strongest level that was asked for and reached.
 */
export function reportedAcr(achieved: Acr, essential: readonly string[] | undefined): Acr {
  if (!essential?.length) return achieved;
  const reached = essential.filter((acr) => reaches(achieved, acr)) as Acr[];
  return reached.sort((a, b) => ACR_ORDER.indexOf(b) - ACR_ORDER.indexOf(a))[0] ?? achieved;
}
