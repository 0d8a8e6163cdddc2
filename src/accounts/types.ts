// What an account is: a person, the identities that find them, and their status.

export type IdentityType =
  'username' | 'email' | 'se_personal_number' | 'no_national_id' | 'employee_code' | 'upstream_subject';

export interface Identity {
  type: IdentityType;
  /** Empty for identities Portvakt itself vouches for; the upstream issuer otherwise. */
  issuer: string;
  value: string;
  verified: boolean;
}

/** `inactive`: registered, waiting for activation; `deactivated`: switched off after inactivity or by an operator. */
export type AccountStatus = 'active' | 'inactive' | 'deactivated';

/** Why a deactivated account was switched off: the inactivity job, or an operator. */
export type DeactivationReason = 'inactivity' | 'operator';

export type NotificationPreference = 'immediately' | 'weekly' | 'off';

export interface Account {
  id: string;
  status: AccountStatus;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  emailVerified: boolean;
  locale: string | null;
  timeZone: string | null;
  organisation: string | null;
  title: string | null;
  notificationPreference: NotificationPreference;
  createdAt: Date;
  /** When the profile (names, e-mail, status) last changed: the `updated_at` claim. */
  updatedAt: Date;
  lastLoginAt: Date | null;
  deactivationWarnedAt: Date | null;
  deactivatedAt: Date | null;
  /** Null for an account that is not deactivated, or was before reasons were kept. */
  deactivatedReason: DeactivationReason | null;
  /** Sessions that began before this were ended everywhere (a password reset, say). */
  sessionsValidAfter: Date | null;
  identities: Identity[];
}

/** What a person or an operator may change about an account's profile. */
export interface ProfileChange {
  givenName?: string | null;
  familyName?: string | null;
  email?: string | null;
  emailVerified?: boolean;
  locale?: string | null;
  timeZone?: string | null;
  organisation?: string | null;
  title?: string | null;
  notificationPreference?: NotificationPreference;
}

export interface NewAccount {
  givenName?: string | undefined;
  familyName?: string | undefined;
  email?: string | undefined;
  emailVerified?: boolean;
  locale?: string | undefined;
  timeZone?: string | undefined;
  organisation?: string | undefined;
  title?: string | undefined;
  status?: AccountStatus;
  identities: Identity[];
}

/** Login names compare case-insensitively and without surrounding space. */
export function normaliseLoginName(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}
