// The one engine for codes sent by SMS or e-mail, whatever they prove: a login's second factor or
// password reset, a new e-mail address on the account page, an invited address. Six characters
// from a CSPRNG, stored only as a keyed hash bound to purpose, key and destination, valid for a few
// minutes and a few attempts, used once. The attempt is counted before the comparison, in one
// statement, so parallel guesses cannot pass the limit.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../adapters/database.ts';

export type CodeChannel = 'sms' | 'email';
export type CodeCheck = 'accepted' | 'wrong' | 'expired' | 'exhausted' | 'none';

/**
 * What a code proves; one live code per purpose and key (an interaction, an account, an
 * invitation). A code never crosses purposes: a reset code is no second factor.
 */
export type CodePurpose = 'login' | 'reset' | 'address' | 'invitation';

/**
 * `letters`: no 0/O, 1/I/L, read case-insensitively, for a person who copies it from a phone
 * screen; `digits`: six digits, for codes that arrive in an e-mail a person may also forward.
 */
export type CodeFormat = 'letters' | 'digits';

export interface CodeRules {
  lifetimeSeconds: number;
  maxAttempts: number;
}

export interface CodeKind {
  purpose: CodePurpose;
  format: CodeFormat;
  rules: CodeRules;
}

export interface CodeRecipient {
  channel: CodeChannel;
  destination: string;
  /** The account the code is for; an invitation has none yet. */
  accountId?: string | undefined;
}

export interface PendingCode {
  channel: CodeChannel;
  destination: string;
  accountId: string | undefined;
}

export type CodeOutcome = ({ result: 'accepted' } & PendingCode) | { result: Exclude<CodeCheck, 'accepted'> };

const LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const DIGITS = '0123456789';
const LENGTH = 6;

export class OneTimeCodes {
  constructor(
    private readonly db: Database,
    private readonly hashKey: string,
    private readonly kind: CodeKind,
  ) {}

  get rules(): CodeRules {
    return this.kind.rules;
  }

  /** A new code for the key; any earlier one stops working and its attempts start again. */
  async issue(key: string, to: CodeRecipient): Promise<string> {
    const alphabet = this.kind.format === 'letters' ? LETTERS : DIGITS;
    const code = Array.from({ length: LENGTH }, () => alphabet[randomInt(alphabet.length)]).join('');
    await this.store(key, to, this.hash(key, to.destination, code), false);
    return code;
  }

  /**
   * A code row that nothing can match, for an address without an account: the same insert now, and
   * later the same counted, compared and refused check, as a code that was sent.
   */
  async issueDecoy(key: string, to: Omit<CodeRecipient, 'accountId'>): Promise<void> {
    // Not base64url, so no HMAC of any input equals it.
    await this.store(key, to, `decoy:${randomBytes(32).toString('hex')}`, true);
  }

  /** The live code for the key; a decoy is never pending. */
  async pending(key: string): Promise<PendingCode | undefined> {
    const { rows } = await this.db.query<{ channel: CodeChannel; destination: string; account_id: string | null }>(
      `SELECT channel, destination, account_id FROM one_time_codes
       WHERE uid = $1 AND purpose = $2 AND NOT decoy AND consumed_at IS NULL AND expires_at > now()`,
      [this.rowId(key), this.kind.purpose],
    );
    const row = rows[0];
    return row && { channel: row.channel, destination: row.destination, accountId: row.account_id ?? undefined };
  }

  /** A code that could not be delivered, or whose purpose was withdrawn, stops being pending. */
  async cancel(key: string): Promise<void> {
    await this.db.query('DELETE FROM one_time_codes WHERE uid = $1 AND purpose = $2', [
      this.rowId(key),
      this.kind.purpose,
    ]);
  }

