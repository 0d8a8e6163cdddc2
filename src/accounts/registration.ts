// Self-registration over SQL: who already holds a typed address or identity number, and the
// single-use activation links (kept as keyed hashes only) that turn an inactive account active.
import type { NationalIdType } from './resolve.ts';
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../../adapters/database.ts';
import type { AccountStatus } from './types.ts';
import { normaliseLoginName } from './types.ts';

/** The accounts that stand in the way of a new registration; a deleted account is gone and holds nothing. */
export interface ExistingHolders {
  /** The account whose address (or login name) is the typed address. */
  byEmail: { accountId: string; status: AccountStatus; email: string | null } | undefined;
  /** Some account holds the typed identity number, proven or only typed. */
  byPersonalNumber: boolean;
}

export interface Activation {
  accountId: string;
  interactionUid: string | null;
  email: string | null;
}

export class Registrations {
  constructor(
    private readonly db: Database,
    private readonly codeKey: string,
  ) {}

  async existingHolders(email: string, nationalId: { type: NationalIdType; value: string }): Promise<ExistingHolders> {
    const address = normaliseLoginName(email);
    const [byEmail, byNumber] = await Promise.all([
      this.db.query<{ id: string; status: AccountStatus; email: string | null }>(
        `SELECT a.id, a.status, a.email FROM accounts a
         WHERE a.email = $1
            OR EXISTS (SELECT 1 FROM identities i WHERE i.account_id = a.id AND i.issuer = '' AND i.type IN ('email', 'username') AND i.value = $1)
         ORDER BY a.created_at LIMIT 1`,
        [address],
      ),
      this.db.query('SELECT 1 FROM identities WHERE type = $1 AND value = $2 LIMIT 1', [
        nationalId.type,
        nationalId.value,
      ]),
    ]);
    const holder = byEmail.rows[0];
    return {
      byEmail: holder ? { accountId: holder.id, status: holder.status, email: holder.email } : undefined,
      byPersonalNumber: byNumber.rows.length > 0,
    };
  }

  /** A new activation link's token, returned once for the e-mail and stored only as a keyed hash. */
  async issueActivation(
    accountId: string,
    interactionUid: string | undefined,
    lifetimeSeconds: number,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO activation_tokens (token_hash, account_id, interaction_uid, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [this.tokenHash(token), accountId, interactionUid ?? null, lifetimeSeconds],
    );
    return token;
  }

  /** Whether a link could still activate an account; reading it changes nothing (mail scanners open links). */
  async isUsable(token: string): Promise<boolean> {
    if (!isTokenShaped(token)) return false;
    const { rows } = await this.db.query(
      `SELECT 1 FROM activation_tokens t JOIN accounts a ON a.id = t.account_id
       WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now() AND a.status = 'inactive'`,
      [this.tokenHash(token)],
    );
    return rows.length > 0;
  }

  /**
   * Uses a link once: the token is marked used and the account made active with its address proven,
   * all in one transaction. Undefined for a link that is unknown, used, expired, or whose account is
   * no longer waiting for activation.
   */
  async activate(token: string): Promise<Activation | undefined> {
    if (!isTokenShaped(token)) return undefined;
    return this.db.transaction(async (tx) => {
      const used = await tx.query<{ account_id: string; interaction_uid: string | null }>(
        `UPDATE activation_tokens t SET used_at = now() FROM accounts a
         WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now() AND a.id = t.account_id AND a.status = 'inactive'
         RETURNING t.account_id, t.interaction_uid`,
        [this.tokenHash(token)],
      );
      const row = used.rows[0];
      if (!row) return undefined;
      const activated = await tx.query<{ email: string | null }>(
        `UPDATE accounts SET status = 'active', email_verified = email IS NOT NULL, deactivation_warned_at = NULL, deactivated_at = NULL, updated_at = now()
         WHERE id = $1 AND status = 'inactive' RETURNING email`,
        [row.account_id],
      );
      const email = activated.rows[0]?.email ?? null;
      if (email)
        await tx.query(
          "UPDATE identities SET verified = true WHERE account_id = $1 AND type = 'email' AND issuer = '' AND value = $2",
          [row.account_id, email],
        );
      // Other links sent for the same registration die with this one.
      await tx.query('UPDATE activation_tokens SET used_at = now() WHERE account_id = $1 AND used_at IS NULL', [
        row.account_id,
      ]);
      return { accountId: row.account_id, interactionUid: row.interaction_uid, email };
    });
  }

  private tokenHash(token: string): string {
    return createHmac('sha256', this.codeKey).update(`activation|${token}`).digest('base64url');
  }
}

function isTokenShaped(token: string): boolean {
  return /^[\w-]{43}$/.test(token);
}
