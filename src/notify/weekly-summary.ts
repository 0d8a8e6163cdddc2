// The weekly summary. An account with `weekly` gets one e-mail listing everything that waited, once
// the oldest has waited SUMMARY_AFTER_DAYS. No weekday and no time zone: the rule reads the queue
// alone, and as a summary takes everything waiting, the next comes a week after the next arrival.
// Every instance runs the job; an account is claimed with FOR NO KEY UPDATE SKIP LOCKED and its
// rows are marked in the same transaction, so two instances at once send one summary, never two.
//
// At most once: the e-mail goes after the claim commits. A crash or a failed send in between loses
// that summary (a failed send is audited as a failure) rather than risk sending it twice.
//
// The preference at the time of the run decides: switched to `immediately`, what waited goes in one
// summary at the next run without waiting for the week; switched to `off` (or an account no longer
// active, or without an address), what waited is deleted and audited as dropped.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../adapters/database.ts';
import type { Config } from '../config/schema.ts';
import { DATE_LOCALES } from '../i18n/dates.ts';
import type { AuditLog } from '../security/audit.ts';
import { weeklySummaryEmail, type SwitchableKind } from './lifecycle-emails.ts';
import { accountLocale, linksOf } from './notifications.ts';
import type { EmailSender } from './types.ts';

export const SUMMARY_AFTER_DAYS = 7;
/** Claimed rows stay this long, so a summary's id in the audit log still names what it listed. */
const KEEP_DELIVERED_DAYS = 30;
const BATCH = 100;
const DAY = 86_400_000;

export interface WeeklySummaryDeps {
  db: Database;
  audit: AuditLog;
  senders: { email?: EmailSender | undefined };
  config: Config;
  logger: Logger;
}

export interface ClaimedSummary {
  summaryId: string;
  account: { id: string; email: string; locale: string | null; givenName: string | null; timeZone: string | null };
  /** Oldest first; empty where another instance claimed them first. */
  items: { id: string; kind: SwitchableKind; subject: string; text: string; createdAt: Date }[];
}

export interface SummaryRun {
  summaries: number;
  notifications: number;
  dropped: number;
}

/** One pass at the time `now` (tests pass their own clock); the SQL never reads the server's clock. */
export async function runWeeklySummary(deps: WeeklySummaryDeps, now: Date): Promise<SummaryRun> {
  const run: SummaryRun = { summaries: 0, notifications: 0, dropped: await dropUnwanted(deps) };
  // Without a mail server nothing is claimed: the queue waits for one rather than being lost.
  if (deps.senders.email) {
    const dueBefore = new Date(now.getTime() - SUMMARY_AFTER_DAYS * DAY);
    for (let claimed = BATCH; claimed === BATCH;) {
      const batch = await claimDueSummaries(deps.db, { now, dueBefore, limit: BATCH });
      for (const summary of batch.filter((claim) => claim.items.length > 0)) {
        await sendSummary(deps, summary);
        run.summaries += 1;
        run.notifications += summary.items.length;
      }
      claimed = batch.length;
    }
  }
  await deps.db.query('DELETE FROM notifications WHERE delivered_at <= $1', [
    new Date(now.getTime() - KEEP_DELIVERED_DAYS * DAY),
  ]);
  return run;
}