  /**
   * `accountId`, where the caller knows whom the code must be for: a code sent for another account
   * (a login that changed its person half-way) proves nothing here.
   */
  async check(key: string, input: string, accountId?: string): Promise<CodeOutcome> {
    const { rows } = await this.db.query<{
      channel: CodeChannel;
      destination: string;
      account_id: string | null;
      code_hash: string;
      attempts: number;
      expired: boolean;
      consumed: boolean;
    }>(
      `UPDATE one_time_codes SET attempts = attempts + 1 WHERE uid = $1 AND purpose = $2
       RETURNING channel, destination, account_id, code_hash, attempts, expires_at <= now() AS expired,
         consumed_at IS NOT NULL AS consumed`,
      [this.rowId(key), this.kind.purpose],
    );
    const row = rows[0];
    const { maxAttempts } = this.kind.rules;
    if (!row || row.consumed || (accountId !== undefined && row.account_id !== accountId)) return { result: 'none' };
    if (row.expired) return { result: 'expired' };
    if (row.attempts > maxAttempts) return { result: 'exhausted' };
    const given = Buffer.from(this.hash(key, row.destination, this.normalise(input)));
    const stored = Buffer.from(row.code_hash);
    if (given.length !== stored.length || !timingSafeEqual(given, stored))
      return { result: row.attempts >= maxAttempts ? 'exhausted' : 'wrong' };
    const { rowCount } = await this.db.query(
      'UPDATE one_time_codes SET consumed_at = now() WHERE uid = $1 AND purpose = $2 AND consumed_at IS NULL',
      [this.rowId(key), this.kind.purpose],
    );
    if (rowCount === 0) return { result: 'none' };
    return {
      result: 'accepted',
      channel: row.channel,
      destination: row.destination,
      accountId: row.account_id ?? undefined,
    };
  }

  private async store(key: string, to: CodeRecipient, codeHash: string, decoy: boolean): Promise<void> {
    await this.db.query(
      `INSERT INTO one_time_codes (uid, purpose, account_id, channel, destination, code_hash, decoy, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))
       ON CONFLICT (uid) DO UPDATE SET purpose = EXCLUDED.purpose, account_id = EXCLUDED.account_id,
         channel = EXCLUDED.channel, destination = EXCLUDED.destination, code_hash = EXCLUDED.code_hash,
         decoy = EXCLUDED.decoy, attempts = 0, created_at = now(), expires_at = EXCLUDED.expires_at, consumed_at = NULL`,
      [
        this.rowId(key),
        this.kind.purpose,
        to.accountId ?? null,
        to.channel,
        to.destination,
        codeHash,
        decoy,
        this.kind.rules.lifetimeSeconds,
      ],
    );
  }

  /** Purposes share the table; the purpose in the row's name keeps their keys apart. */
  private rowId(key: string): string {
    return `${this.kind.purpose}:${key}`;
  }

  private hash(key: string, destination: string, code: string): string {
    return createHmac('sha256', this.hashKey)
      .update(`code|${this.kind.purpose}|${key}|${destination}|${code}`)
      .digest('base64url');
  }

  /** Stray spaces and dashes are dropped; letter codes are read in either case. */
  private normalise(input: string): string {
    const bare = input.replace(/[\s-]/g, '').slice(0, 32);
    return this.kind.format === 'letters' ? bare.toUpperCase() : bare;
  }
}

/** Login and reset codes are copied from a phone screen; address and invitation codes arrive by e-mail. */
const FORMATS: Readonly<Record<CodePurpose, CodeFormat>> = {
  login: 'letters',
  reset: 'letters',
  address: 'digits',
  invitation: 'digits',
};

export type CodeEngines = Readonly<Record<CodePurpose, OneTimeCodes>>;

/** The engine for one purpose, in that purpose's format. */
export function codeEngine(db: Database, hashKey: string, purpose: CodePurpose, rules: CodeRules): OneTimeCodes {
  return new OneTimeCodes(db, hashKey, { purpose, format: FORMATS[purpose], rules });
}

/** One engine per purpose, sharing the table, the key and the rules. */
export function codeEngines(db: Database, hashKey: string, rules: CodeRules): CodeEngines {
  return {
    login: codeEngine(db, hashKey, 'login', rules),
    reset: codeEngine(db, hashKey, 'reset', rules),
    address: codeEngine(db, hashKey, 'address', rules),
    invitation: codeEngine(db, hashKey, 'invitation', rules),
  };
}
