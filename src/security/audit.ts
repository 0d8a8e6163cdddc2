// One audit event for every security decision. Events go to the database (for investigation) and
// to the log (for alerting); identity numbers in the detail are masked before either.
import type { Logger } from 'pino';
import type { Queryable } from '../../adapters/database.ts';
import { maskPersonalNumber } from '../accounts/personnummer.ts';
import { maskNorwegianId } from '../accounts/fodselsnummer.ts';

export type AuditType =
  | 'password.reset_requested'
  | 'privacy.accepted'
  | 'login.password'
  | 'login.eid'
  | 'login.step_up'
  | 'login.second_factor'
  | 'code.sent'
  | 'totp.enrolled'
  | 'totp.removed'
  | 'passkey.added'
  | 'passkey.removed'
  | 'passkey.renamed'
  | 'login.passkey'
  | 'account.phone_changed'
  | 'account.unlocked'
  | 'login.finished'
  | 'login.aborted'
  | 'account.locked'
  | 'rate.limited'
  | 'csrf.rejected'
  | 'consent.given'
  | 'account.created'
  | 'account.password_set'
  | 'client.registered'
  | 'client.updated'
  | 'client.removed'
  | 'client.secret_rotated'
  | 'keys.rotated'
  | 'logout'
  | 'login.upstream'
  | 'account.linked'
  | 'logout.upstream'
  | 'account.registered'
  | 'account.registration_refused'
  | 'account.activated'
  | 'account.updated'
  | 'account.deactivation_warned'
  | 'account.deactivated'
  | 'account.reactivated'
  | 'account.reactivation_refused'
  | 'account.merged'
  | 'account.claim_declined'
  | 'account.ambiguous_identity'
  | 'account.exported'
  | 'account.deleted'
  | 'account.change_notified'
  | 'account.change_undone'
  | 'account.guessing_notified'
  | 'invitation.created'
  | 'invitation.resent'
  | 'invitation.revoked'
  | 'invitation.code_sent'
  | 'invitation.code_failed'
  | 'invitation.accepted'
  | 'notification.sent'
  | 'notification.queued'
  | 'notification.dropped'
  | 'notification.summary_sent'
  | 'admin.refused'
  | 'admin.call';

export interface AuditEvent {
  type: AuditType;
  outcome: 'success' | 'failure' | 'info';
  accountId?: string | undefined;
  clientId?: string | undefined;
  ip?: string | undefined;
  detail?: Record<string, unknown>;
}

/** An event as stored: masked detail, with its id and time. */
export interface StoredAuditEvent {
  id: number;
  at: Date;
  type: AuditType;
  outcome: AuditEvent['outcome'];
  accountId: string | undefined;
  clientId: string | undefined;
  ip: string | undefined;
  detail: Record<string, unknown>;
}

/** Which events to read; every field narrows, and none reads the newest first. */
export interface AuditQuery {
  type?: AuditType | readonly AuditType[] | undefined;
  outcome?: AuditEvent['outcome'] | undefined;
  accountId?: string | undefined;
  clientId?: string | undefined;
  /** Only events recorded before this one (by id): a page that ended there goes on from it. */
  beforeId?: number | undefined;
  /** Only events recorded at or after this time, and at or before `to`. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** The newest events, newest first, at most this many; without it every match, oldest first. */
  latest?: number | undefined;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  find(query: AuditQuery): Promise<StoredAuditEvent[]>;
}

interface AuditRow {
  id: string | number;
  at: Date | string;
  type: AuditType;
  outcome: AuditEvent['outcome'];
  account_id: string | null;
  client_id: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

export function createAuditLog(db: Queryable, logger: Logger): AuditLog {
  return {
    async record(event) {
      const detail = maskIdentityNumbers(event.detail ?? {});
      logger.info({ audit: { ...event, detail: withoutEvidence(detail) } }, `audit ${event.type} ${event.outcome}`);
      await db.query(
        'INSERT INTO audit_events (type, outcome, account_id, client_id, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)',
        [
          event.type,
          event.outcome,
          event.accountId ?? null,
          event.clientId ?? null,
          event.ip ?? null,
          JSON.stringify(detail),
        ],
      );
    },

    async find(query) {
      const types = query.type === undefined ? null : typeof query.type === 'string' ? [query.type] : [...query.type];
      const { rows } = await db.query<AuditRow>(
        `SELECT id, at, type, outcome, account_id, client_id, ip, detail FROM audit_events
         WHERE ($1::text[] IS NULL OR type = ANY($1::text[])) AND ($2::text IS NULL OR outcome = $2)
           AND ($3::uuid IS NULL OR account_id = $3) AND ($4::text IS NULL OR client_id = $4)
           AND ($6::bigint IS NULL OR id < $6) AND ($7::timestamptz IS NULL OR at >= $7)
           AND ($8::timestamptz IS NULL OR at <= $8)
         ORDER BY CASE WHEN $5::int IS NULL THEN id END ASC, id DESC
         LIMIT $5`,
        [
          types,
          query.outcome ?? null,
          query.accountId ?? null,
          query.clientId ?? null,
          query.latest ?? null,
          query.beforeId ?? null,
          query.from?.toISOString() ?? null,
          query.to?.toISOString() ?? null,
        ],
      );
      return rows.map((row) => ({
        id: Number(row.id),
        at: new Date(row.at),
        type: row.type,
        outcome: row.outcome,
        accountId: row.account_id ?? undefined,
        clientId: row.client_id ?? undefined,
        ip: row.ip ?? undefined,
        detail: row.detail,
      }));
    },
  };
}

/**
 * What an eID service proved (BankID's signature and OCSP response, Freja's signed result) is kept
 * with the stored event only: a real user certificate carries the personnummer in clear inside
 * that base64, where no masking of the log line would find it.
 */
const EVIDENCE_KEYS = new Set(['signature', 'ocspResponse', 'details']);

function withoutEvidence(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [key, EVIDENCE_KEYS.has(key) ? '[kept in the audit table]' : value]),
  );
}

/**
 * Identity numbers masked, and NUL characters (which PostgreSQL's jsonb refuses) replaced, so any
 * value a hostile request carries, such as an id in a path, can be recorded.
 */
function maskIdentityNumbers(detail: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(detail, (_key, value: unknown) => {
      if (typeof value !== 'string') return value;
      if (/^\d{12}$/.test(value)) return maskPersonalNumber(value);
      if (/^\d{11}$/.test(value)) return maskNorwegianId(value);
      return value.replaceAll('\u0000', '\ufffd');
    }),
  ) as Record<string, unknown>;
}
