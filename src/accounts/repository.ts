// Accounts, their identities and credentials over SQL. Narrow methods named for what callers
// need; no SQL about accounts leaves this file.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../adapters/database.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import {
  normaliseLoginName,
  type Account,
  type AccountStatus,
  type DeactivationReason,
  type Identity,
  type IdentityType,
  type NewAccount,
  type ProfileChange,
} from './types.ts';

interface AccountRow {
  id: string;
  status: Account['status'];
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  email_verified: boolean;
  locale: string | null;
  time_zone: string | null;
  organisation: string | null;
  title: string | null;
  notification_preference: Account['notificationPreference'];
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
  deactivation_warned_at: Date | null;
  deactivated_at: Date | null;
  deactivated_reason: DeactivationReason | null;
  sessions_valid_after: Date | null;
  identities: Identity[] | null;
}

const NORMALISED: ReadonlySet<IdentityType> = new Set(['username', 'email', 'employee_code']);

/** An account row with its identities in one statement: a login reads accounts often. */
const ACCOUNT_COLUMNS = `a.*, (
  SELECT json_agg(json_build_object('type', i.type, 'issuer', i.issuer, 'value', i.value, 'verified', i.verified) ORDER BY i.created_at, i.type)
  FROM identities i WHERE i.account_id = a.id) AS identities`;
const SELECT_ACCOUNT = `SELECT ${ACCOUNT_COLUMNS} FROM accounts a`;

/** Joins the identity a login name names ($1); a username wins over an employee code, which wins over an e-mail address. */
const BY_LOGIN_NAME = `JOIN identities h ON h.account_id = a.id
  WHERE h.issuer = '' AND h.value = $1 AND h.type IN ('username', 'employee_code', 'email')
  ORDER BY CASE h.type WHEN 'username' THEN 0 WHEN 'employee_code' THEN 1 ELSE 2 END LIMIT 1`;

const PROFILE_COLUMNS: Record<keyof ProfileChange, string> = {
  givenName: 'given_name',
  familyName: 'family_name',
  email: 'email',
  emailVerified: 'email_verified',
  locale: 'locale',
  timeZone: 'time_zone',
  organisation: 'organisation',
  title: 'title',
  notificationPreference: 'notification_preference',
};

