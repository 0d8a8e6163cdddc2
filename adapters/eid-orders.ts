// Outside identity orders in progress, one per interaction and method. Secrets and results are
// sealed before they are stored.
import type { Database } from './database.ts';
import type { Sealer } from '../kernel/sealing.ts';

export type EidFlow = 'qr' | 'sameDevice';
export type EidOrderState = 'pending' | 'failed' | 'complete' | 'cancelled';

export interface EidOrder {
  uid: string;
  method: string;
  ref: string;
  flow: EidFlow;
  secret: string | undefined;
  launchToken: string | undefined;
  returnNonce: string;
  startedAt: number;
  lastPolledAt: number | undefined;
  state: EidOrderState;
  /** The key of the message last shown, so a page reload says the same without asking again. */
  message: string | undefined;
  seenOnDevice: boolean;
  /** The app sent the person back here with the returnUrl nonce (same-device orders). */
  returned: boolean;
  /** Milliseconds since the epoch of the first poll in a row the service did not answer. */
  failingSince: number | undefined;
}

interface Row {
  uid: string;
  method: string;
  ref: string;
  flow: EidFlow;
  secret: string | null;
  launch_token: string | null;
  return_nonce: string;
  started_at: Date | string;
  last_polled_at: Date | string | null;
  state: EidOrderState;
  message: string | null;
  seen_on_device: boolean;
  returned: boolean;
  failing_since: Date | string | null;
}

/**
 * The order ($1, $2) is complete and its result may be used: with $3 (the driver binds the return),
 * a same-device order only once the app brought the person back to the starting browser.
 */
const RESULT_READY = "uid = $1 AND method = $2 AND state = 'complete' AND (NOT $3 OR flow <> 'sameDevice' OR returned)";

export class EidOrders {
  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
  ) {}

  async begin(
    order: Omit<EidOrder, 'lastPolledAt' | 'state' | 'message' | 'seenOnDevice' | 'returned' | 'failingSince'>,
    lifetimeSeconds: number,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO eid_orders (uid, method, ref, flow, secret, launch_token, return_nonce, started_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8 / 1000.0), now() + make_interval(secs => $9))
       ON CONFLICT (uid, method) DO UPDATE SET ref = EXCLUDED.ref, flow = EXCLUDED.flow, secret = EXCLUDED.secret,
         launch_token = EXCLUDED.launch_token, return_nonce = EXCLUDED.return_nonce, started_at = EXCLUDED.started_at,
         expires_at = EXCLUDED.expires_at, last_polled_at = NULL, state = 'pending', message = NULL, seen_on_device = false, returned = false, result = NULL,
         failing_since = NULL`,
      [
        order.uid,
        order.method,
        order.ref,
        order.flow,
        order.secret ? this.sealer.seal(order.secret) : null,
        order.launchToken ?? null,
        order.returnNonce,
        order.startedAt,
        lifetimeSeconds,
      ],
    );
  }

  async find(uid: string, method: string): Promise<EidOrder | undefined> {
    const { rows } = await this.db.query<Row>(
      'SELECT * FROM eid_orders WHERE uid = $1 AND method = $2 AND expires_at > now()',
      [uid, method],
    );
    const row = rows[0];
    return row ? this.toOrder(row) : undefined;
  }

  /** Marks every pending order of a login cancelled, in one statement, and returns them. */
  async cancelPending(uid: string): Promise<EidOrder[]> {
    const { rows } = await this.db.query<Row>(
      "UPDATE eid_orders SET state = 'cancelled' WHERE uid = $1 AND state = 'pending' AND expires_at > now() RETURNING *",
      [uid],
    );
    return rows.map((row) => this.toOrder(row));
  }

  private toOrder(row: Row): EidOrder {
    return {
      uid: row.uid,
      method: row.method,
      ref: row.ref,
      flow: row.flow,
      secret: row.secret ? this.sealer.open(row.secret) : undefined,
      launchToken: row.launch_token ?? undefined,
      returnNonce: row.return_nonce,
      startedAt: new Date(row.started_at).getTime(),
      lastPolledAt: row.last_polled_at ? new Date(row.last_polled_at).getTime() : undefined,
      state: row.state,
      message: row.message ?? undefined,
      seenOnDevice: row.seen_on_device,
      returned: row.returned,
      failingSince: row.failing_since ? new Date(row.failing_since).getTime() : undefined,
    };
  }

  /**
   * Claims the right to ask the outside service now. Returns false when another request asked less
   * than `minIntervalMs` ago, which keeps polling within the service's limits across instances.
   */
  async claimPoll(uid: string, method: string, minIntervalMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE eid_orders SET last_polled_at = now()
        WHERE uid = $1 AND method = $2 AND state = 'pending'
          AND (last_polled_at IS NULL OR last_polled_at <= now() - make_interval(secs => $3 / 1000.0))`,
      [uid, method, minIntervalMs],
    );
    return rowCount > 0;
  }

  async update(
    uid: string,
    method: string,
    change: {
      state: EidOrderState;
      message?: string | undefined;
      seenOnDevice?: boolean;
      result?: unknown;
      /** This poll went unanswered: the first of a row is remembered; an answered poll clears it. */
      unanswered?: boolean;
    },
  ): Promise<void> {
    await this.db.query(
      `UPDATE eid_orders SET state = $3, message = $4, seen_on_device = seen_on_device OR $5, result = COALESCE($6, result),
         failing_since = CASE WHEN $7 THEN COALESCE(failing_since, now()) ELSE NULL END
        WHERE uid = $1 AND method = $2`,
      [
        uid,
        method,
        change.state,
        change.message ?? null,
        change.seenOnDevice ?? false,
        change.result === undefined ? null : this.sealer.seal(JSON.stringify(change.result)),
        change.unanswered ?? false,
      ],
    );
  }

  /** The completed result without using it up: the person still has a question to answer. */
  async peekResult<T>(uid: string, method: string, options: { bindsReturn: boolean }): Promise<T | undefined> {
    const { rows } = await this.db.query<{ result: string | null }>(
      `SELECT result FROM eid_orders WHERE ${RESULT_READY} AND expires_at > now()`,
      [uid, method, options.bindsReturn],
    );
    const sealed = rows[0]?.result;
    return sealed ? (JSON.parse(this.sealer.open(sealed)) as T) : undefined;
  }

  /** Records that the app brought the person back to this browser with the order's nonce. */
  async markReturned(uid: string, method: string, nonce: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE eid_orders SET returned = true WHERE uid = $1 AND method = $2 AND return_nonce = $3',
      [uid, method, nonce],
    );
    return rowCount > 0;
  }

  /**
   * Reads the completed result and removes the order, so a result finishes one login only. With
   * `bindsReturn`, a same-device order gives its result only after the app returned to this
   * browser: otherwise an approval made on someone else's device, from a forwarded start link,
   * would log in here.
   */
  async takeResult<T>(uid: string, method: string, options: { bindsReturn: boolean }): Promise<T | undefined> {
    const { rows } = await this.db.query<{ result: string | null }>(
      `DELETE FROM eid_orders WHERE ${RESULT_READY} RETURNING result`,
      [uid, method, options.bindsReturn],
    );
    const sealed = rows[0]?.result;
    return sealed ? (JSON.parse(this.sealer.open(sealed)) as T) : undefined;
  }
}
