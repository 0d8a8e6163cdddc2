// Accounts nobody has used for a long time are switched off: first a warning e-mail, then, once
// the warning period has passed without a login, deactivation with a notice. Every instance runs
// the job; rows are claimed with one UPDATE … FOR UPDATE SKIP LOCKED each, so each e-mail goes once.
//
//   active ──(unused ≥ deactivateAfterDays − warnDaysBefore)──▶ warned ──(login)──▶ active
//      warned ──(unused ≥ deactivateAfterDays and warned ≥ warnDaysBefore ago)──▶ deactivated
import type { Logger } from 'pino';
import type { Database } from '../../adapters/database.ts';
import type { Config, Locale } from '../config/schema.ts';
import { DATE_LOCALES } from '../i18n/dates.ts';
import { isLocale } from '../i18n/translate.ts';
import { deactivatedEmail, deactivationWarningEmail } from '../notify/lifecycle-emails.ts';
import type { EmailSender } from '../notify/types.ts';
import type { AuditLog } from '../security/audit.ts';
import { supportContact } from './lifecycle-messages.ts';
import type { AccountRepository } from './repository.ts';

export interface InactivityDeps {
  db: Database;
  accounts: AccountRepository;
  audit: AuditLog;
  senders: { email?: EmailSender | undefined };
  config: Config;
  logger: Logger;
}

interface ClaimedRow {
  id: string;
  email: string | null;
  locale: string | null;
  given_name: string | null;
  time_zone: string | null;
}

const BATCH = 200;

/** One pass at the time `now` (tests pass their own clock); the SQL never reads the server's clock. */
export async function runInactivityJob(
  deps: InactivityDeps & { now: Date },
): Promise<{ warned: number; deactivated: number }> {
  const { deactivateAfterDays, warnDaysBefore } = deps.config.accounts.inactivity;
  let warned = 0;
  let deactivated = 0;
  for (
    let batch = await claimWarnings(deps, deactivateAfterDays - warnDaysBefore);
    batch.length > 0;
    batch = await claimWarnings(deps, deactivateAfterDays - warnDaysBefore)
  ) {
    for (const row of batch) await warn(deps, row, warnDaysBefore);
    warned += batch.length;
    if (batch.length < BATCH) break;
  }
  for (
    let batch = await claimDeactivations(deps, deactivateAfterDays, warnDaysBefore);
    batch.length > 0;
    batch = await claimDeactivations(deps, deactivateAfterDays, warnDaysBefore)
  ) {
    for (const row of batch) await notifyDeactivated(deps, row);
    deactivated += batch.length;
    if (batch.length < BATCH) break;
  }
  return { warned, deactivated };
}

/** Runs the job every `everyMs` on this instance, never two passes at once; returns the stop function. */
export function startInactivityJob(deps: InactivityDeps, everyMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runInactivityJob({ ...deps, now: new Date() })
      .then((result) => (result.warned || result.deactivated ? deps.logger.info(result, 'inactivity job') : undefined))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'inactivity job failed'))
      .finally(() => void (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Marks the warning as sent before sending: a failed e-mail still counts as the attempt. */
async function claimWarnings(deps: InactivityDeps & { now: Date }, afterDays: number): Promise<ClaimedRow[]> {
  const { rows } = await deps.db.query<ClaimedRow>(
    `UPDATE accounts SET deactivation_warned_at = $1
     WHERE id IN (
       SELECT id FROM accounts
       WHERE status = 'active' AND deactivation_warned_at IS NULL
         AND coalesce(last_login_at, created_at) <= $1::timestamptz - make_interval(days => $2::int)
       ORDER BY coalesce(last_login_at, created_at) LIMIT $3 FOR UPDATE SKIP LOCKED)
       AND status = 'active' AND deactivation_warned_at IS NULL
     RETURNING id, email, locale, given_name, time_zone`,
    [deps.now, afterDays, BATCH],
  );
  return rows;
}

/**
 * The same change as AccountRepository.setStatus, with the conditions in the same statement, so a
 * login between reading and writing (it clears the warning) keeps the account, and at the job's time.
 */
async function claimDeactivations(
  deps: InactivityDeps & { now: Date },
  afterDays: number,
  warnDays: number,
): Promise<ClaimedRow[]> {
  const { rows } = await deps.db.query<ClaimedRow>(
    `UPDATE accounts SET status = 'deactivated', deactivated_at = $1, deactivated_reason = 'inactivity',
       deactivation_warned_at = NULL, updated_at = $1
     WHERE id IN (
       SELECT id FROM accounts
       WHERE status = 'active'
         AND coalesce(last_login_at, created_at) <= $1::timestamptz - make_interval(days => $2::int)
         AND deactivation_warned_at <= $1::timestamptz - make_interval(days => $3::int)
       ORDER BY coalesce(last_login_at, created_at) LIMIT $4 FOR UPDATE SKIP LOCKED)
       AND status = 'active' AND deactivation_warned_at IS NOT NULL
     RETURNING id, email, locale, given_name, time_zone`,
    [deps.now, afterDays, warnDays, BATCH],
  );
  return rows;
}

async function warn(deps: InactivityDeps & { now: Date }, row: ClaimedRow, warnDays: number): Promise<void> {
  const locale = localeOf(deps, row);
  const date = new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    dateStyle: 'long',
    timeZone: row.time_zone ?? deps.config.accounts.defaultTimeZone,
  }).format(new Date(deps.now.getTime() + warnDays * 86_400_000));
  const emailed = await send(deps, row, () =>
    deactivationWarningEmail(locale, { name: nameOf(row), service: serviceName(deps), date, days: warnDays }),
  );
  await deps.audit.record({
    type: 'account.deactivation_warned',
    outcome: 'info',
    accountId: row.id,
    detail: { emailed },
  });
}

async function notifyDeactivated(deps: InactivityDeps, row: ClaimedRow): Promise<void> {
  const locale = localeOf(deps, row);
  const emailed = await send(deps, row, () =>
    deactivatedEmail(locale, {
      name: nameOf(row),
      service: serviceName(deps),
      contact: supportContact(locale, deps.config.accounts),
    }),
  );
  await deps.audit.record({
    type: 'account.deactivated',
    outcome: 'success',
    accountId: row.id,
    detail: { reason: 'inactivity', emailed },
  });
}

async function send(
  deps: InactivityDeps,
  row: ClaimedRow,
  render: () => { subject: string; text: string; html: string },
): Promise<boolean> {
  if (!row.email || !deps.senders.email) return false;
  try {
    const result = await deps.senders.email.send({ to: row.email, ...render() });
    if (!result.ok) deps.logger.warn({ err: result.error, accountId: row.id }, 'inactivity e-mail not delivered');
    return result.ok;
  } catch (error) {
    deps.logger.warn({ err: error, accountId: row.id }, 'inactivity e-mail failed');
    return false;
  }
}

function localeOf(deps: InactivityDeps, row: ClaimedRow): Locale {
  return row.locale && isLocale(row.locale) ? row.locale : deps.config.locales.default;
}

function nameOf(row: ClaimedRow): string {
  return row.given_name ?? row.email ?? '';
}

function serviceName(deps: InactivityDeps): string {
  return new URL(deps.config.issuer).host;
}
