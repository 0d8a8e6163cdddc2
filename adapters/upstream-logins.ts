// What staff logins through upstream identity providers keep between requests: round trips bound
// to the interaction, the SAML replay store, upstream sessions for single logout, and logouts
// waiting for the IdP's answer. Secrets and verified answers are sealed before they are stored.
import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';
import type { Sealer } from '../kernel/sealing.ts';

export interface UpstreamSession {
  id: string;
  method: string;
  issuer: string;
  nameId: string;
  nameIdFormat: string | undefined;
  sessionIndex: string | undefined;
  accountId: string;
  sessionUid: string | undefined;
}

interface SessionRow {
  id: string;
  method: string;
  issuer: string;
  name_id: string;
  name_id_format: string | null;
  session_index: string | null;
  account_id: string;
  session_uid: string | null;
}

export class UpstreamLogins {
  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
  ) {}

  /** Starts (or restarts) the round trip of one interaction to one upstream provider. */
  async begin(
    input: { uid: string; method: string; relayState?: string; secrets: unknown },
    lifetimeSeconds: number,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO upstream_round_trips (uid, method, stage, relay_state, secrets, result, expires_at)
       VALUES ($1, $2, 'sent', $3, $4, NULL, now() + make_interval(secs => $5))
       ON CONFLICT (uid, method) DO UPDATE SET stage = 'sent', relay_state = EXCLUDED.relay_state, secrets = EXCLUDED.secrets,
         result = NULL, expires_at = EXCLUDED.expires_at`,
      [input.uid, input.method, input.relayState ?? null, this.seal(input.secrets), lifetimeSeconds],
    );
  }

  /** Claims a sent round trip by its RelayState, once: a second answer finds nothing. */
  async claimByRelayState<T>(relayState: string, method: string): Promise<{ uid: string; secrets: T } | undefined> {
    const { rows } = await this.db.query<{ uid: string; secrets: string }>(
      `UPDATE upstream_round_trips SET stage = 'answered', relay_state = NULL
        WHERE relay_state = $1 AND method = $2 AND stage = 'sent' AND expires_at > now() RETURNING uid, secrets`,
      [relayState, method],
    );
    const row = rows[0];
    return row ? { uid: row.uid, secrets: this.open<T>(row.secrets) } : undefined;
  }

  /** Claims a sent round trip by its interaction, once (the OIDC callback, whose state is the uid). */
  async claim<T>(uid: string, method: string): Promise<T | undefined> {
    const { rows } = await this.db.query<{ secrets: string }>(
      "DELETE FROM upstream_round_trips WHERE uid = $1 AND method = $2 AND stage = 'sent' AND expires_at > now() RETURNING secrets",
      [uid, method],
    );
    return rows[0] ? this.open<T>(rows[0].secrets) : undefined;
  }

  /** Keeps the verified answer (or the reason it was refused) for the browser's next request. */
  async answer(uid: string, method: string, result: unknown): Promise<void> {
    await this.db.query(
      "UPDATE upstream_round_trips SET result = $3 WHERE uid = $1 AND method = $2 AND stage = 'answered'",
      [uid, method, this.seal(result)],
    );
  }

  /** Reads the answer and removes it, so one answer finishes at most one login. */
  async takeAnswer<T>(uid: string, method: string): Promise<T | undefined> {
    return this.take<T>(uid, method, 'answered');
  }

  /** Keeps a verified person who must prove an existing account before the link is made. */
  async holdForLink(uid: string, method: string, pending: unknown, lifetimeSeconds: number): Promise<void> {
    await this.db.query(
      `INSERT INTO upstream_round_trips (uid, method, stage, result, expires_at) VALUES ($1, $2, 'linking', $3, now() + make_interval(secs => $4))
       ON CONFLICT (uid, method) DO UPDATE SET stage = 'linking', relay_state = NULL, secrets = NULL, result = EXCLUDED.result, expires_at = EXCLUDED.expires_at`,
      [uid, method, this.seal(pending), lifetimeSeconds],
    );
  }

  async findLink<T>(uid: string, method: string): Promise<T | undefined> {
    const { rows } = await this.db.query<{ result: string }>(
      "SELECT result FROM upstream_round_trips WHERE uid = $1 AND method = $2 AND stage = 'linking' AND expires_at > now()",
      [uid, method],
    );
    return rows[0] ? this.open<T>(rows[0].result) : undefined;
  }

  async takeLink<T>(uid: string, method: string): Promise<T | undefined> {
    return this.take<T>(uid, method, 'linking');
  }

  /**
   * Records a verified assertion id. False when the IdP's assertion was seen before: a replay.
   * Kept until the assertion would have expired, after which it is refused for its age anyway.
   */
  async firstUse(issuer: string, assertionId: string, expiresAt: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'INSERT INTO upstream_assertions (issuer, assertion_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [issuer, assertionId, expiresAt.toISOString()],
    );
    return rowCount > 0;
  }

  /**
   * Adds an upstream subject to an existing account. False when the subject already belongs to
   * an account: (issuer, subject) is unique, so one IdP's person maps to one account.
   */
  async linkSubject(accountId: string, issuer: string, subject: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      "INSERT INTO identities (account_id, type, issuer, value, verified) VALUES ($1, 'upstream_subject', $2, $3, true) ON CONFLICT DO NOTHING",
      [accountId, issuer, subject.trim()],
    );
    return rowCount > 0;
  }

  async recordSession(
    session: Omit<UpstreamSession, 'id' | 'sessionUid'> & { interactionUid: string },
    lifetimeSeconds: number,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO upstream_sessions (id, method, issuer, name_id, name_id_format, session_index, account_id, interaction_uid, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9))`,
      [
        randomUUID(),
        session.method,
        session.issuer,
        session.nameId,
        session.nameIdFormat ?? null,
        session.sessionIndex ?? null,
        session.accountId,
        session.interactionUid,
        lifetimeSeconds,
      ],
    );
  }

  /** Ties the upstream session of a finished login to the Portvakt session it produced. */
  async bindSession(interactionUid: string, accountId: string, sessionUid: string): Promise<void> {
    await this.db.query(
      'UPDATE upstream_sessions SET session_uid = $3 WHERE interaction_uid = $1 AND account_id = $2 AND session_uid IS NULL',
      [interactionUid, accountId, sessionUid],
    );
  }

  async sessionsOf(sessionUid: string): Promise<UpstreamSession[]> {
    return this.sessions('session_uid = $1', [sessionUid]);
  }

  /** The sessions an IdP's logout request names: its subject, narrowed to one session index if given. */
  async sessionsFor(
    method: string,
    issuer: string,
    nameId: string,
    sessionIndex: string | undefined,
  ): Promise<UpstreamSession[]> {
    return sessionIndex === undefined
      ? this.sessions('method = $1 AND issuer = $2 AND name_id = $3', [method, issuer, nameId])
      : this.sessions('method = $1 AND issuer = $2 AND name_id = $3 AND session_index = $4', [
          method,
          issuer,
          nameId,
          sessionIndex,
        ]);
  }

  async endSession(id: string): Promise<void> {
    await this.db.query('DELETE FROM upstream_sessions WHERE id = $1', [id]);
  }

  async beginLogout(
    input: { relayState: string; method: string; requestId: string; returnTo: string },
    lifetimeSeconds: number,
  ): Promise<void> {
    await this.db.query(
      'INSERT INTO upstream_logouts (relay_state, method, request_id, return_to, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))',
      [input.relayState, input.method, input.requestId, input.returnTo, lifetimeSeconds],
    );
  }

  async takeLogout(relayState: string, method: string): Promise<{ requestId: string; returnTo: string } | undefined> {
    const { rows } = await this.db.query<{ request_id: string; return_to: string }>(
      'DELETE FROM upstream_logouts WHERE relay_state = $1 AND method = $2 AND expires_at > now() RETURNING request_id, return_to',
      [relayState, method],
    );
    return rows[0] ? { requestId: rows[0].request_id, returnTo: rows[0].return_to } : undefined;
  }

  private async take<T>(uid: string, method: string, stage: 'answered' | 'linking'): Promise<T | undefined> {
    const { rows } = await this.db.query<{ result: string | null }>(
      'DELETE FROM upstream_round_trips WHERE uid = $1 AND method = $2 AND stage = $3 AND expires_at > now() RETURNING result',
      [uid, method, stage],
    );
    const sealed = rows[0]?.result;
    return sealed ? this.open<T>(sealed) : undefined;
  }

  private async sessions(where: string, params: unknown[]): Promise<UpstreamSession[]> {
    const { rows } = await this.db.query<SessionRow>(
      `SELECT * FROM upstream_sessions WHERE ${where} AND expires_at > now() ORDER BY id`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      method: row.method,
      issuer: row.issuer,
      nameId: row.name_id,
      nameIdFormat: row.name_id_format ?? undefined,
      sessionIndex: row.session_index ?? undefined,
      accountId: row.account_id,
      sessionUid: row.session_uid ?? undefined,
    }));
  }

  private seal(value: unknown): string {
    return this.sealer.seal(JSON.stringify(value));
  }

  private open<T>(sealed: string): T {
    return JSON.parse(this.sealer.open(sealed)) as T;
  }
}
