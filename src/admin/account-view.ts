// How the admin API and the command line show an account: no credentials, national identity
// numbers masked to the date of birth.
import { maskPersonalNumber } from '../accounts/personnummer.ts';
import type { Account } from '../accounts/types.ts';

const NATIONAL_IDS = new Set(['se_personal_number', 'no_national_id']);

export function accountView(account: Account) {
  return {
    id: account.id,
    status: account.status,
    given_name: account.givenName,
    family_name: account.familyName,
    email: account.email,
    email_verified: account.emailVerified,
    organisation: account.organisation,
    title: account.title,
    locale: account.locale,
    time_zone: account.timeZone,
    created_at: account.createdAt.toISOString(),
    last_login_at: account.lastLoginAt?.toISOString() ?? null,
    deactivated_at: account.deactivatedAt?.toISOString() ?? null,
    deactivated_reason: account.deactivatedReason,
    identities: account.identities.map((identity) => ({
      type: identity.type,
      issuer: identity.issuer,
      value: NATIONAL_IDS.has(identity.type) ? maskPersonalNumber(identity.value) : identity.value,
      verified: identity.verified,
    })),
  };
}