/** Runs the job every `everyMs` on this instance, never two passes at once; returns the stop function. */
export function startWeeklySummaryJob(deps: WeeklySummaryDeps, everyMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runWeeklySummary(deps, new Date())
      .then((run) => (run.summaries || run.dropped ? deps.logger.info(run, 'weekly summary job') : undefined))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'weekly summary job failed'))
      .finally(() => void (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Accounts owed a summary: `weekly` with a notification waiting since `$1`, or `immediately` with any. */
const SUMMARY_DUE = `a.status = 'active' AND a.email IS NOT NULL AND a.notification_preference IN ('weekly', 'immediately')
  AND EXISTS (SELECT 1 FROM notifications w WHERE w.account_id = a.id AND w.delivered_at IS NULL
    AND (a.notification_preference = 'immediately' OR w.created_at <= $1))`;

/**
 * Locks up to `limit` accounts owed a summary (skipping those another instance holds) and marks
 * their waiting rows delivered. The UPDATE asks again under its own snapshot, taken once the lock
 * is held: an account whose rows another instance took just before is found no longer owed.
 */
export async function claimDueSummaries(
  db: Database,
  at: { now: Date; dueBefore: Date; limit: number },
): Promise<ClaimedSummary[]> {
  return db.transaction(async (tx) => {
    const { rows: accounts } = await tx.query<AccountRow>(
      `SELECT a.id, a.email, a.locale, a.given_name, a.time_zone FROM accounts a WHERE ${SUMMARY_DUE}
       ORDER BY a.id LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED`,
      [at.dueBefore, at.limit],
    );
    if (accounts.length === 0) return [];
    const claims = accounts.map((account) => ({ account, summaryId: randomUUID() }));
    const { rows } = await tx.query<NotificationRow>(
      `UPDATE notifications n SET delivered_at = $2, summary_id = claim.summary_id
       FROM unnest($3::uuid[], $4::uuid[]) AS claim (account_id, summary_id), accounts a
       WHERE n.account_id = claim.account_id AND a.id = claim.account_id AND n.delivered_at IS NULL AND ${SUMMARY_DUE}
       RETURNING n.id, n.account_id, n.kind, n.subject, n.body, n.created_at`,
      [at.dueBefore, at.now, claims.map((claim) => claim.account.id), claims.map((claim) => claim.summaryId)],
    );
    return claims.map(({ account, summaryId }) => ({
      summaryId,
      account: {
        id: account.id,
        email: account.email,
        locale: account.locale,
        givenName: account.given_name,
        timeZone: account.time_zone,
      },
      items: rows
        .filter((row) => row.account_id === account.id)
        .map((row) => ({
          id: row.id,
          kind: row.kind,
          subject: row.subject,
          text: row.body,
          createdAt: new Date(row.created_at),
        }))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
    }));
  });
}

interface AccountRow {
  id: string;
  email: string;
  locale: string | null;
  given_name: string | null;
  time_zone: string | null;
}

interface NotificationRow {
  id: string;
  account_id: string;
  kind: SwitchableKind;
  subject: string;
  body: string;
  created_at: Date | string;
}

/** Deletes what waits for someone who no longer wants it, or can no longer get it; one event per account. */
async function dropUnwanted(deps: WeeklySummaryDeps): Promise<number> {
  const { rows } = await deps.db.query<{ account_id: string; reason: string }>(
    `DELETE FROM notifications n USING accounts a
     WHERE n.account_id = a.id AND n.delivered_at IS NULL
       AND (a.status <> 'active' OR a.notification_preference = 'off' OR a.email IS NULL)
     RETURNING n.account_id, CASE WHEN a.status <> 'active' THEN 'account_not_active'
       WHEN a.notification_preference = 'off' THEN 'preference_off' ELSE 'no_address' END AS reason`,
  );
  const byAccount = new Map<string, { reason: string; count: number }>();
  for (const row of rows)
    byAccount.set(row.account_id, { reason: row.reason, count: (byAccount.get(row.account_id)?.count ?? 0) + 1 });
  for (const [accountId, detail] of byAccount)
    await deps.audit.record({
      type: 'notification.dropped',
      outcome: 'info',
      accountId,
      detail: { ...detail, queued: true },
    });
  return rows.length;
}

async function sendSummary(deps: WeeklySummaryDeps, { summaryId, account, items }: ClaimedSummary): Promise<void> {
  const locale = accountLocale(account, deps.config);
  const dates = new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    dateStyle: 'medium',
    timeZone: account.timeZone ?? deps.config.accounts.defaultTimeZone,
  });
  const email = weeklySummaryEmail(
    locale,
    items.map((item) => ({ subject: item.subject, text: item.text, date: dates.format(item.createdAt) })),
    { name: account.givenName ?? account.email, ...linksOf(deps.config) },
  );
  let emailed = false;
  try {
    const result = await deps.senders.email!.send({ to: account.email, ...email });
    if (!result.ok) deps.logger.warn({ err: result.error, accountId: account.id }, 'weekly summary not delivered');
    emailed = result.ok;
  } catch (error) {
    deps.logger.warn({ err: error, accountId: account.id }, 'weekly summary failed');
  }
  await deps.audit.record({
    type: 'notification.summary_sent',
    outcome: emailed ? 'success' : 'failure',
    accountId: account.id,
    detail: { summaryId, count: items.length, ids: items.map((item) => item.id) },
  });
}