export class AccountRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string): Promise<Account | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.db.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.id = $1`, [id]);
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  /** The account holding an identity; a verified holder wins over one whose number was only typed. */
  async findByIdentity(type: IdentityType, value: string, issuer = ''): Promise<Account | undefined> {
    return (await this.findAllByIdentity(type, value, issuer))[0];
  }

  /** Every account holding an identity, verified holders first, then oldest first. */
  async findAllByIdentity(type: IdentityType, value: string, issuer = ''): Promise<Account[]> {
    if (value.includes('\u0000') || issuer.includes('\u0000')) return [];
    const { rows } = await this.db.query<AccountRow>(
      `${SELECT_ACCOUNT} JOIN identities h ON h.account_id = a.id
       WHERE h.type = $1 AND h.issuer = $2 AND h.value = $3 ORDER BY h.verified DESC, a.created_at, a.id`,
      [type, issuer, normaliseIdentity(type, value)],
    );
    return rows.map(toAccount);
  }

  /** The one account holding an identity verified (a login name always is; a typed number is not). */
  async findVerifiedHolder(type: IdentityType, value: string, issuer = ''): Promise<Account | undefined> {
    const [first] = await this.findAllByIdentity(type, value, issuer);
    return first?.identities.some(
      (identity) =>
        identity.type === type &&
        identity.issuer === issuer &&
        identity.verified &&
        identity.value === normaliseIdentity(type, value),
    )
      ? first
      : undefined;
  }

  /** A login name is a username, an employee code or an e-mail address. */
  async findByLoginName(name: string): Promise<Account | undefined> {
    const value = normaliseLoginName(name);
    if (!value || value.includes('\u0000')) return undefined;
    const { rows } = await this.db.query<AccountRow>(`${SELECT_ACCOUNT} ${BY_LOGIN_NAME}`, [value]);
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  /** `findByLoginName` and `passwordHash` in one statement: a password login needs both. */
  async findWithPasswordHash(
    name: string,
  ): Promise<{ account: Account; passwordHash: string | undefined } | undefined> {
    const value = normaliseLoginName(name);
    if (!value || value.includes('\u0000')) return undefined;
    const { rows } = await this.db.query<AccountRow & { password_hash: string | null }>(
      `SELECT ${ACCOUNT_COLUMNS}, (SELECT c.secret FROM credentials c WHERE c.account_id = a.id AND c.type = 'password') AS password_hash
       FROM accounts a ${BY_LOGIN_NAME}`,
      [value],
    );
    const row = rows[0];
    return row ? { account: toAccount(row), passwordHash: row.password_hash ?? undefined } : undefined;
  }

  async create(input: NewAccount, passwordHash?: string): Promise<Account> {
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO accounts (id, status, given_name, family_name, email, email_verified, locale, time_zone, organisation, title)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          input.status ?? 'active',
          input.givenName ?? null,
          input.familyName ?? null,
          input.email ? normaliseLoginName(input.email) : null,
          input.emailVerified ?? false,
          input.locale ?? null,
          input.timeZone ?? null,
          input.organisation ?? null,
          input.title ?? null,
        ],
      );
      for (const identity of input.identities) await insertIdentity(tx, id, identity);
      if (passwordHash) await upsertCredential(tx, id, 'password', passwordHash);
    });
    return (await this.findById(id))!;
  }

  async list(
    options: { limit?: number | undefined; offset?: number | undefined; status?: AccountStatus | undefined } = {},
  ): Promise<Account[]> {
    const { rows } = await this.db.query<AccountRow>(
      `${SELECT_ACCOUNT} WHERE ($3::text IS NULL OR a.status = $3) ORDER BY a.created_at, a.id LIMIT $1 OFFSET $2`,
      [options.limit ?? 100, options.offset ?? 0, options.status ?? null],
    );
    return rows.map(toAccount);
  }

  async updateProfile(accountId: string, change: ProfileChange): Promise<void> {
    const entries = Object.entries(change).filter(([, value]) => value !== undefined) as [
      keyof ProfileChange,
      unknown,
    ][];
    if (entries.length === 0) return;
    const assignments = entries.map(([key], index) => `${PROFILE_COLUMNS[key]} = $${index + 2}`);
    const values = entries.map(([key, value]) =>
      key === 'email' && typeof value === 'string' ? normaliseLoginName(value) : value,
    );
    await this.db.query(`UPDATE accounts SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1`, [
      accountId,
      ...values,
    ]);
  }

  /**
   * Moves an account between active, inactive and deactivated; the warning mark is cleared on each
   * move, and a deactivation keeps its reason.
   */
  async setStatus(
    accountId: string,
    ...[status, reason]: ['active' | 'inactive'] | ['deactivated', DeactivationReason]
  ): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE accounts SET status = $2, deactivation_warned_at = NULL,
         deactivated_at = CASE WHEN $2 = 'deactivated' THEN now() ELSE NULL END,
         deactivated_reason = $3, updated_at = now()
       WHERE id = $1 AND status <> $2`,
      [accountId, status, reason ?? null],
    );
    return rowCount > 0;
  }

  async addIdentity(accountId: string, identity: Identity): Promise<void> {
    await insertIdentity(this.db, accountId, identity);
  }

  /** Every identity of this type on the account counts as typed again, until proven anew. */
  async unverifyIdentities(accountId: string, type: IdentityType): Promise<void> {
    await this.db.query('UPDATE identities SET verified = false WHERE account_id = $1 AND type = $2', [
      accountId,
      type,
    ]);
  }

  /** Marks an identity the account holds as proven (a typed number confirmed by an eID, an address by a code). */
  async verifyIdentity(accountId: string, type: IdentityType, value: string, issuer = ''): Promise<void> {
    try {
      await this.db.query(
        'UPDATE identities SET verified = true WHERE account_id = $1 AND type = $2 AND issuer = $3 AND value = $4',
        [accountId, type, issuer, normaliseIdentity(type, value)],
      );
    } catch (cause) {
      throw conflictOr(cause, type);
    }
  }

  async removeIdentity(accountId: string, type: IdentityType, value: string, issuer = ''): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'DELETE FROM identities WHERE account_id = $1 AND type = $2 AND issuer = $3 AND value = $4',
      [accountId, type, issuer, normaliseIdentity(type, value)],
    );
    return rowCount > 0;
  }

  /** Removes the account and, through the schema's cascades, everything that hangs on it. */
  async delete(accountId: string): Promise<boolean> {
    if (!isUuid(accountId)) return false;
    const { rowCount } = await this.db.query('DELETE FROM accounts WHERE id = $1', [accountId]);
    return rowCount > 0;
  }

  async passwordHash(accountId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ secret: string }>(
      "SELECT secret FROM credentials WHERE account_id = $1 AND type = 'password'",
      [accountId],
    );
    return rows[0]?.secret;
  }

  async setPassword(accountId: string, hash: string): Promise<void> {
    await upsertCredential(this.db, accountId, 'password', hash);
  }

  async recordLogin(accountId: string): Promise<void> {
    await this.db.query('UPDATE accounts SET last_login_at = now(), deactivation_warned_at = NULL WHERE id = $1', [
      accountId,
    ]);
  }
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    status: row.status,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    emailVerified: row.email_verified,
    locale: row.locale,
    timeZone: row.time_zone,
    organisation: row.organisation,
    title: row.title,
    notificationPreference: row.notification_preference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    deactivationWarnedAt: row.deactivation_warned_at,
    deactivatedAt: row.deactivated_at,
    deactivatedReason: row.deactivated_reason,
    sessionsValidAfter: row.sessions_valid_after,
    identities: row.identities ?? [],
  };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function normaliseIdentity(type: IdentityType, value: string): string {
  return NORMALISED.has(type) ? normaliseLoginName(value) : value.trim();
}

async function insertIdentity(tx: Queryable, accountId: string, identity: Identity): Promise<void> {
  try {
    await tx.query('INSERT INTO identities (account_id, type, issuer, value, verified) VALUES ($1, $2, $3, $4, $5)', [
      accountId,
      identity.type,
      identity.issuer,
      normaliseIdentity(identity.type, identity.value),
      identity.verified,
    ]);
  } catch (cause) {
    throw conflictOr(cause, identity.type);
  }
}

function conflictOr(cause: unknown, type: IdentityType): unknown {
  if ((cause as { code?: string }).code === '23505') {
    return new PortvaktError('conflict', `That ${type.replaceAll('_', ' ')} is already in use.`, { cause });
  }
  return cause;
}

async function upsertCredential(
  db: Queryable,
  accountId: string,
  type: 'password' | 'totp',
  secret: string,
): Promise<void> {
  await db.query(
    `INSERT INTO credentials (account_id, type, secret) VALUES ($1, $2, $3)
     ON CONFLICT (account_id, type) DO UPDATE SET secret = EXCLUDED.secret, updated_at = now()`,
    [accountId, type, secret],
  );
}
