// The assurance gate: single sign-on hands out a code only when what the session already proved is
// enough for this client and this request. oidc-provider's login prompt gets Portvakt's checks; a
// session that falls short is sent to a login, exactly as one with no session would be.
//
// A login that just happened in this request was put together by the interaction for this client,
// so the gate judges sessions carried over from earlier requests (the single sign-on case).
import type { KoaContextWithOIDC, interactionPolicy as Policy } from 'oidc-provider';
import { interactionPolicy } from 'oidc-provider';
import type { Config, LoginPolicyConfig } from '../config/schema.ts';
import type { PrivacyAcceptances } from '../accounts/privacy-notices.ts';
import { clientAddress } from '../http/client-address.ts';
import { essentialAcrs, reaches } from '../policy/resolve.ts';
import { acceptedFactors, phishingResistant } from '../policy/factors.ts';
import { decideSecondFactor, provesAcceptedFactor, requestedAcrs } from '../policy/second-factor.ts';
import { ACR, ACR_ORDER, type Acr } from './vocabulary.ts';

/** What the session proved, as oidc-provider keeps it. */
export interface SessionProof {
  acr: string | undefined;
  amr: readonly string[];
}

export type Shortfall = 'minimum_acr' | 'phishing_resistant' | 'second_factor' | 'privacy_notice';

/**
 * Why a session's proof is not enough for a policy at this address, or undefined when it is.
 * Pure: the privacy notice is judged by the caller-supplied `noticeAccepted`.
 */
export function assuranceShortfall(
  policy: LoginPolicyConfig,
  proof: SessionProof,
  request: { ip: string; requestedAcrs: readonly string[]; noticeAccepted: boolean },
): Shortfall | undefined {
  const acr = ACR_ORDER.includes(proof.acr as Acr) ? (proof.acr as Acr) : undefined;
  if (!acr) return 'minimum_acr';
  if (policy.minimumAcr && !reaches(acr, policy.minimumAcr)) return 'minimum_acr';
  // A password session counts only the second factors this policy accepts (an SMS code does not
  // stand in for the authenticator a client insists on); without one it is the password alone, and
  // takes the decision a password login takes now. Other first factors (an eID, a staff login)
  // prove their level themselves.
  const password = proof.amr.includes('pwd');
  // An eID or staff session cannot be made phishing-resistant by a step on top: a new login can.
  // A password session can, by the passkey its second factor then has to be.
  if (policy.requirePhishingResistant && !password && !phishingResistant(proof.amr)) return 'phishing_resistant';
  if (password ? !provesAcceptedFactor(acceptedFactors(policy), proof.amr) : !proof.amr.includes('mfa')) {
    const decision = decideSecondFactor(policy, {
      ip: request.ip,
      firstFactorAcr: password ? ACR.loa1 : acr,
      requestedAcrs: request.requestedAcrs,
    });
    if (decision.required) return 'second_factor';
  }
  if (!request.noticeAccepted) return 'privacy_notice';
  return undefined;
}

/** The prompt reason the gate adds; the interaction reads `details.shortfall` to run only the missing step. */
export const ASSURANCE_REASON = 'portvakt_assurance';

export function assuranceCheck(config: Config, acceptances: PrivacyAcceptances): Policy.Check {
  const { Check } = interactionPolicy;
  // The check decides, the details function reports: they run on the same request context.
  const found = new WeakMap<object, Shortfall>();
  const prompt = (ctx: KoaContextWithOIDC, shortfall: Shortfall) => {
    found.set(ctx, shortfall);
    return Check.REQUEST_PROMPT;
  };
  const details = (ctx: KoaContextWithOIDC) => ({ shortfall: found.get(ctx) });
  return new Check(
    ASSURANCE_REASON,
    "the session's login is not enough for this client",
    'login_required',
    async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      if (oidc.result?.login || !oidc.session?.accountId || !oidc.client) return Check.NO_NEED_TO_PROMPT;
      const policy = policyOf(config, oidc.client.metadata().login_policy);
      const params = oidc.params ?? {};
      const session = oidc.session as unknown as { acr?: string; amr?: string[] };
      const proof = { acr: session.acr, amr: session.amr ?? [] };
      const request = {
        ip: clientAddress(ctx, config.http.trustedProxies),
        requestedAcrs: requestedAcrs(params, essentialAcrs(params.claims)),
      };
      // The notice costs a query, so it is looked up only for a session that is otherwise enough.
      const before = assuranceShortfall(policy, proof, { ...request, noticeAccepted: true });
      if (before) return prompt(ctx, before);
      const notice = policy.privacyNotice ? config.privacyNotices[policy.privacyNotice] : undefined;
      const noticeAccepted =
        !notice || (await acceptances.hasAccepted(oidc.session.accountId, policy.privacyNotice!, notice.version));
      return noticeAccepted ? Check.NO_NEED_TO_PROMPT : prompt(ctx, 'privacy_notice');
    },
    details,
  );
}

/** A client's login policy by the name in its metadata; `default` when it names none that exists. */
export function policyOf(config: Pick<Config, 'policies'>, name: unknown): LoginPolicyConfig {
  return (typeof name === 'string' ? config.policies[name] : undefined) ?? config.policies.default!;
}
