// Verifies the `details` of an APPROVED result: a compact JWS, RS256, signed by the Freja
// certificate its `x5t` header names. Only what this signature covers is trusted; the unsigned
// copy of the attributes beside it in the answer is ignored.
import { compactVerify, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import { FrejaError } from './errors.ts';
import type { SigningKeys } from './signing-keys.ts';
import { REGISTRATION_LEVELS, type FrejaAttributes, type RegistrationLevel } from './types.ts';

const attributesSchema = z.object({
  basicUserInfo: z.object({ name: z.string(), surname: z.string() }).optional(),
  ssn: z.object({ ssn: z.string(), country: z.string() }).optional(),
  emailAddress: z.string().optional(),
  dateOfBirth: z.string().optional(),
  registrationLevel: z.enum(REGISTRATION_LEVELS).optional(),
});

const payloadSchema = z.object({
  authRef: z.string().min(1),
  status: z.string(),
  userInfoType: z.string(),
  userInfo: z.string(),
  minRegistrationLevel: z.enum(REGISTRATION_LEVELS),
  requestedAttributes: attributesSchema.optional(),
  timestamp: z.number(),
});

export interface SignedDetails {
  authRef: string;
  status: string;
  userInfoType: string;
  userInfo: string;
  minRegistrationLevel: RegistrationLevel;
  attributes: FrejaAttributes;
  timestamp: number;
}

function refuse(reason: string, extra: Record<string, unknown> = {}, cause?: unknown): FrejaError {
  return new FrejaError('invalidSignature', 'The answer from Freja eID could not be verified.', {
    cause,
    detail: { reason, ...extra },
  });
}

export async function verifyDetails(jws: string, keys: SigningKeys, now: number): Promise<SignedDetails> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch (cause) {
    throw refuse('details is not a JWS', {}, cause);
  }
  if (header.alg !== 'RS256') throw refuse('unexpected algorithm', { alg: header.alg });
  if (typeof header.x5t !== 'string') throw refuse('no x5t header');
  const signer = keys.find(header.x5t);
  if (!signer) throw refuse('unknown signing certificate', { x5t: header.x5t, trusted: keys.thumbprints });
  if (now < signer.notBefore || now > signer.notAfter)
    throw refuse('signing certificate not valid now', { x5t: signer.x5t });

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, signer.key, { algorithms: ['RS256'] }));
  } catch (cause) {
    throw refuse('signature does not verify', { x5t: signer.x5t }, cause);
  }
  const parsed = payloadSchema.safeParse(parseJson(new TextDecoder().decode(payload)));
  if (!parsed.success) {
    throw new FrejaError('invalidResponse', 'Freja eID answered unexpectedly.', {
      detail: { reason: 'signed details incomplete', issues: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  const { requestedAttributes, ...rest } = parsed.data;
  return { ...rest, attributes: requestedAttributes ?? {} };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
