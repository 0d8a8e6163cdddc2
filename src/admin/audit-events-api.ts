// GET /admin/v1/audit-events: the audit log, newest first, a page at a time. The cursor names the
// last event of a page, so events recorded meanwhile never shift the pages that follow. Details
// are shown as the log stores them, identity numbers already masked.
import type Router from '@koa/router';
import { z } from 'zod';
import type { AuditLog, AuditType, StoredAuditEvent } from '../security/audit.ts';

const CURSOR_PREFIX = 'ae1.';

const cursor = z
  .string()
  .max(100)
  .transform((value, ctx) => {
    const decoded = value.startsWith(CURSOR_PREFIX)
      ? Buffer.from(value.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8')
      : '';
    if (/^[1-9]\d{0,15}$/.test(decoded)) return Number(decoded);
    ctx.addIssue({ code: 'custom', message: 'not a cursor this API handed out; use next_cursor as given' });
    return z.NEVER;
  });

const instant = z.iso.datetime({ offset: true, message: 'expected a date-time such as 2026-01-31T12:00:00Z' });

const listQuery = z
  .object({
    accountId: z.uuid().optional(),
    clientId: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only')
      .optional(),
    type: z
      .string()
      .max(64)
      .regex(/^[a-z_]+(\.[a-z_]+)+$/, 'expected an event type such as login.password')
      .transform((value) => value as AuditType)
      .optional(),
    from: instant.transform((value) => new Date(value)).optional(),
    to: instant.transform((value) => new Date(value)).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: cursor.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'from must not be later than to',
    path: ['from'],
  });

export function mountAuditEventsApi(router: Router, audit: AuditLog): void {
  router.get('/audit-events', async (ctx) => {
    const query = listQuery.parse(ctx.query);
    // One more than the page holds says whether another page follows.
    const found = await audit.find({
      type: query.type,
      accountId: query.accountId,
      clientId: query.clientId,
      beforeId: query.cursor,
      from: query.from,
      to: query.to,
      latest: query.limit + 1,
    });
    const page: StoredAuditEvent[] = found.slice(0, query.limit);
    const more = found.length > query.limit;
    const last = page.at(-1);
    ctx.body = {
      events: page.map(auditEventView),
      next_cursor: more && last ? CURSOR_PREFIX + Buffer.from(String(last.id)).toString('base64url') : null,
    };
  });
}

function auditEventView(event: StoredAuditEvent) {
  return {
    id: event.id,
    at: event.at.toISOString(),
    type: event.type,
    outcome: event.outcome,
    account_id: event.accountId ?? null,
    client_id: event.clientId ?? null,
    ip: event.ip ?? null,
    detail: event.detail,
  };
}
