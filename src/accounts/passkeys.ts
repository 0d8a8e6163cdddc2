// The passkeys an account holds: what verification needs (public key, counter) and what the person
// and the browser need to tell them apart (name, transports, AAGUID, when made and last used).
import type { Database, Queryable } from '../../adapters/database.ts';

export const MAX_PASSKEYS = 10;
export const PASSKEY_NAME_MAX = 60;

export type PasskeyDeviceType = 'singleDevice' | 'multiDevice';

export interface Passkey {
  credentialId: string;
  accountId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  aaguid: string;
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export type NewPasskey = Omit<Passkey, 'createdAt' | 'lastUsedAt'>;

interface Row {
  credential_id: string;
  account_id: string;
  public_key: Uint8Array;
  counter: string | number;
  transports: string[];
  aaguid: string;
  device_type: PasskeyDeviceType;
  backed_up: boolean;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

function fromRow(row: Row): Passkey {
  return {
    credentialId: row.credential_id,
    accountId: row.account_id,
    publicKey: new Uint8Array(row.public_key),
    counter: Number(row.counter),
    transports: row.transports,
    aaguid: row.aaguid,
    deviceType: row.device_type,
    backedUp: row.backed_up,
    name: row.name,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
  };
}

export class Passkeys {
  constructor(private readonly db: Database) {}

  async list(accountId: string): Promise<Passkey[]> {
    const { rows } = await this.db.query<Row>(
      'SELECT * FROM passkeys WHERE account_id = $1 ORDER BY created_at, credential_id',
      [accountId],
    );
    return rows.map(fromRow);
  }

  async count(accountId: string): Promise<number> {
    const { rows } = await this.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM passkeys WHERE account_id = $1',
      [accountId],
    );
    return rows[0]!.count;
  }

  async find(credentialId: string): Promise<Passkey | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM passkeys WHERE credential_id = $1', [credentialId]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** False when the account already holds the most it may, or the credential is registered already. */
  async add(passkey: NewPasskey, tx: Queryable = this.db): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO passkeys (credential_id, account_id, public_key, counter, transports, aaguid, device_type, backed_up, name)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
       WHERE (SELECT count(*) FROM passkeys WHERE account_id = $2) < $10
       ON CONFLICT (credential_id) DO NOTHING`,
      [
        passkey.credentialId,
        passkey.accountId,
        passkey.publicKey,
        passkey.counter,
        JSON.stringify(passkey.transports),
        passkey.aaguid,
        passkey.deviceType,
        passkey.backedUp,
        passkey.name,
        MAX_PASSKEYS,
      ],
    );
    return rowCount > 0;
  }

  /**
   * Records a use. The counter must move forward, unless the authenticator keeps none (synced
   * passkeys report 0 every time); false means another answer got there first, or a clone.
   */
  async recordUse(credentialId: string, seen: number, newCounter: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE passkeys SET counter = $3, last_used_at = now()
       WHERE credential_id = $1 AND counter = $2 AND ($3 > counter OR ($3 = 0 AND counter = 0))`,
      [credentialId, seen, newCounter],
    );
    return rowCount > 0;
  }

  async rename(accountId: string, credentialId: string, name: string): Promise<boolean> {
    return (
      (
        await this.db.query('UPDATE passkeys SET name = $3 WHERE account_id = $1 AND credential_id = $2', [
          accountId,
          credentialId,
          name,
        ])
      ).rowCount > 0
    );
  }

  /** The removed passkey's name, or undefined when the account holds no such passkey. */
  async remove(accountId: string, credentialId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ name: string }>(
      'DELETE FROM passkeys WHERE account_id = $1 AND credential_id = $2 RETURNING name',
      [accountId, credentialId],
    );
    return rows[0]?.name;
  }

  /** The operator's reset: every passkey of the account goes; returns how many. */
  async removeAll(accountId: string): Promise<number> {
    return (await this.db.query('DELETE FROM passkeys WHERE account_id = $1', [accountId])).rowCount;
  }
}

/** A name the person typed: trimmed, single-spaced, without control characters, at most PASSKEY_NAME_MAX long. */
export function cleanPasskeyName(input: string): string {
  return input
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, PASSKEY_NAME_MAX);
}
