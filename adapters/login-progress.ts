// A login whose first factor is done and whose second is still to come, kept per interaction so
// any instance can take the next step.
import type { Database } from './database.ts';
import type { Sealer } from '../kernel/sealing.ts';

/** The step a login waits at: its second factor, the client's privacy notice, the offer of a passkey, or a new password after a reset code. */
export type LoginStage = 'second_factor' | 'privacy_notice' | 'passkey_offer' | 'password_reset';

/** `Factor` is the domain's vocabulary of second factors; storage keeps the name as given. */
export interface LoginProgress<Factor extends string> {
  uid: string;
  stage: LoginStage;
  accountId: string;
  method: string;
  amr: string[];
  acr: string;
  pendingTotp: string | undefined;
  /** Seconds since the epoch: the session's first authentication, for a login single sign-on resumed. */
  authTime?: number | undefined;
  /** An existing second factor was proven in this login, so a new one may be bound. */
  bindingProven?: boolean;
  /** The second factor this login's own step proved, once it has. */
  secondFactor?: Factor | undefined;
}

export class LoginProgressStore<Factor extends string> {
  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
  ) {}

  async save(progress: Omit<LoginProgress<Factor>, 'pendingTotp'>, lifetimeSeconds: number): Promise<void> {
    await this.db.query(
      `INSERT INTO login_progress (uid, stage, account_id, method, amr, acr, auth_time, second_factor, expires_at) VALUES ($1, $8, $2, $3, $4, $5, $7, $9, now() + make_interval(secs => $6))
       ON CONFLICT (uid) DO UPDATE SET stage = EXCLUDED.stage, account_id = EXCLUDED.account_id, method = EXCLUDED.method, amr = EXCLUDED.amr, acr = EXCLUDED.acr,
         auth_time = EXCLUDED.auth_time, second_factor = EXCLUDED.second_factor, pending_totp = NULL, binding_proven = false, expires_at = EXCLUDED.expires_at`,
      [
        progress.uid,
        progress.accountId,
        progress.method,
        JSON.stringify(progress.amr),
        progress.acr,
        lifetimeSeconds,
        progress.authTime ?? null,
        progress.stage,
        progress.secondFactor ?? null,
      ],
    );
  }

  async find(uid: string): Promise<LoginProgress<Factor> | undefined> {
    const { rows } = await this.db.query<{
      uid: string;
      account_id: string;
      method: string;
      amr: string[];
      acr: string;
      pending_totp: string | null;
      auth_time: string | number | null;
      binding_proven: boolean;
      stage: LoginStage;
      second_factor: Factor | null;
    }>('SELECT * FROM login_progress WHERE uid = $1 AND expires_at > now()', [uid]);
    const row = rows[0];
    return row
      ? {
          uid: row.uid,
          stage: row.stage,
          accountId: row.account_id,
          method: row.method,
          amr: row.amr,
          acr: row.acr,
          pendingTotp: row.pending_totp ? this.sealer.open(row.pending_totp) : undefined,
          authTime: row.auth_time === null ? undefined : Number(row.auth_time),
          bindingProven: row.binding_proven,
          secondFactor: row.second_factor ?? undefined,
        }
      : undefined;
  }

  async setPendingTotp(uid: string, secret: string): Promise<void> {
    await this.db.query('UPDATE login_progress SET pending_totp = $2 WHERE uid = $1', [uid, this.sealer.seal(secret)]);
  }

  async markBindingProven(uid: string): Promise<void> {
    await this.db.query('UPDATE login_progress SET binding_proven = true WHERE uid = $1', [uid]);
  }

  async remove(uid: string): Promise<void> {
    await this.db.query('DELETE FROM login_progress WHERE uid = $1', [uid]);
  }
}
