// Everything Portvakt holds about one person, for them to download: every table that names the
// account, read with plain SQL. Secrets, code hashes and token values never leave: only whether
// they exist and when. Identity numbers are shown in full: the person has just logged in.
import type { Queryable } from '../../adapters/database.ts';

export interface AccountExport {
  exportedAt: string;
  profile: Record<string, unknown>;
  identities: Record<string, unknown>[];
  phoneNumbers: Record<string, unknown>[];
  credentials: Record<string, unknown>[];
  recoveryCodes: { total: number; unused: number };
  passkeys: Record<string, unknown>[];
  pendingCodes: Record<string, unknown>[];
  privacyAcceptances: Record<string, unknown>[];
  retiredSubjects: Record<string, unknown>[];
  activationLinks: Record<string, unknown>[];
  invitations: Record<string, unknown>[];
  upstreamSessions: Record<string, unknown>[];
  grantsAndSessions: Record<string, unknown>[];
  auditEvents: Record<string, unknown>[];
}

/** One query per table; each lists its columns so a new secret column is never exported by accident. */
const QUERIES = {
  profile: `SELECT id, status, given_name, family_name, email, email_verified, locale, time_zone, organisation, title,
      notification_preference, created_at, updated_at, last_login_at, deactivation_warned_at, deactivated_at
    FROM accounts WHERE id = $1`,
  identities:
    'SELECT type, issuer, value, verified, created_at FROM identities WHERE account_id = $1 ORDER BY created_at, type',
  phoneNumbers: 'SELECT e164, created_at FROM phone_numbers WHERE account_id = $1 ORDER BY created_at',
  credentials: 'SELECT type, created_at, updated_at FROM credentials WHERE account_id = $1 ORDER BY type',
  recoveryCodes:
    'SELECT count(*)::int AS total, count(*) FILTER (WHERE used_at IS NULL)::int AS unused FROM recovery_codes WHERE account_id = $1',
  // The public key and counter are for verification only; what the person can recognise goes out.
  passkeys: `SELECT name, credential_id, aaguid, device_type, backed_up, transports, created_at, last_used_at
    FROM passkeys WHERE account_id = $1 ORDER BY created_at`,
  pendingCodes:
    'SELECT channel, destination, created_at, expires_at, consumed_at FROM one_time_codes WHERE account_id = $1 ORDER BY created_at',
  privacyAcceptances:
    'SELECT notice, version, client_id, accepted_at FROM privacy_acceptances WHERE account_id = $1 ORDER BY accepted_at',
  retiredSubjects:
    'SELECT retired_id, reason, merged_at FROM retired_subjects WHERE survivor_id = $1 ORDER BY merged_at',
  activationLinks:
    'SELECT created_at, expires_at, used_at FROM activation_tokens WHERE account_id = $1 ORDER BY created_at',
  invitations: `SELECT email, client_id, organisation, state, invited_by, created_at, expires_at, accepted_at, revoked_at
    FROM invitations WHERE account_id = $1 ORDER BY created_at`,
  upstreamSessions:
    'SELECT method, issuer, name_id, expires_at FROM upstream_sessions WHERE account_id = $1 ORDER BY expires_at',
  // Token and session ids are bearer secrets; the kind, the client and the lifetime are what the person needs.
  grantsAndSessions: `SELECT kind, payload->>'clientId' AS client_id, expires_at FROM oidc_payloads
    WHERE payload->>'accountId' = $1::text ORDER BY kind, expires_at`,
  auditEvents:
    'SELECT at, type, outcome, client_id, ip, detail FROM audit_events WHERE account_id = $1 ORDER BY at, id',
} as const;

export async function exportAccount(
  db: Queryable,
  accountId: string,
  now = new Date(),
): Promise<AccountExport | undefined> {
  const read = async (sql: string) => (await db.query<Record<string, unknown>>(sql, [accountId])).rows.map(camelCase);
  const [profile] = await read(QUERIES.profile);
  if (!profile) return undefined;
  const [recovery] = await read(QUERIES.recoveryCodes);
  return {
    exportedAt: now.toISOString(),
    profile,
    identities: await read(QUERIES.identities),
    phoneNumbers: await read(QUERIES.phoneNumbers),
    credentials: await read(QUERIES.credentials),
    recoveryCodes: { total: Number(recovery?.total ?? 0), unused: Number(recovery?.unused ?? 0) },
    passkeys: await read(QUERIES.passkeys),
    pendingCodes: await read(QUERIES.pendingCodes),
    privacyAcceptances: await read(QUERIES.privacyAcceptances),
    retiredSubjects: await read(QUERIES.retiredSubjects),
    activationLinks: await read(QUERIES.activationLinks),
    invitations: await read(QUERIES.invitations),
    upstreamSessions: await read(QUERIES.upstreamSessions),
    grantsAndSessions: await read(QUERIES.grantsAndSessions),
    auditEvents: await read(QUERIES.auditEvents),
  };
}

function camelCase(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/_([a-z0-9])/g, (_match, char: string) => char.toUpperCase()),
      value,
    ]),
  );
}
