// Password rules: NIST SP 800-63B by default (a minimum length, no composition rules, refused when
// common or built from the person's own name), with composition rules a client's policy may add.
// The rules are listed before the person types, and every broken one is named after.
import { dictionary } from '@zxcvbn-ts/language-common';

export interface PasswordRules {
  minLength: number;
  maxLength: number;
  requireUpper: boolean;
  requireLower: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
}

/** The deployment's limits with a client policy's composition rules on top. */
export function passwordRulesFor(
  password: { minLength: number; maxLength: number },
  policy: { passwordRules: { minLength?: number | undefined } & Omit<PasswordRules, 'minLength' | 'maxLength'> },
): PasswordRules {
  const { passwordRules } = policy;
  return {
    minLength: Math.max(password.minLength, passwordRules.minLength ?? 0),
    maxLength: password.maxLength,
    requireUpper: passwordRules.requireUpper,
    requireLower: passwordRules.requireLower,
    requireDigit: passwordRules.requireDigit,
    requireSymbol: passwordRules.requireSymbol,
  };
}

export type PasswordRule =
  'minLength' | 'maxLength' | 'common' | 'personal' | 'repetitive' | 'upper' | 'lower' | 'digit' | 'symbol';

/** About 49 000 passwords seen in breaches, from the zxcvbn-ts common-language pack. */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((password) => password.toLowerCase()));

export function rulesToShow(rules: PasswordRules): PasswordRule[] {
  return [
    'minLength',
    'common',
    'personal',
    ...(rules.requireUpper ? (['upper'] as const) : []),
    ...(rules.requireLower ? (['lower'] as const) : []),
    ...(rules.requireDigit ? (['digit'] as const) : []),
    ...(rules.requireSymbol ? (['symbol'] as const) : []),
  ];
}

/** Every rule the password breaks; empty when it is acceptable. */
export function brokenRules(
  password: string,
  rules: PasswordRules,
  person: { names?: (string | null | undefined)[] } = {},
): PasswordRule[] {
  const value = password.normalize('NFKC');
  const length = [...value].length;
  const lower = value.toLowerCase();
  const broken: PasswordRule[] = [];
  if (length < rules.minLength) broken.push('minLength');
  if (length > rules.maxLength) broken.push('maxLength');
  if (COMMON.has(lower) || COMMON.has(lower.replace(/\d+$/, ''))) broken.push('common');
  const personal = (person.names ?? [])
    .flatMap((name) => (name ?? '').toLowerCase().split(/[@.\s_-]+/))
    .filter((part) => part.length >= 3);
  if (personal.some((part) => lower.includes(part))) broken.push('personal');
  if (/^(.)\1+$/.test(value) || /^(..?.?)\1{2,}$/.test(value)) broken.push('repetitive');
  if (rules.requireUpper && !/\p{Lu}/u.test(value)) broken.push('upper');
  if (rules.requireLower && !/\p{Ll}/u.test(value)) broken.push('lower');
  if (rules.requireDigit && !/\p{Nd}/u.test(value)) broken.push('digit');
  if (rules.requireSymbol && !/[^\p{L}\p{Nd}\s]/u.test(value)) broken.push('symbol');
  return broken;
}
