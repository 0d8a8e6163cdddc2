// Reads a getOneResult answer into a closed outcome. An APPROVED answer counts only when its
// signed details name the same authRef, say APPROVED, and meet the required registration level.
import { z } from 'zod';
import { FrejaError } from './errors.ts';
import type { SigningKeys } from './signing-keys.ts';
import { isFrejaStatus, isPendingStatus, meetsLevel, type FrejaOutcome, type RegistrationLevel } from './types.ts';
import { verifyDetails, type SignedDetails } from './verify.ts';

export const resultAnswerSchema = z.object({
  authRef: z.string().min(1),
  status: z.string().min(1),
  details: z.string().optional(),
});

export type ResultAnswer = z.infer<typeof resultAnswerSchema>;

export interface ResultChecks {
  keys: SigningKeys;
  now: number;
  minRegistrationLevel: RegistrationLevel;
}

function mismatch(reason: string, detail: Record<string, unknown> = {}): FrejaError {
  return new FrejaError('invalidResponse', 'Freja eID answered unexpectedly.', { detail: { reason, ...detail } });
}

export async function interpretResult(
  authRef: string,
  answer: ResultAnswer,
  checks: ResultChecks,
): Promise<FrejaOutcome> {
  if (answer.authRef !== authRef) throw mismatch('answer names another authRef', { authRef });
  const status = answer.status;
  if (!isFrejaStatus(status)) return { state: 'failed', authRef, status: 'UNKNOWN', reportedStatus: status };
  if (isPendingStatus(status)) return { state: 'pending', authRef, status };
  if (status !== 'APPROVED') return { state: 'failed', authRef, status };
  if (answer.details === undefined) throw mismatch('APPROVED without details', { authRef });

  const signed = await verifyDetails(answer.details, checks.keys, checks.now);
  checkSigned(authRef, signed, checks.minRegistrationLevel);
  return {
    state: 'approved',
    authRef,
    status: 'APPROVED',
    identity: {
      authRef: signed.authRef,
      userInfoType: signed.userInfoType,
      userInfo: signed.userInfo,
      minRegistrationLevel: signed.minRegistrationLevel,
      attributes: signed.attributes,
      timestamp: signed.timestamp,
      details: answer.details,
    },
  };
}

function checkSigned(authRef: string, signed: SignedDetails, required: RegistrationLevel): void {
  if (signed.authRef !== authRef) throw mismatch('signed details name another authRef', { authRef });
  if (signed.status !== 'APPROVED')
    throw mismatch('signed details are not APPROVED', { authRef, signedStatus: signed.status });
  if (!meetsLevel(signed.minRegistrationLevel, required)) {
    throw mismatch('signed minRegistrationLevel below the required one', {
      authRef,
      signed: signed.minRegistrationLevel,
      required,
    });
  }
  const level = signed.attributes.registrationLevel;
  if (level !== undefined && !meetsLevel(level, required)) {
    throw mismatch('registrationLevel below the required one', { authRef, level, required });
  }
}
