// One-time codes sent by SMS or e-mail: six characters from a CSPRNG, stored only as a keyed
// hash, bound to one login interaction, valid for a few minutes, a few attempts, used once.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../adapters/database.ts';

/** No 0/O, 1/I/L: a person copies the code from a phone screen. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 6;

export type CodeChannel = 'sms' | 'email';
export type CodeCheck = 'accepted' | 'wrong' | 'expired' | 'exhausted' | 'none';

export interface CodeRules {
  lifetimeSeconds: number;
  maxAttempts: number;
}

export class OneTimeCodes {
  constructor(
    private readonly db: Database,
    private readonly hashKey: string,
    private readonly rules: CodeRules,
  ) {}

  /** A new code for the interaction; any earlier one stops working. */
  async issue(uid: string, accountId: string, channel: CodeChannel, destination: string): Promise<string> {
    const code = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    await this.db.query(
      `INSERT INTO one_time_codes (uid, account_id, channel, destination, code_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
       ON CONFLICT (uid) DO UPDATE SET account_id = EXCLUDED.account_id, channel = EXCLUDED.channel, destination = EXCLUDED.destination,
         code_hash = EXCLUDED.code_hash, attempts = 0, created_at = now(), expires_at = EXCLUDED.expires_at, consumed_at = NULL`,
      [uid, accountId, channel, destination, this.hash(uid, code), this.rules.lifetimeSeconds],
    );
    return code;
  }

  /**
   * A code row that nothing can match, for an address without an account: the same insert now, and
   * later the same counted, compared and refused check, as a code that was sent.
   */
  async issueDecoy(uid: string, channel: CodeChannel, destination: string): Promise<void> {
    await this.db.query(
      `INSERT INTO one_time_codes (uid, account_id, channel, destination, code_hash, expires_at)
       VALUES ($1, NULL, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (uid) DO UPDATE SET account_id = NULL, channel = EXCLUDED.channel, destination = EXCLUDED.destination,
         code_hash = EXCLUDED.code_hash, attempts = 0, created_at = now(), expires_at = EXCLUDED.expires_at, consumed_at = NULL`,
      // Not base64url, so no HMAC of any input equals it.
      [uid, channel, destination, `decoy:${randomBytes(32).toString('hex')}`, this.rules.lifetimeSeconds],
    );
  }

  /** The live code of an interaction; a decoy is never pending. */
  async pending(uid: string): Promise<{ channel: CodeChannel; destination: string; accountId: string } | undefined> {
    const { rows } = await this.db.query<{ channel: CodeChannel; destination: string; accountId: string }>(
      'SELECT channel, destination, account_id AS "accountId" FROM one_time_codes WHERE uid = $1 AND consumed_at IS NULL AND expires_at > now() AND account_id IS NOT NULL',
      [uid],
    );
    return rows[0];
  }

  /** Counts the attempt first, in one statement, so parallel guesses cannot exceed the limit. */
  async check(uid: string, input: string): Promise<CodeCheck> {
    const { rows } = await this.db.query<{ code_hash: string; attempts: number; expired: boolean; consumed: boolean }>(
      `UPDATE one_time_codes SET attempts = attempts + 1 WHERE uid = $1
       RETURNING code_hash, attempts, expires_at <= now() AS expired, consumed_at IS NOT NULL AS consumed`,
      [uid],
    );
    const row = rows[0];
    if (!row || row.consumed) return 'none';
    if (row.expired) return 'expired';
    if (row.attempts > this.rules.maxAttempts) return 'exhausted';
    const given = Buffer.from(this.hash(uid, normalise(input)));
    const stored = Buffer.from(row.code_hash);
    if (given.length !== stored.length || !timingSafeEqual(given, stored))
      return row.attempts >= this.rules.maxAttempts ? 'exhausted' : 'wrong';
    const { rowCount } = await this.db.query(
      'UPDATE one_time_codes SET consumed_at = now() WHERE uid = $1 AND consumed_at IS NULL',
      [uid],
    );
    return rowCount > 0 ? 'accepted' : 'none';
  }

  private hash(uid: string, code: string): string {
    return createHmac('sha256', this.hashKey).update(`otp|${uid}|${code}`).digest('base64url');
  }
}

/** Codes are accepted case-insensitively and with stray spaces or dashes. */
function normalise(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').slice(0, 32);
}
