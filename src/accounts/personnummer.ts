// Swedish personal identity numbers (SKV 704) and coordination numbers (SKV 707), always in the
// 12-digit form without a hyphen, as the Swedish OIDC profile carries them.

export type PersonalNumberKind = 'personalIdentityNumber' | 'coordinationNumber';

export interface PersonalNumber {
  value: string;
  kind: PersonalNumberKind;
  birthdate: string;
}

export function parsePersonalNumber(input: string): PersonalNumber | undefined {
  if (!/^\d{12}$/.test(input)) return undefined;
  const year = Number(input.slice(0, 4));
  const month = Number(input.slice(4, 6));
  let day = Number(input.slice(6, 8));
  // Coordination numbers add 60 to the day of birth.
  const kind: PersonalNumberKind = day > 60 ? 'coordinationNumber' : 'personalIdentityNumber';
  if (kind === 'coordinationNumber') day -= 60;
  if (!isRealDate(year, month, day) || !luhnValid(input.slice(2))) return undefined;
  const birthdate = `${input.slice(0, 4)}-${input.slice(4, 6)}-${String(day).padStart(2, '0')}`;
  return { value: input, kind, birthdate };
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
