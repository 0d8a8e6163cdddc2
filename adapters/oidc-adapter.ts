// oidc-provider's storage contract over SQL. Lookups by grant, uid and user code use indexed
// columns; a periodic sweep (see sweep.ts) removes what has expired.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from './database.ts';

export function sqlAdapterFactory(db: Database): (kind: string) => Adapter {
  return (kind) => new SqlAdapter(db, kind);
}

interface Row {
  payload: AdapterPayload;
  consumed_at: Date | string | null;
}

const LIVE = '(expires_at IS NULL OR expires_at > now())';

export class SqlAdapter implements Adapter {
  constructor(
    private readonly db: Database,
    private readonly kind: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    await this.db.query(
      `INSERT INTO oidc_payloads (kind, id, payload, grant_id, uid, user_code, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
       ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
         uid = EXCLUDED.uid, user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
      [this.kind, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresIn ? Math.ceil(expiresIn) : null],
    );
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findOne('id = $2', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findOne('uid = $2', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findOne('user_code = $2', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.db.query('UPDATE oidc_payloads SET consumed_at = now() WHERE kind = $1 AND id = $2', [this.kind, id]);
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM oidc_payloads WHERE kind = $1 AND id = $2', [this.kind, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Every token of a grant goes, whatever its kind: that is what revoking a grant means.
    await this.db.query('DELETE FROM oidc_payloads WHERE grant_id = $1', [grantId]);
  }

  private async findOne(where: string, value: string): Promise<AdapterPayload | undefined> {
    // PostgreSQL text cannot hold NUL; such an identifier cannot exist, so it is simply not found.
    if (typeof value !== 'string' || value.includes('\u0000')) return undefined;
    const { rows } = await this.db.query<Row>(
      `SELECT payload, consumed_at FROM oidc_payloads WHERE kind = $1 AND ${where} AND ${LIVE} LIMIT 1`,
      [this.kind, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.consumed_at ? { ...row.payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) } : row.payload;
  }
}
