// Accounts, their identities and credentials over SQL. Narrow methods named for what callers
// need; no SQL leaves this file.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../adapters/database.ts';
import { PortvaktError } from '../errors.ts';
import { normaliseLoginName, type Account, type Identity, type IdentityType, type NewAccount } from './types.ts';

interface AccountRow {
  id: string;
  status: Account['status'];
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  email_verified: boolean;
  locale: string | null;
  created_at: Date;
  last_login_at: Date | null;
}

const NORMALISED: ReadonlySet<IdentityType> = new Set(['username', 'email', 'employee_code']);

export class AccountRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string): Promise<Account | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
    return rows[0] ? this.withIdentities(rows[0]) : undefined;
  }

  async findByIdentity(type: IdentityType, value: string, issuer = ''): Promise<Account | undefined> {
    if (value.includes('\u0000') || issuer.includes('\u0000')) return undefined;
    const { rows } = await this.db.query<AccountRow>(
      'SELECT a.* FROM accounts a JOIN identities i ON i.account_id = a.id WHERE i.type = $1 AND i.issuer = $2 AND i.value = $3',
      [type, issuer, normaliseIdentity(type, value)],
    );
    return rows[0] ? this.withIdentities(rows[0]) : undefined;
  }

  /** A login name is a username or an e-mail address. */
  async findByLoginName(name: string): Promise<Account | undefined> {
    const value = normaliseLoginName(name);
    if (!value) return undefined;
    return (await this.findByIdentity('username', value)) ?? this.findByIdentity('email', value);
  }

  async create(input: NewAccount, passwordHash?: string): Promise<Account> {
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO accounts (id, status, given_name, family_name, email, email_verified, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, input.status ?? 'active', input.givenName ?? null, input.familyName ?? null, input.email ? normaliseLoginName(input.email) : null, input.emailVerified ?? false, input.locale ?? null],
      );
      for (const identity of input.identities) await addIdentity(tx, id, identity);
      if (passwordHash) await upsertCredential(tx, id, 'password', passwordHash);
    });
    return (await this.findById(id))!;
  }

  async list(limit = 100): Promise<Account[]> {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM accounts ORDER BY created_at, id LIMIT $1', [limit]);
    return Promise.all(rows.map((row) => this.withIdentities(row)));
  }

  async passwordHash(accountId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ secret: string }>("SELECT secret FROM credentials WHERE account_id = $1 AND type = 'password'", [accountId]);
    return rows[0]?.secret;
  }

  async setPassword(accountId: string, hash: string): Promise<void> {
    await upsertCredential(this.db, accountId, 'password', hash);
  }

  async recordLogin(accountId: string): Promise<void> {
    await this.db.query('UPDATE accounts SET last_login_at = now() WHERE id = $1', [accountId]);
  }

  private async withIdentities(row: AccountRow): Promise<Account> {
    const { rows } = await this.db.query<Identity>(
      'SELECT type, issuer, value, verified FROM identities WHERE account_id = $1 ORDER BY created_at, type',
      [row.id],
    );
    return {
      id: row.id,
      status: row.status,
      givenName: row.given_name,
      familyName: row.family_name,
      email: row.email,
      emailVerified: row.email_verified,
      locale: row.locale,
      createdAt: row.created_at,
      lastLoginAt: row.last_login_at,
      identities: rows,
    };
  }
}

function normaliseIdentity(type: IdentityType, value: string): string {
  return NORMALISED.has(type) ? normaliseLoginName(value) : value.trim();
}

async function addIdentity(tx: Queryable, accountId: string, identity: Identity): Promise<void> {
  try {
    await tx.query('INSERT INTO identities (account_id, type, issuer, value, verified) VALUES ($1, $2, $3, $4, $5)', [
      accountId,
      identity.type,
      identity.issuer,
      normaliseIdentity(identity.type, identity.value),
      identity.verified,
    ]);
  } catch (cause) {
    if ((cause as { code?: string }).code === '23505') {
      throw new PortvaktError('conflict', `That ${identity.type.replace('_', ' ')} is already in use.`, { cause });
    }
    throw cause;
  }
}

async function upsertCredential(db: Queryable, accountId: string, type: 'password' | 'totp', secret: string): Promise<void> {
  await db.query(
    `INSERT INTO credentials (account_id, type, secret) VALUES ($1, $2, $3)
     ON CONFLICT (account_id, type) DO UPDATE SET secret = EXCLUDED.secret, updated_at = now()`,
    [accountId, type, secret],
  );
}
