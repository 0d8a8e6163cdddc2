// Proof that a person reads an e-mail address before it joins their account: a six-digit code,
// kept as a keyed hash in one_time_codes (one pending proof per account), few attempts, used once.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../adapters/database.ts';
import type { CodeCheck } from '../../src/security/one-time-codes.ts';

export interface PendingAddress {
  email: string;
}

export class AddressProofs {
  constructor(
    private readonly db: Database,
    private readonly hashKey: string,
    private readonly rules: { lifetimeSeconds: number; maxAttempts: number },
  ) {}

  async issue(accountId: string, email: string): Promise<string> {
    const code = String(randomInt(1_000_000)).padStart(6, '0');
    const uid = proofUid(accountId);
    await this.db.query(
      `INSERT INTO one_time_codes (uid, account_id, channel, destination, code_hash, expires_at)
       VALUES ($1, $2, 'email', $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (uid) DO UPDATE SET destination = EXCLUDED.destination, code_hash = EXCLUDED.code_hash, attempts = 0,
         created_at = now(), expires_at = EXCLUDED.expires_at, consumed_at = NULL`,
      [uid, accountId, email, this.hash(uid, email, code), this.rules.lifetimeSeconds],
    );
    return code;
  }

  async pending(accountId: string): Promise<PendingAddress | undefined> {
    const { rows } = await this.db.query<{ destination: string }>(
      'SELECT destination FROM one_time_codes WHERE uid = $1 AND consumed_at IS NULL AND expires_at > now()',
      [proofUid(accountId)],
    );
    return rows[0] ? { email: rows[0].destination } : undefined;
  }

  /** A code that could not be delivered stops being pending. */
  async cancel(accountId: string): Promise<void> {
    await this.db.query('DELETE FROM one_time_codes WHERE uid = $1', [proofUid(accountId)]);
  }

  /** The attempt is counted before the comparison, so parallel guesses cannot pass the limit. */
  async check(accountId: string, input: string): Promise<{ result: CodeCheck; email?: string }> {
    const uid = proofUid(accountId);
    const { rows } = await this.db.query<{
      code_hash: string;
      destination: string;
      attempts: number;
      expired: boolean;
      consumed: boolean;
    }>(
      `UPDATE one_time_codes SET attempts = attempts + 1 WHERE uid = $1
       RETURNING code_hash, destination, attempts, expires_at <= now() AS expired, consumed_at IS NOT NULL AS consumed`,
      [uid],
    );
    const row = rows[0];
    if (!row || row.consumed) return { result: 'none' };
    if (row.expired) return { result: 'expired' };
    if (row.attempts > this.rules.maxAttempts) return { result: 'exhausted' };
    const given = Buffer.from(this.hash(uid, row.destination, input.replace(/\s/g, '').slice(0, 12)));
    const stored = Buffer.from(row.code_hash);
    if (given.length !== stored.length || !timingSafeEqual(given, stored))
      return { result: row.attempts >= this.rules.maxAttempts ? 'exhausted' : 'wrong' };
    const { rowCount } = await this.db.query(
      'UPDATE one_time_codes SET consumed_at = now() WHERE uid = $1 AND consumed_at IS NULL',
      [uid],
    );
    return rowCount > 0 ? { result: 'accepted', email: row.destination } : { result: 'none' };
  }

  private hash(uid: string, email: string, code: string): string {
    return createHmac('sha256', this.hashKey).update(`address|${uid}|${email}|${code}`).digest('base64url');
  }
}

function proofUid(accountId: string): string {
  return `account-address:${accountId}`;
}
