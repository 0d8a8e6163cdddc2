// Signing keys: generated on first start, kept encrypted in the database, rotated on request.
//
//   next ──rotate──▶ active ──rotate──▶ retired ──(every token it signed has expired)──▶ deleted
//
// The next key is published in JWKS before it signs, so relying parties and other instances
// already trust it when a rotation promotes it. oidc-provider signs with the first key of an
// algorithm in its key set, so active keys are listed first.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Database } from '../../adapters/database.ts';
import type { Sealer } from '../../kernel/sealing.ts';

/** RS256 and ES256 sign; RSA-OAEP decrypts what relying parties encrypt to Portvakt (request objects). */
export const KEY_ALGORITHMS = ['RS256', 'ES256', 'RSA-OAEP'] as const;
export type SigningAlgorithm = (typeof KEY_ALGORITHMS)[number];
type KeyState = 'next' | 'active' | 'retired';

export interface SigningKeyInfo {
  kid: string;
  alg: SigningAlgorithm;
  state: KeyState;
  createdAt: Date;
  expiresAt: Date | null;
}

const STATE_ORDER = "CASE state WHEN 'active' THEN 0 WHEN 'next' THEN 1 ELSE 2 END";

export class SigningKeys {
  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
  ) {}

  /** Makes sure every algorithm has an active and a next key; returns how many were created. */
  async ensure(): Promise<number> {
    let created = 0;
    for (const alg of KEY_ALGORITHMS) {
      const { rows } = await this.db.query<{ state: KeyState }>(
        "SELECT state FROM signing_keys WHERE alg = $1 AND state IN ('active', 'next')",
        [alg],
      );
      for (const state of ['active', 'next'] as const) {
        if (!rows.some((row) => row.state === state)) {
          await this.insert(alg, state);
          created += 1;
        }
      }
    }
    return created;
  }

  /** The private key set for oidc-provider: active first, then next, then retired. */
  async privateJwks(): Promise<{ keys: JWK[] }> {
    const { rows } = await this.db.query<{ private_jwk: string }>(
      `SELECT private_jwk FROM signing_keys WHERE expires_at IS NULL OR expires_at > now() ORDER BY ${STATE_ORDER}, created_at DESC`,
    );
    return { keys: rows.map((row) => JSON.parse(this.sealer.open(row.private_jwk)) as JWK) };
  }

  async list(): Promise<SigningKeyInfo[]> {
    const { rows } = await this.db.query<{
      kid: string;
      alg: SigningAlgorithm;
      state: KeyState;
      created_at: Date;
      expires_at: Date | null;
    }>(
      `SELECT kid, alg, state, created_at, expires_at FROM signing_keys ORDER BY alg, ${STATE_ORDER}, created_at DESC`,
    );
    return rows.map((row) => ({
      kid: row.kid,
      alg: row.alg,
      state: row.state,
      createdAt: new Date(row.created_at),
      expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    }));
  }

  /**
   * Promotes each algorithm's next key, retires the active one until `retainSeconds` from now
   * (the longest lifetime of anything it signed), and creates a new next key.
   */
  async rotate(retainSeconds: number): Promise<void> {
    await this.ensure();
    const fresh = await Promise.all(KEY_ALGORITHMS.map(async (alg) => ({ alg, sealed: await this.generate(alg) })));
    await this.db.transaction(async (tx) => {
      for (const { alg, sealed } of fresh) {
        await tx.query(
          "UPDATE signing_keys SET state = 'retired', retired_at = now(), expires_at = now() + make_interval(secs => $2) WHERE alg = $1 AND state = 'active'",
          [alg, retainSeconds],
        );
        await tx.query(
          "UPDATE signing_keys SET state = 'active', activated_at = now() WHERE alg = $1 AND state = 'next'",
          [alg],
        );
        await tx.query("INSERT INTO signing_keys (kid, alg, state, private_jwk) VALUES ($1, $2, 'next', $3)", [
          sealed.kid,
          alg,
          sealed.value,
        ]);
      }
    });
  }

  private async insert(alg: SigningAlgorithm, state: KeyState): Promise<void> {
    const sealed = await this.generate(alg);
    await this.db.query(
      `INSERT INTO signing_keys (kid, alg, state, private_jwk, activated_at) VALUES ($1, $2, $3, $4, CASE WHEN $3 = 'active' THEN now() END)`,
      [sealed.kid, alg, state, sealed.value],
    );
  }

  private async generate(alg: SigningAlgorithm): Promise<{ kid: string; value: string }> {
    const { privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'ES256' ? {} : { modulusLength: 2048 }),
    });
    const kid = randomUUID();
    // The decryption key names no alg, so it serves RSA-OAEP and RSA-OAEP-256 alike.
    const jwk =
      alg === 'RSA-OAEP'
        ? { ...(await exportJWK(privateKey)), kid, use: 'enc' }
        : { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
    return { kid, value: this.sealer.seal(JSON.stringify(jwk)) };
  }
}
