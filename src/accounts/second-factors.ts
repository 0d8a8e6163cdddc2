// What a person has registered as a second factor: up to two phone numbers, an authenticator app
// (its secret sealed, with the last accepted time step for replay protection) and recovery codes.
import { createHmac, randomInt } from 'node:crypto';
import type { Database } from '../../adapters/database.ts';
import type { Sealer } from '../../kernel/sealing.ts';
import { PortvaktError } from '../../kernel/errors.ts';

export const MAX_PHONE_NUMBERS = 2;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface Authenticator {
  secret: string;
  lastUsedStep: number | undefined;
}

export class SecondFactors {
  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
    private readonly hashKey: string,
  ) {}

  async phoneNumbers(accountId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ e164: string }>(
      'SELECT e164 FROM phone_numbers WHERE account_id = $1 ORDER BY created_at, e164',
      [accountId],
    );
    return rows.map((row) => row.e164);
  }

  async addPhoneNumber(accountId: string, e164: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM phone_numbers WHERE account_id = $1',
        [accountId],
      );
      if (rows[0]!.count >= MAX_PHONE_NUMBERS)
        throw new PortvaktError('conflict', `At most ${MAX_PHONE_NUMBERS} phone numbers can be registered.`);
      await tx.query('INSERT INTO phone_numbers (account_id, e164) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        accountId,
        e164,
      ]);
    });
  }

  async removePhoneNumber(accountId: string, e164: string): Promise<boolean> {
    return (
      (await this.db.query('DELETE FROM phone_numbers WHERE account_id = $1 AND e164 = $2', [accountId, e164]))
        .rowCount > 0
    );
  }

  async authenticator(accountId: string): Promise<Authenticator | undefined> {
    const { rows } = await this.db.query<{ secret: string; last_used_step: string | null }>(
      "SELECT secret, last_used_step FROM credentials WHERE account_id = $1 AND type = 'totp'",
      [accountId],
    );
    const row = rows[0];
    return row
      ? {
          secret: this.sealer.open(row.secret),
          lastUsedStep: row.last_used_step === null ? undefined : Number(row.last_used_step),
        }
      : undefined;
  }

  async saveAuthenticator(accountId: string, secret: string, confirmedStep: number): Promise<void> {
    await this.db.query(
      `INSERT INTO credentials (account_id, type, secret, last_used_step) VALUES ($1, 'totp', $2, $3)
       ON CONFLICT (account_id, type) DO UPDATE SET secret = EXCLUDED.secret, last_used_step = EXCLUDED.last_used_step, updated_at = now()`,
      [accountId, this.sealer.seal(secret), confirmedStep],
    );
  }

  /** Records the time step a code was accepted for; false when it (or a later one) was used already. */
  async useAuthenticatorStep(accountId: string, step: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      "UPDATE credentials SET last_used_step = $2 WHERE account_id = $1 AND type = 'totp' AND (last_used_step IS NULL OR last_used_step < $2)",
      [accountId, step],
    );
    return rowCount > 0;
  }

  async removeAuthenticator(accountId: string): Promise<void> {
    await this.db.query("DELETE FROM credentials WHERE account_id = $1 AND type = 'totp'", [accountId]);
    await this.db.query('DELETE FROM recovery_codes WHERE account_id = $1', [accountId]);
  }

  /** What the account page shows of the factors beyond phone numbers, in one round trip. */
  async summary(accountId: string): Promise<{ authenticator: boolean; recoveryUnused: number }> {
    const { rows } = await this.db.query<{ authenticator: boolean; unused: number }>(
      `SELECT EXISTS (SELECT 1 FROM credentials WHERE account_id = $1 AND type = 'totp') AS authenticator,
         (SELECT count(*)::int FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL) AS unused`,
      [accountId],
    );
    return { authenticator: rows[0]!.authenticator, recoveryUnused: rows[0]!.unused };
  }

  /** Replaces the recovery codes with ten new ones, returned once and stored hashed. */
  async newRecoveryCodes(accountId: string, count = 10): Promise<string[]> {
    const codes = Array.from({ length: count }, () => {
      const raw = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM recovery_codes WHERE account_id = $1', [accountId]);
      for (const code of codes)
        await tx.query('INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)', [
          accountId,
          this.hash(code),
        ]);
    });
    return codes;
  }

  async useRecoveryCode(accountId: string, input: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE recovery_codes SET used_at = now() WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL',
      [accountId, this.hash(input)],
    );
    return rowCount > 0;
  }

  /** Recovery codes are 50 random bits, so a keyed hash is enough; attempts are rate limited. */
  private hash(code: string): string {
    const normalised = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
    return createHmac('sha256', this.hashKey).update(`recovery|${normalised}`).digest('base64url');
  }
}
