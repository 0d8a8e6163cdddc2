// Norwegian national identity numbers: fødselsnummer, D-number (day + 40) and H-number (month + 40),
// eleven digits DDMMYY III K1 K2 with two modulus-11 check digits (Skatteetaten's rules).

export type NorwegianIdKind = 'fodselsnummer' | 'dNumber' | 'hNumber';

export interface NorwegianId {
  value: string;
  kind: NorwegianIdKind;
  birthdate: string;
}

const FIRST_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const SECOND_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

export function parseNorwegianId(input: string): NorwegianId | undefined {
  if (!/^\d{11}$/.test(input)) return undefined;
  const digits = [...input].map(Number);
  if (checkDigit(digits, FIRST_WEIGHTS) !== digits[9] || checkDigit(digits, SECOND_WEIGHTS) !== digits[10])
    return undefined;
  let day = Number(input.slice(0, 2));
  let month = Number(input.slice(2, 4));
  let kind: NorwegianIdKind = 'fodselsnummer';
  if (day > 40) {
    kind = 'dNumber';
    day -= 40;
  } else if (month > 40) {
    kind = 'hNumber';
    month -= 40;
  }
  const year = fullYear(Number(input.slice(4, 6)), Number(input.slice(6, 9)));
  if (!isRealDate(year, month, day)) return undefined;
  return { value: input, kind, birthdate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

export function isNorwegianId(input: string): boolean {
  return parseNorwegianId(input) !== undefined;
}

/** Keeps the date part and hides the individual number and check digits: 010190*****. */
export function maskNorwegianId(value: string): string {
  return value.length === 11 ? `${value.slice(0, 6)}*****` : '***********';
}

/** 11 − (weighted sum mod 11); 11 becomes 0, and 10 can never be a check digit. */
function checkDigit(digits: number[], weights: number[]): number | undefined {
  const sum = weights.reduce((total, weight, index) => total + weight * digits[index]!, 0);
  const digit = 11 - (sum % 11);
  if (digit === 11) return 0;
  return digit === 10 ? undefined : digit;
}

/** The century follows from the individual number; a range not in use is read as the 1900s. */
function fullYear(yy: number, individual: number): number {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (yy <= 39) return 2000 + yy;
  return 1900 + yy;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
