// Turns what a person types as a phone number into E.164, for the five Nordic countries only (the
// SMS route is priced and permitted for these). National Swedish and Finnish numbers start with
// the trunk prefix 0; Norway, Denmark and Iceland have none. Rules follow each national numbering
// plan closely enough to catch typos, not to prove a number is in service.
import type { NotifyMessageKey } from './messages.ts';

export const NORDIC_CALLING_CODES = { SE: '46', NO: '47', DK: '45', FI: '358', IS: '354' } as const;
export type NordicCountry = keyof typeof NORDIC_CALLING_CODES;

/** `unknown` where the plan does not tell mobile from fixed by prefix (Denmark). */
export type LineType = 'mobile' | 'fixed' | 'unknown';

export interface PhoneNumber {
  e164: string;
  country: NordicCountry;
  lineType: LineType;
}

export type PhoneNumberErrorCode = 'empty' | 'invalid' | 'unsupportedCountry' | 'notMobile';

const MESSAGE_KEYS: Readonly<Record<PhoneNumberErrorCode, NotifyMessageKey>> = {
  empty: 'phone.empty',
  invalid: 'phone.invalid',
  unsupportedCountry: 'phone.unsupportedCountry',
  notMobile: 'phone.notMobile',
};

export class PhoneNumberError extends Error {
  readonly code: PhoneNumberErrorCode;
  readonly messageKey: NotifyMessageKey;

  constructor(code: PhoneNumberErrorCode) {
    // The input is personal data and stays out of the message.
    super(`phone number not accepted: ${code}`);
    this.name = 'PhoneNumberError';
    this.code = code;
    this.messageKey = MESSAGE_KEYS[code];
  }
}

export type PhoneNumberResult = { ok: true; value: PhoneNumber } | { ok: false; error: PhoneNumberError };

export interface NormaliseOptions {
  /** The country of a number typed without a calling code. Default SE. */
  defaultCountry?: NordicCountry;
  /** Refuse numbers the plan marks as fixed lines, for SMS. Default false. */
  requireMobile?: boolean;
}

/** National significant number rules: length and first digits, and which prefixes are mobile. */
const PLANS: Readonly<Record<NordicCountry, { valid: RegExp; mobile?: RegExp; fixed?: RegExp }>> = {
  // 07[02369] + 7 digits are mobile; other 07x ranges are services. Fixed lines: area code + number, 7–9 digits.
  SE: {
    valid: /^(?:7[02369]\d{7}|[1-689]\d{6,8}|7[1458]\d{5,7})$/,
    mobile: /^7[02369]\d{7}$/,
    fixed: /^(?:[1-689]|7[1458])/,
  },
  NO: { valid: /^[2-9]\d{7}$/, mobile: /^[49]\d{7}$/, fixed: /^[235-8]/ },
  DK: { valid: /^[2-9]\d{7}$/ },
  // 04x and 050 are mobile; the rest are area codes and national numbers.
  FI: { valid: /^[1-9]\d{4,11}$/, mobile: /^(?:4\d|50)\d{5,8}$/, fixed: /^[1-35-9]/ },
  IS: { valid: /^[3-9]\d{6}$/, mobile: /^[678]\d{6}$/, fixed: /^[3-59]/ },
};

const SEPARATORS = /[\s\u00a0\u2010-\u2013-]/g;

export function normalisePhoneNumber(input: string, options: NormaliseOptions = {}): PhoneNumberResult {
  const compact = input
    .trim()
    .replace(/^(\+\d{2,3})\s*\(0\)/, '$1')
    .replace(SEPARATORS, '');
  if (compact === '') return refuse('empty');
  if (!/^(?:\+|00)?\d+$/.test(compact) || compact.length > 18) return refuse('invalid');
  const split = splitNumber(compact, options.defaultCountry ?? 'SE');
  if (!split.ok) return split;
  const { country, national } = split;
  const plan = PLANS[country];
  if (!plan.valid.test(national)) return refuse('invalid');
  const lineType: LineType = plan.mobile?.test(national) ? 'mobile' : plan.fixed?.test(national) ? 'fixed' : 'unknown';
  if (options.requireMobile && lineType === 'fixed') return refuse('notMobile');
  return { ok: true, value: { e164: `+${NORDIC_CALLING_CODES[country]}${national}`, country, lineType } };
}

type Split = { ok: true; country: NordicCountry; national: string } | { ok: false; error: PhoneNumberError };

function splitNumber(compact: string, defaultCountry: NordicCountry): Split {
  const international = compact.startsWith('+')
    ? compact.slice(1)
    : compact.startsWith('00')
      ? compact.slice(2)
      : undefined;
  if (international === undefined) return splitNational(compact, defaultCountry);
  const country = countryOf(international);
  if (country === undefined) return refuse('unsupportedCountry');
  let national = international.slice(NORDIC_CALLING_CODES[country].length);
  // "+46 070…" keeps the trunk 0 by mistake; the intent is plain, so it is dropped.
  if (hasTrunkPrefix(country) && national.startsWith('0')) national = national.slice(1);
  return { ok: true, country, national };
}

function splitNational(digits: string, country: NordicCountry): Split {
  if (!hasTrunkPrefix(country)) return { ok: true, country, national: digits };
  if (!digits.startsWith('0') || digits.startsWith('00')) return refuse('invalid');
  return { ok: true, country, national: digits.slice(1) };
}

function countryOf(digits: string): NordicCountry | undefined {
  const entries = Object.entries(NORDIC_CALLING_CODES) as [NordicCountry, string][];
  return entries.find(([, code]) => digits.startsWith(code))?.[0];
}

function hasTrunkPrefix(country: NordicCountry): boolean {
  return country === 'SE' || country === 'FI';
}

function refuse(code: PhoneNumberErrorCode): { ok: false; error: PhoneNumberError } {
  return { ok: false, error: new PhoneNumberError(code) };
}

/** For logs: the calling code and the last two digits, `+46…67`. */
export function maskPhoneNumber(e164: string): string {
  const country = countryOf(e164.replace(/^\+/, ''));
  const prefix = country ? `+${NORDIC_CALLING_CODES[country]}` : e164.slice(0, 3);
  return `${prefix}…${e164.slice(-2)}`;
}
