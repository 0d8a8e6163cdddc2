// The vocabulary of Freja eID's authentication API (REST v1.0): statuses, user-info types,
// registration levels and the attributes Portvakt asks for, as closed unions.

/** Every status the API documents. `CANCELED` is spelt with one L on the wire. */
export const FREJA_STATUSES = [
  'STARTED',
  'DELIVERED_TO_MOBILE',
  'APPROVED',
  'CANCELED',
  'RP_CANCELED',
  'EXPIRED',
  'REJECTED',
] as const;
export type FrejaStatus = (typeof FREJA_STATUSES)[number];

export const PENDING_STATUSES = ['STARTED', 'DELIVERED_TO_MOBILE'] as const satisfies readonly FrejaStatus[];
export type PendingStatus = (typeof PENDING_STATUSES)[number];
export type FailedStatus = Exclude<FrejaStatus, PendingStatus | 'APPROVED'>;

export function isFrejaStatus(value: string): value is FrejaStatus {
  return (FREJA_STATUSES as readonly string[]).includes(value);
}

export function isPendingStatus(value: FrejaStatus): value is PendingStatus {
  return (PENDING_STATUSES as readonly string[]).includes(value);
}

/** Ordered from weakest to strongest; PLUS is what "Freja eID+" means. */
export const REGISTRATION_LEVELS = ['BASIC', 'EXTENDED', 'PLUS'] as const;
export type RegistrationLevel = (typeof REGISTRATION_LEVELS)[number];

export function meetsLevel(actual: RegistrationLevel, required: RegistrationLevel): boolean {
  return REGISTRATION_LEVELS.indexOf(actual) >= REGISTRATION_LEVELS.indexOf(required);
}

/** The user-info types Portvakt uses; Freja also knows PHONE, UPI and ORG_ID. */
export const USER_INFO_TYPES = ['INFERRED', 'SSN', 'EMAIL'] as const;
export type UserInfoType = (typeof USER_INFO_TYPES)[number];

/** The `attributesToReturn` values Portvakt asks for and understands in a result. */
export const FREJA_ATTRIBUTES = [
  'BASIC_USER_INFO',
  'SSN',
  'EMAIL_ADDRESS',
  'DATE_OF_BIRTH',
  'REGISTRATION_LEVEL',
] as const;
export type FrejaAttribute = (typeof FREJA_ATTRIBUTES)[number];

/** What a signed result says about the person, keyed as in `requestedAttributes`. */
export interface FrejaAttributes {
  basicUserInfo?: { name: string; surname: string } | undefined;
  ssn?: { ssn: string; country: string } | undefined;
  emailAddress?: string | undefined;
  dateOfBirth?: string | undefined;
  registrationLevel?: RegistrationLevel | undefined;
}

/** The verified content of an APPROVED result's `details`. */
export interface FrejaIdentity {
  authRef: string;
  userInfoType: string;
  /** As signed: an e-mail, a JSON `{country, ssn}` for SSN, or `N/A` for INFERRED. */
  userInfo: string;
  minRegistrationLevel: RegistrationLevel;
  attributes: FrejaAttributes;
  /** When Freja validated the confirmation, ms since the epoch. */
  timestamp: number;
  /** The compact JWS exactly as received, worth keeping for audit. */
  details: string;
}

export type FrejaOutcome =
  | { state: 'pending'; authRef: string; status: PendingStatus }
  | { state: 'approved'; authRef: string; status: 'APPROVED'; identity: FrejaIdentity }
  | { state: 'failed'; authRef: string; status: FailedStatus }
  /** A status this client does not know; handled as a failure, the raw value kept for the log. */
  | { state: 'failed'; authRef: string; status: 'UNKNOWN'; reportedStatus: string };
