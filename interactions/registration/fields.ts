// The registration form's fields: read as typed (to show them again), then checked one by one so
// every field gets its own message. Nothing here touches storage.
import type { Context } from 'koa';
import type { AccountsConfig } from '../../src/config/schema.ts';
import { checkNationalId, type NationalIdProblem } from '../../src/accounts/national-id.ts';
import type { NationalIdType } from '../../src/accounts/resolve.ts';
import { normaliseLoginName } from '../../src/accounts/types.ts';
import { formField } from '../context.ts';
import { OTHER_LABELS, type RegistrationErrorKey } from './messages.ts';
import { isOfferedTimeZone } from './time-zones.ts';

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
  /** The identity number as typed: it proves nothing until an eID login with it. */
  nationalId: { type: NationalIdType; value: string };
  email: string;
  timeZone: string;
  organisation: string;
  /** The title's stable value, not its name in the screen's language. */
  title: string | undefined;
}

const NAME_MAX = 100;

const NUMBER_PROBLEMS: Record<NationalIdProblem, RegistrationErrorKey> = {
  format: 'error.personalNumberFormat',
  helpNumber: 'error.norwegianHelpNumber',
  date: 'error.personalNumberDate',
  future: 'error.personalNumberFuture',
  checksum: 'error.personalNumberChecksum',
};

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
  acceptedNumbers: readonly NationalIdType[] = ['se_personal_number'],
  now: Date = new Date(),
): { registration: Registration } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const givenName = cleanText(values.givenName);
  const familyName = cleanText(values.familyName);
  if (!givenName) errors.givenName = 'error.givenName';
  else if (givenName.length > NAME_MAX) errors.givenName = 'error.nameTooLong';
  if (!familyName) errors.familyName = 'error.familyName';
  else if (familyName.length > NAME_MAX) errors.familyName = 'error.nameTooLong';

  const typedNumber = compactNumber(values.personalNumber);
  const numberCheck = typedNumber ? checkNationalId(typedNumber, acceptedNumbers, now) : undefined;
  if (!numberCheck) errors.personalNumber = 'error.personalNumberMissing';
  else if (!numberCheck.valid)
    errors.personalNumber =
      numberCheck.problem === 'format' && acceptedNumbers.includes('no_national_id')
        ? 'error.nationalIdFormat'
        : NUMBER_PROBLEMS[numberCheck.problem];

  const email = normaliseLoginName(values.email);
  if (!email) errors.email = 'error.emailMissing';
  else if (!isEmailAddress(email)) errors.email = 'error.email';

  const timeZone = values.timeZone.trim();
  if (!isOfferedTimeZone(timeZone, accounts.defaultTimeZone)) errors.timeZone = 'error.timeZone';

  const organisation = chosenOrganisation(values, accounts.organisations);
  if (organisation.error) errors[organisation.error.field] = organisation.error.key;

  const title = accounts.titles.find((candidate) => candidate.value === values.title.trim())?.value;
  if (accounts.titles.length > 0 && !title) errors.title = 'error.title';

  if (Object.keys(errors).length > 0 || !numberCheck?.valid) return { errors };
  const nationalId = { type: numberCheck.type, value: numberCheck.value };
  return {
    registration: { givenName, familyName, nationalId, email, timeZone, organisation: organisation.value!, title },
  };
}

/** People type numbers with spaces or the usual hyphen before the last four digits; both are dropped. */
function compactNumber(value: string): string {
  const compact = value.replace(/\s+/g, '');
  return /^\d{8}[-+]\d{4}$/.test(compact) ? compact.slice(0, 8) + compact.slice(9) : compact;
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
