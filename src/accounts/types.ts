// What an account is: a person, the identities that find them, and their status.

export type IdentityType = 'username' | 'email' | 'se_personal_number' | 'no_national_id' | 'employee_code' | 'upstream_subject';

export interface Identity {
  type: IdentityType;
  /** Empty for identities Portvakt itself vouches for; the upstream issuer otherwise. */
  issuer: string;
  value: string;
  verified: boolean;
}

export type AccountStatus = 'active' | 'inactive' | 'deactivated';

export interface Account {
  id: string;
  status: AccountStatus;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  emailVerified: boolean;
  locale: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  identities: Identity[];
}

export interface NewAccount {
  givenName?: string | undefined;
  familyName?: string | undefined;
  email?: string | undefined;
  emailVerified?: boolean;
  locale?: string | undefined;
  status?: AccountStatus;
  identities: Identity[];
}

/** Login names compare case-insensitively and without surrounding space. */
export function normaliseLoginName(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}
