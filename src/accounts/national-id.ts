// A national identity number as a person types it on a form: a Swedish personnummer or
// samordningsnummer (12 digits), or a Norwegian fødselsnummer or D-number (11 digits), as far as
// the policy accepts each. Typed numbers prove nothing; they only say which eID login may later
// prove them. Norwegian H-numbers are temporary help numbers of one health service, not a person's.
import { maskNorwegianId, parseNorwegianId } from './fodselsnummer.ts';
import { checkPersonalNumber, maskPersonalNumber, type PersonalNumberProblem } from './personnummer.ts';
import type { NationalIdType } from './resolve.ts';

/** Today in Norway, as YYYY-MM-DD: a person born just after midnight there is not from the future. */
const NORWEGIAN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' });

export type NationalIdProblem = PersonalNumberProblem | 'helpNumber';

export type NationalIdCheck =
  { valid: true; type: NationalIdType; value: string } | { valid: false; problem: NationalIdProblem };

export function checkNationalId(
  input: string,
  accepted: readonly NationalIdType[],
  now: Date = new Date(),
): NationalIdCheck {
  if (/^\d{12}$/.test(input) && accepted.includes('se_personal_number')) {
    const swedish = checkPersonalNumber(input, now);
    return swedish.valid ? { valid: true, type: 'se_personal_number', value: input } : swedish;
  }
  if (/^\d{11}$/.test(input) && accepted.includes('no_national_id')) {
    // Both check digits and the date in one: either being wrong is a number that is not right.
    const norwegian = parseNorwegianId(input);
    if (!norwegian) return { valid: false, problem: 'checksum' };
    if (norwegian.kind === 'hNumber') return { valid: false, problem: 'helpNumber' };
    if (norwegian.birthdate > NORWEGIAN_DATE.format(now)) return { valid: false, problem: 'future' };
    return { valid: true, type: 'no_national_id', value: input };
  }
  return { valid: false, problem: 'format' };
}

/** The number with its individual digits hidden, as screens, e-mails and logs may show it. */
export function maskNationalId(type: NationalIdType, value: string): string {
  return type === 'no_national_id' ? maskNorwegianId(value) : maskPersonalNumber(value);
}
