// Swedish personal identity numbers (SKV 704) and coordination numbers (SKV 707), always in the
// 12-digit form without a hyphen, as the Swedish OIDC profile carries them. A number dated after
// today belongs to nobody yet: Skatteverket gives numbers at birth or on arrival, never ahead.

export type PersonalNumberKind = 'personalIdentityNumber' | 'coordinationNumber';

export interface PersonalNumber {
  value: string;
  kind: PersonalNumberKind;
  birthdate: string;
}

/** Why a number is not one, in the order the checks run; `checksum` only for a real, past date. */
export type PersonalNumberProblem = 'format' | 'date' | 'future' | 'checksum';

export type PersonalNumberCheck =
  { valid: true; number: PersonalNumber } | { valid: false; problem: PersonalNumberProblem };

export function checkPersonalNumber(input: string, now: Date = new Date()): PersonalNumberCheck {
  if (!/^\d{12}$/.test(input)) return { valid: false, problem: 'format' };
  const year = Number(input.slice(0, 4));
  const month = Number(input.slice(4, 6));
  let day = Number(input.slice(6, 8));
  // Coordination numbers add 60 to the day of birth.
  const kind: PersonalNumberKind = day > 60 ? 'coordinationNumber' : 'personalIdentityNumber';
  if (kind === 'coordinationNumber') day -= 60;
  if (!isRealDate(year, month, day)) return { valid: false, problem: 'date' };
  const birthdate = `${input.slice(0, 4)}-${input.slice(4, 6)}-${String(day).padStart(2, '0')}`;
  if (birthdate > swedishDate(now)) return { valid: false, problem: 'future' };
  if (!luhnValid(input.slice(2))) return { valid: false, problem: 'checksum' };
  return { valid: true, number: { value: input, kind, birthdate } };
}

export function parsePersonalNumber(input: string, now?: Date): PersonalNumber | undefined {
  const check = checkPersonalNumber(input, now);
  return check.valid ? check.number : undefined;
}

export function isPersonalNumber(input: string): boolean {
  return parsePersonalNumber(input) !== undefined;
}

/** Keeps the date of birth and hides the last four digits: 19900101****. */
export function maskPersonalNumber(value: string): string {
  return value.length === 12 ? `${value.slice(0, 8)}****` : '************';
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1850 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Today as YYYY-MM-DD in Sweden, where the number was given: a child born there tonight is not "future". */
function swedishDate(now: Date): string {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i += 1) {
    let digit = Number(tenDigits[i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
