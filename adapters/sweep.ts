// Removes expired protocol state and throttle counters on an interval, so tables stay the size of
// what is live. Safe to run on every instance at once.
import type { Database } from './database.ts';

export async function sweepExpired(db: Database): Promise<number> {
  const payloads = await db.query('DELETE FROM oidc_payloads WHERE expires_at < now()');
  const counters = await db.query(
    'DELETE FROM throttle_counters WHERE window_ends < now() AND (locked_until IS NULL OR locked_until < now())',
  );
  const keys = await db.query("DELETE FROM signing_keys WHERE state = 'retired' AND expires_at < now()");
  let removed = payloads.rowCount + counters.rowCount + keys.rowCount;
  for (const table of [
    'eid_orders',
    'one_time_codes',
    'login_progress',
    'upstream_round_trips',
    'upstream_assertions',
    'upstream_sessions',
    'upstream_logouts',
    'login_networks',
    'account_changes',
    'webauthn_challenges',
  ]) {
    removed += (await db.query(`DELETE FROM ${table} WHERE expires_at < now()`)).rowCount;
  }
  // Activity older than a day outlives every session and idle limit Portvakt allows to matter.
  removed += (await db.query("DELETE FROM session_activity WHERE last_seen < now() - interval '1 day'")).rowCount;
  return removed;
}

export function startSweeper(db: Database, intervalMs: number, onError: (error: unknown) => void): () => void {
  const timer = setInterval(() => {
    sweepExpired(db).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
