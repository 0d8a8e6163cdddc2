// What each second factor proves, as data: the amr it adds to the password's (RFC 8176), the level
// a password login reaches with it, and which accepted factor it counts as. The login's step, the
// assurance gate and the account page all read this one table; a factor whose level is the
// deployment's call (a passkey) names the policy key that decides it, and nothing else does.
import type { LoginPolicyConfig, SecondFactorKind } from '../config/schema.ts';
import { ACR, type Acr, type Amr } from '../provider/vocabulary.ts';

/** A second factor a person proves: a policy's kinds, and recovery codes, which stand in for them. */
export type FactorId = SecondFactorKind | 'recovery_code';

export interface FactorProof {
  id: FactorId;
  /** Added to the password's amr, with `mfa`. */
  amr: readonly Amr[];
  /** The level a password login reaches with this factor. */
  acr: Acr;
  /** Where the client's policy decides the level instead (see `factorAcr`). */
  acrUnder?: (policy: LoginPolicyConfig) => Acr;
  /**
   * The policy kind a login with this factor satisfies. RFC 8176 has no value for an e-mail code
   * or a recovery code, so both show only `mfa` and count where e-mail codes do.
   */
  countsAs: SecondFactorKind;
}

export const FACTOR_PROOFS: Readonly<Record<FactorId, FactorProof>> = {
  totp: { id: 'totp', amr: ['otp'], acr: ACR.loa2, countsAs: 'totp' },
  sms: { id: 'sms', amr: ['sms'], acr: ACR.loa2, countsAs: 'sms' },
  email: { id: 'email', amr: [], acr: ACR.loa2, countsAs: 'email' },
  recovery_code: { id: 'recovery_code', amr: [], acr: ACR.loa2, countsAs: 'email' },
  // The device kind (hwk or swk) and `user` are added by the passkey that answered.
  passkey: { id: 'passkey', amr: ['phr'], acr: ACR.loa2, acrUnder: (policy) => policy.passkeyAcr, countsAs: 'passkey' },
};

/** The level a password login reaches with this factor under this client's policy. */
export function factorAcr(factor: FactorProof, policy: LoginPolicyConfig): Acr {
  return factor.acrUnder?.(policy) ?? factor.acr;
}

/** A login that a phishing site could not have relayed: `phr` (OpenID EAP) in its amr. */
export function phishingResistant(amr: readonly string[]): boolean {
  return amr.includes('phr');
}

/**
 * The second factors that may complete a password login for this client: its list, narrowed to
 * the phishing-resistant ones where the client requires such a login.
 */
export function acceptedFactors(policy: LoginPolicyConfig): SecondFactorKind[] {
  return policy.requirePhishingResistant
    ? policy.secondFactors.filter((kind) => phishingResistant(FACTOR_PROOFS[kind].amr))
    : [...policy.secondFactors];
}

/** The amr of a password login completed with this factor. */
export function amrWith(first: readonly Amr[], factor: FactorProof): Amr[] {
  return [...new Set<Amr>([...first, ...factor.amr, 'mfa'])];
}

/**
 * The kinds of second factor a login's amr shows, read back from the table: each whose own amr
 * values are present, and the e-mail kind where `mfa` stands without any of them.
 */
export function provenKinds(amr: readonly string[]): SecondFactorKind[] {
  const proofs = Object.values(FACTOR_PROOFS);
  const named = proofs
    .filter((proof) => proof.amr.length > 0 && proof.amr.every((value) => amr.includes(value)))
    .map((proof) => proof.countsAs);
  const unnamed = amr.includes('mfa') && !proofs.some((proof) => proof.amr.some((value) => amr.includes(value)));
  return [
    ...new Set([
      ...named,
      ...(unnamed ? proofs.filter((proof) => proof.amr.length === 0).map((proof) => proof.countsAs) : []),
    ]),
  ];
}
