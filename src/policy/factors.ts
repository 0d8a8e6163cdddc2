// What each second factor proves, as data: the amr it adds to the password's (RFC 8176), the level
// a password login reaches with it, and which accepted factor it counts as. The login's step, the
// assurance gate and the account page all read this one table; a phishing-resistant factor added
// later declares a higher acr here, and nothing else decides it.
import type { SecondFactorKind } from '../../config/schema.ts';
import { ACR, type Acr, type Amr } from '../provider/vocabulary.ts';

/** A second factor a person proves: a policy's kinds, and recovery codes, which stand in for them. */
export type FactorId = SecondFactorKind | 'recovery_code';

export interface FactorProof {
  id: FactorId;
  /** Added to the password's amr, with `mfa`. */
  amr: readonly Amr[];
  /** The level a password login reaches with this factor. */
  acr: Acr;
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
};

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
  const named = proofs.filter((proof) => proof.amr.length > 0 && proof.amr.every((value) => amr.includes(value))).map((proof) => proof.countsAs);
  const unnamed = amr.includes('mfa') && !proofs.some((proof) => proof.amr.some((value) => amr.includes(value)));
  return [...new Set([...named, ...(unnamed ? proofs.filter((proof) => proof.amr.length === 0).map((proof) => proof.countsAs) : [])])];
}
