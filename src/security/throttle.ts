// Counters kept in the database, so every instance behind a load balancer sees the same numbers:
// rate limits per address and failed attempts per login name. A counter lives for one window; a
// key can also be locked for a while.
import type { Queryable } from '../../adapters/database.ts';

export interface CounterState {
  count: number;
  lockedForSeconds: number;
  windowLeftSeconds: number;
}

const STATE_COLUMNS = `count,
  GREATEST(0, COALESCE(CEIL(EXTRACT(EPOCH FROM (locked_until - now()))), 0))::int AS "lockedForSeconds",
  GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_ends - now()))))::int AS "windowLeftSeconds"`;

export class Throttle {
  constructor(private readonly db: Queryable) {}

  async state(key: string): Promise<CounterState> {
    const { rows } = await this.db.query<CounterState>(`SELECT ${STATE_COLUMNS} FROM throttle_counters WHERE key = $1`, [key]);
    const row = rows[0];
    if (!row) return { count: 0, lockedForSeconds: 0, windowLeftSeconds: 0 };
    return row.windowLeftSeconds > 0 ? row : { ...row, count: 0 };
  }

  /** Counts one event in one atomic statement; a window that has ended starts again at one. */
  async hit(key: string, windowSeconds: number): Promise<CounterState> {
    const { rows } = await this.db.query<CounterState>(
      `INSERT INTO throttle_counters AS t (key, count, window_ends)
         VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN t.window_ends <= now() THEN 1 ELSE t.count + 1 END,
         window_ends = CASE WHEN t.window_ends <= now() THEN now() + make_interval(secs => $2) ELSE t.window_ends END
       RETURNING ${STATE_COLUMNS}`,
      [key, windowSeconds],
    );
    return rows[0]!;
  }

  async lock(key: string, seconds: number): Promise<void> {
    await this.db.query('UPDATE throttle_counters SET locked_until = now() + make_interval(secs => $2) WHERE key = $1', [key, seconds]);
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM throttle_counters WHERE key = $1', [key]);
  }
}
