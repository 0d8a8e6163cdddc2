// The registration form's fields: read as typed (to show them again), then checked one by one so
// every field gets its own message. Nothing here touches storage.
import type { Context } from 'koa';
import type { AccountsConfig } from '../../src/config/schema.ts';
import { parsePersonalNumber } from '../../src/accounts/personnummer.ts';
import { normaliseLoginName } from '../../src/accounts/types.ts';
import { formField } from '../context.ts';
import { OTHER_LABELS, type RegistrationErrorKey } from './messages.ts';

export const FIELDS = [
  'givenName',
  'familyName',
  'personalNumber',
  'email',
  'timeZone',
  'organisation',
  'organisationOther',
  'title',
] as const;
export type Field = (typeof FIELDS)[number];

export type TypedValues = Record<Field, string>;
export type FieldErrors = Partial<Record<Field, RegistrationErrorKey>>;

export interface Registration {
  givenName: string;
  familyName: string;
  personalNumber: string;
  email: string;
  timeZone: string;
  organisation: string;
  title: string | undefined;
}

export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
const NAME_MAX = 100;

export function typedValues(ctx: Context): TypedValues {
  return Object.fromEntries(FIELDS.map((field) => [field, (formField(ctx, field) ?? '').slice(0, 500)])) as TypedValues;
}

export function emptyValues(accounts: AccountsConfig): TypedValues {
  return {
    givenName: '',
    familyName: '',
    personalNumber: '',
    email: '',
    timeZone: accounts.defaultTimeZone,
    organisation: '',
    organisationOther: '',
    title: '',
  };
}

export function checkRegistration(
  values: TypedValues,
  accounts: AccountsConfig,
): { registration: Registration } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const givenName = cleanText(values.givenName);
  const familyName = cleanText(values.familyName);
  if (!givenName) errors.givenName = 'error.givenName';
  else if (givenName.length > NAME_MAX) errors.givenName = 'error.nameTooLong';
  if (!familyName) errors.familyName = 'error.familyName';
  else if (familyName.length > NAME_MAX) errors.familyName = 'error.nameTooLong';

  const personalNumber = compactNumber(values.personalNumber);
  const numberProblem = personalNumberProblem(personalNumber);
  if (numberProblem) errors.personalNumber = numberProblem;

  const email = normaliseLoginName(values.email);
  if (!email) errors.email = 'error.emailMissing';
  else if (!isEmailAddress(email)) errors.email = 'error.email';

  const timeZone = values.timeZone.trim();
  if (!TIME_ZONES.includes(timeZone) && timeZone !== accounts.defaultTimeZone) errors.timeZone = 'error.timeZone';

  const organisation = chosenOrganisation(values, accounts.organisations);
  if (organisation.error) errors[organisation.error.field] = organisation.error.key;

  const title = accounts.titles.find((candidate) => candidate === values.title.trim());
  if (accounts.titles.length > 0 && !title) errors.title = 'error.title';

  if (Object.keys(errors).length > 0) return { errors };
  return {
    registration: { givenName, familyName, personalNumber, email, timeZone, organisation: organisation.value!, title },
  };
}

/** People type numbers with spaces or the usual hyphen before the last four digits; both are dropped. */
function compactNumber(value: string): string {
  const compact = value.replace(/\s+/g, '');
  return /^\d{8}[-+]\d{4}$/.test(compact) ? compact.slice(0, 8) + compact.slice(9) : compact;
}

function personalNumberProblem(value: string): RegistrationErrorKey | undefined {
  if (!value) return 'error.personalNumberMissing';
  if (!/^\d{12}$/.test(value)) return 'error.personalNumberFormat';
  if (parsePersonalNumber(value)) return undefined;
  // With its check digit corrected the number tells a bad date apart from a typo in the digits.
  const withCheckDigit = value.slice(0, 11) + luhnCheckDigit(value.slice(2, 11));
  return parsePersonalNumber(withCheckDigit) ? 'error.personalNumberChecksum' : 'error.personalNumberDate';
}

function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i += 1) {
    let digit = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

function isEmailAddress(value: string): boolean {
  return (
    value.length <= 254 &&
    /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\.]{2,}$/.test(value) &&
    !value.includes('..')
  );
}

function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isOther(value: string): boolean {
  const typed = value.trim().toLocaleLowerCase();
  return OTHER_LABELS.some((label) => label.toLocaleLowerCase() === typed);
}

/** A listed organisation (matched without regard to case), or "Other" with a name typed beside it. */
function chosenOrganisation(
  values: TypedValues,
  listed: readonly string[],
): { value?: string; error?: { field: Field; key: RegistrationErrorKey } } {
  const typed = cleanText(values.organisation);
  const other = cleanText(values.organisationOther);
  const match = listed.find((candidate) => candidate.toLocaleLowerCase() === typed.toLocaleLowerCase());
  if (match) return { value: match };
  if (isOther(typed) || (listed.length === 0 && typed === '')) {
    if (!other) return { error: { field: 'organisationOther', key: 'error.organisationOther' } };
    if (other.length > 200) return { error: { field: 'organisationOther', key: 'error.nameTooLong' } };
    return { value: other };
  }
  if (listed.length === 0 && typed && typed.length <= 200) return { value: typed };
  return { error: { field: 'organisation', key: 'error.organisation' } };
}
