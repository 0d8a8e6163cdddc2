// Counters kept in the database, so every instance behind a load balancer sees the same numbers:
// rate limits per address, and failed attempts per account (across all its login names) and per
// account and address. A counter lives for one window; a key can also be locked for a while.
import { createHash } from 'node:crypto';
import type { Queryable } from '../../adapters/database.ts';
import { normaliseLoginName } from '../accounts/types.ts';

/**
 * The counter key for failed logins under a name as typed. Hashed: the table then holds no login
 * names, and any input, control characters included, makes a valid key.
 */
export function loginNameKey(name: string): string {
  return `login:name:${createHash('sha256').update(normaliseLoginName(name)).digest('base64url')}`;
}

/** Failed logins of one account, whichever of its names was typed; an unknown name counts on its own. */
export function loginSubjectKey(subject: { accountId: string } | { name: string }): string {
  return 'accountId' in subject ? `login:account:${subject.accountId}` : loginNameKey(subject.name);
}

/** The same failures, from one client address: what locks an address out without locking the owner. */
export function fromAddressKey(subjectKey: string, ip: string): string {
  return `${subjectKey}|ip:${ip}`;
}

/** Failed second factors of one account (with `fromAddressKey`, from one address). */
export function secondFactorKey(accountId: string): string {
  return `mfa:failures:${accountId}`;
}

export interface CounterState {
  count: number;
  lockedForSeconds: number;
  windowLeftSeconds: number;
}

const STATE_COLUMNS = `count,
  GREATEST(0, COALESCE(CEIL(EXTRACT(EPOCH FROM (locked_until - now()))), 0))::int AS "lockedForSeconds",
  GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_ends - now()))))::int AS "windowLeftSeconds"`;

/** Keys built from user input may hold characters PostgreSQL text refuses; those are hashed. */
function storedKey(key: string): string {
  return /[\u0000-\u001f\u007f]/.test(key) || key.length > 300
    ? `hash:${createHash('sha256').update(key).digest('base64url')}`
    : key;
}

/** Counts one event under $1 for a window of $2 seconds; a window that has ended starts again at one. */
const UPSERT_HIT = `INSERT INTO throttle_counters AS t (key, count, window_ends)
    VALUES ($1, 1, now() + make_interval(secs => $2))
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN t.window_ends <= now() THEN 1 ELSE t.count + 1 END,
    window_ends = CASE WHEN t.window_ends <= now() THEN now() + make_interval(secs => $2) ELSE t.window_ends END`;

const NO_COUNTER: CounterState = { count: 0, lockedForSeconds: 0, windowLeftSeconds: 0 };

/** A counter whose window has ended counts nothing, though its row (and any lock) is still there. */
function current(row: CounterState | undefined): CounterState {
  if (!row) return NO_COUNTER;
  return row.windowLeftSeconds > 0 ? row : { ...row, count: 0 };
}

export class Throttle {
  constructor(private readonly db: Queryable) {}

  async state(key: string): Promise<CounterState> {
    const { rows } = await this.db.query<CounterState>(
      `SELECT ${STATE_COLUMNS} FROM throttle_counters WHERE key = $1`,
      [storedKey(key)],
    );
    return current(rows[0]);
  }

  /** Counts one event in one atomic statement; a window that has ended starts again at one. */
  async hit(key: string, windowSeconds: number): Promise<CounterState> {
    const { rows } = await this.db.query<CounterState>(`${UPSERT_HIT} RETURNING ${STATE_COLUMNS}`, [
      storedKey(key),
      windowSeconds,
    ]);
    return rows[0]!;
  }

  /**
   * `hit(hitKey)` and `state(readKey)` in one statement, for a login's hot path. Both parts see
   * the table as it was before the statement, so the keys must differ.
   */
  async hitAndRead(
    hitKey: string,
    windowSeconds: number,
    readKey: string,
  ): Promise<{ hit: CounterState; read: CounterState }> {
    const [hitStored, readStored] = [storedKey(hitKey), storedKey(readKey)];
    if (hitStored === readStored) throw new Error('hitAndRead needs two different keys');
    const { rows } = await this.db.query<CounterState & { part: 'hit' | 'read' }>(
      `WITH hit AS (${UPSERT_HIT} RETURNING ${STATE_COLUMNS})
       SELECT 'hit' AS part, * FROM hit
       UNION ALL SELECT 'read' AS part, ${STATE_COLUMNS} FROM throttle_counters WHERE key = $3`,
      [hitStored, windowSeconds, readStored],
    );
    const part = (name: 'hit' | 'read') => {
      const row = rows.find((candidate) => candidate.part === name);
      return (
        row && { count: row.count, lockedForSeconds: row.lockedForSeconds, windowLeftSeconds: row.windowLeftSeconds }
      );
    };
    return { hit: part('hit')!, read: current(part('read')) };
  }

  async lock(key: string, seconds: number): Promise<void> {
    await this.db.query(
      'UPDATE throttle_counters SET locked_until = now() + make_interval(secs => $2) WHERE key = $1',
      [storedKey(key), seconds],
    );
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM throttle_counters WHERE key = $1', [storedKey(key)]);
  }

  /** Several keys at once, in one statement. */
  async resetAll(keys: readonly string[]): Promise<void> {
    if (keys.length > 0)
      await this.db.query('DELETE FROM throttle_counters WHERE key = ANY($1::text[])', [keys.map(storedKey)]);
  }

  /** The states of several keys in one statement, in the order asked. */
  async states(keys: readonly string[]): Promise<CounterState[]> {
    const stored = keys.map(storedKey);
    const { rows } = await this.db.query<CounterState & { key: string }>(
      `SELECT key, ${STATE_COLUMNS} FROM throttle_counters WHERE key = ANY($1::text[])`,
      [stored],
    );
    return stored.map((key) => current(rows.find((row) => row.key === key)));
  }

  /** A key and every per-address key under it (`fromAddressKey`): an operator's unlock. */
  async resetWithAddresses(key: string): Promise<void> {
    const prefix = `${key}|ip:`;
    await this.db.query('DELETE FROM throttle_counters WHERE key = $1 OR left(key, length($2)) = $2', [
      storedKey(key),
      prefix,
    ]);
  }
}
