// oidc-provider's storage contract over SQL. Lookups by grant, uid and user code use indexed
// columns; a periodic sweep (see sweep.ts) removes what has expired.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from './database.ts';

export function sqlAdapterFactory(db: Database): (kind: string) => Adapter {
  const finder = new BatchedFinder(db);
  return (kind) => new SqlAdapter(db, kind, finder);
}

/** Every client registered in storage (dynamic registration and the CLI), by id. */
export async function storedClients(db: Database): Promise<{ id: string; metadata: AdapterPayload }[]> {
  const { rows } = await db.query<{ id: string; payload: AdapterPayload }>(
    "SELECT id, payload FROM oidc_payloads WHERE kind = 'Client' ORDER BY id",
  );
  return rows.map((row) => ({ id: row.id, metadata: row.payload }));
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
    private readonly finder: BatchedFinder = new BatchedFinder(db),
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    await this.db.query(
      `INSERT INTO oidc_payloads (kind, id, payload, grant_id, uid, user_code, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
       ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
         uid = EXCLUDED.uid, user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
      [
        this.kind,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.uid ?? null,
        payload.userCode ?? null,
        expiresIn ? Math.ceil(expiresIn) : null,
      ],
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (typeof id !== 'string' || id.includes('\u0000')) return undefined;
    const row = await this.finder.find(this.kind, id);
    return row ? withConsumed(row) : undefined;
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
    return row ? withConsumed(row) : undefined;
  }
}

function withConsumed(row: Row): AdapterPayload {
  return row.consumed_at
    ? { ...row.payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) }
    : row.payload;
}

interface Wanted {
  kind: string;
  id: string;
  resolve: (row: Row | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Lookups by id asked for in the same turn of the event loop go to the database as one statement.
 * oidc-provider looks an opaque token up as every kind it might be at once (introspection and
 * revocation ask for an access token, a client-credentials token and a refresh token), which
 * would otherwise cost three round trips and three pooled connections for one request.
 */
export class BatchedFinder {
  #pending: Wanted[] = [];

  constructor(private readonly db: Database) {}

  find(kind: string, id: string): Promise<Row | undefined> {
    return new Promise((resolve, reject) => {
      // nextTick runs once the current microtasks are done, so finds started by one Promise.all
      // at different await depths still meet in the same batch.
      if (this.#pending.length === 0) process.nextTick(() => void this.#flush());
      this.#pending.push({ kind, id, resolve, reject });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    try {
      if (batch.length === 1) {
        const [only] = batch as [Wanted];
        const { rows } = await this.db.query<Row>(
          `SELECT payload, consumed_at FROM oidc_payloads WHERE kind = $1 AND id = $2 AND ${LIVE}`,
          [only.kind, only.id],
        );
        return only.resolve(rows[0]);
      }
      const { rows } = await this.db.query<Row & { kind: string; id: string }>(
        `SELECT kind, id, payload, consumed_at FROM oidc_payloads WHERE kind = ANY($1::text[]) AND id = ANY($2::text[]) AND ${LIVE}`,
        [[...new Set(batch.map((wanted) => wanted.kind))], [...new Set(batch.map((wanted) => wanted.id))]],
      );
      const found = new Map(rows.map((row) => [`${row.kind}\u0000${row.id}`, row]));
      const handedOut = new Set<Row>();
      for (const wanted of batch) {
        const row = found.get(`${wanted.kind}\u0000${wanted.id}`);
        // oidc-provider may change what it is given; two askers for one row each get their own.
        wanted.resolve(row && handedOut.has(row) ? structuredClone(row) : row);
        if (row) handedOut.add(row);
      }
    } catch (error) {
      for (const wanted of batch) wanted.reject(error);
    }
  }
}
