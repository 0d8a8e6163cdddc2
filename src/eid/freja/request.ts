// Builds the JSON inside `initAuthRequest`. The identifier a person typed is checked here, so a
// malformed one is answered at once and never sent to Freja.
import { parsePersonalNumber } from '../../accounts/personnummer.ts';
import { FrejaError } from './errors.ts';
import type { FrejaAttribute, RegistrationLevel } from './types.ts';

export type InitAuthenticationRequest = (
  | { userInfoType: 'INFERRED' }
  /** A Swedish personal identity number, 12 digits (YYYYMMDDNNNN). */
  | { userInfoType: 'SSN'; personalNumber: string }
  | { userInfoType: 'EMAIL'; email: string }
) & {
  attributesToReturn?: readonly FrejaAttribute[];
  minRegistrationLevel?: RegistrationLevel;
};

export interface InitAuthRequestJson {
  userInfoType: 'INFERRED' | 'SSN' | 'EMAIL';
  userInfo: string;
  minRegistrationLevel: RegistrationLevel;
  attributesToReturn: { attribute: FrejaAttribute }[];
}

/** Freja's limit on `userInfo`. */
const MAX_USER_INFO = 256;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function buildInitAuthRequest(
  request: InitAuthenticationRequest,
  defaults: { minRegistrationLevel: RegistrationLevel; attributesToReturn: readonly FrejaAttribute[] },
): InitAuthRequestJson {
  const minRegistrationLevel = request.minRegistrationLevel ?? defaults.minRegistrationLevel;
  const attributes = [...new Set(request.attributesToReturn ?? defaults.attributesToReturn)];
  return {
    userInfoType: request.userInfoType,
    userInfo: userInfoFor(request, minRegistrationLevel),
    minRegistrationLevel,
    attributesToReturn: attributes.map((attribute) => ({ attribute })),
  };
}

function userInfoFor(request: InitAuthenticationRequest, level: RegistrationLevel): string {
  switch (request.userInfoType) {
    case 'INFERRED':
      return 'N/A';
    case 'SSN': {
      const parsed = parsePersonalNumber(request.personalNumber.trim());
      if (!parsed) throw invalidUserInfo('SSN');
      // Freja finds people by personal number only once their identity is verified (EXTENDED or PLUS).
      if (level === 'BASIC') {
        throw new FrejaError('invalidParameters', 'Freja eID cannot be asked this way.', {
          detail: { reason: 'SSN needs minRegistrationLevel EXTENDED or PLUS' },
        });
      }
      return Buffer.from(JSON.stringify({ country: 'SE', ssn: parsed.value }), 'utf8').toString('base64');
    }
    case 'EMAIL': {
      const email = request.email.trim();
      if (email.length > MAX_USER_INFO || !EMAIL.test(email)) throw invalidUserInfo('EMAIL');
      return email;
    }
  }
}

function invalidUserInfo(userInfoType: 'SSN' | 'EMAIL'): FrejaError {
  return new FrejaError('invalidUserInfo', 'The identifier is not valid.', { detail: { userInfoType } });
}
