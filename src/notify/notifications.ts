// Notifications for one account and how each is delivered. The kinds that concern access to the
// account go at once; for news and reminders the person's preference decides:
//
//   always-sent kind ─────────────────────────────────────────▶ e-mailed now          sent
//   news | reminder ─┬─ account not active, or preference off ─▶ nothing              dropped
//                    ├─ immediately ───────────────────────────▶ e-mailed now          sent
//                    └─ weekly ────────────────────────────────▶ kept for the summary  queued
//   (no address, no e-mail configured, or a failed send: dropped; every outcome is audited)
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../adapters/database.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import type { AccountRepository } from '../accounts/repository.ts';
import type { Account } from '../accounts/types.ts';
import type { Config, Locale } from '../config/schema.ts';
import { isLocale } from '../i18n/translate.ts';
import type { AuditLog } from '../security/audit.ts';
import {
  isAlwaysSent,
  mayNotify,
  notificationEmail,
  type NotificationKind,
  type NotificationWords,
} from './lifecycle-emails.ts';
import type { Localised } from './render.ts';
import type { EmailSender } from './types.ts';

/** A text the same in every language, or one per language (the account's is picked). */
export type NotificationText = string | Localised;

export interface NewNotification {
  kind: NotificationKind;
  subject: NotificationText;
  text: NotificationText;
}

export type DropReason =
  'account_not_active' | 'preference_off' | 'no_address' | 'email_not_configured' | 'send_failed';

export type Delivery =
  | { outcome: 'sent'; id: string }
  | { outcome: 'queued'; id: string }
  | { outcome: 'dropped'; id: string; reason: DropReason };

export interface NotificationDeps {
  db: Database;
  accounts: AccountRepository;
  audit: AuditLog;
  senders: { email?: EmailSender | undefined };
  config: Config;
  logger: Logger;
  /** When a queued notification arrived; tests pass their own clock. */
  clock?: (() => Date) | undefined;
}

export class Notifications {
  constructor(private readonly deps: NotificationDeps) {}

  /** Delivers as the account's preference says; `by` is the client that sent it, for the audit. */
  async deliver(accountId: string, notification: NewNotification, by?: string): Promise<Delivery> {
    const account = await this.deps.accounts.findById(accountId);
    if (!account) throw new PortvaktError('not_found', `No account ${accountId}.`);
    const delivery = await this.route(account, notification, randomUUID());
    const failed = delivery.outcome === 'dropped' && delivery.reason === 'send_failed';
    await this.deps.audit.record({
      type: `notification.${delivery.outcome}`,
      outcome: failed ? 'failure' : delivery.outcome === 'sent' ? 'success' : 'info',
      accountId,
      clientId: by,
      detail: {
        id: delivery.id,
        kind: notification.kind,
        ...(delivery.outcome === 'dropped' ? { reason: delivery.reason } : {}),
      },
    });
    return delivery;
  }

  private async route(account: Account, notification: NewNotification, id: string): Promise<Delivery> {
    const { kind } = notification;
    if (!isAlwaysSent(kind)) {
      if (account.status !== 'active') return { outcome: 'dropped', id, reason: 'account_not_active' };
      if (account.notificationPreference === 'off') return { outcome: 'dropped', id, reason: 'preference_off' };
    }
    // Checked before queueing too: a summary that could never go out is not kept for a week.
    if (!account.email) return { outcome: 'dropped', id, reason: 'no_address' };
    const sender = this.deps.senders.email;
    if (!sender) return { outcome: 'dropped', id, reason: 'email_not_configured' };
    const locale = accountLocale(account, this.deps.config);
    const words = { subject: inLocale(notification.subject, locale), text: inLocale(notification.text, locale) };
    if (!isAlwaysSent(kind) && !mayNotify(account, kind)) {
      await this.deps.db.query(
        'INSERT INTO notifications (id, account_id, kind, subject, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, account.id, kind, words.subject, words.text, this.deps.clock?.() ?? new Date()],
      );
      return { outcome: 'queued', id };
    }
    const sent = await this.send(sender, account, locale, words, isAlwaysSent(kind));
    return sent ? { outcome: 'sent', id } : { outcome: 'dropped', id, reason: 'send_failed' };
  }

  private async send(
    sender: EmailSender,
    account: Account,
    locale: Locale,
    words: NotificationWords,
    always: boolean,
  ): Promise<boolean> {
    const email = notificationEmail(locale, words, { ...linksOf(this.deps.config), always });
    try {
      const result = await sender.send({ to: account.email!, ...email });
      if (!result.ok) this.deps.logger.warn({ err: result.error, accountId: account.id }, 'notification not delivered');
      return result.ok;
    } catch (error) {
      this.deps.logger.warn({ err: error, accountId: account.id }, 'notification failed');
      return false;
    }
  }
}

export function accountLocale(account: { locale: string | null }, config: Config): Locale {
  return account.locale && isLocale(account.locale) ? account.locale : config.locales.default;
}

/** The name the e-mails give the service, and the account page where the preference is changed. */
export function linksOf(config: Config): { service: string; accountUrl: string } {
  return { service: new URL(config.issuer).host, accountUrl: `${config.issuer}/account` };
}

function inLocale(text: NotificationText, locale: Locale): string {
  return typeof text === 'string' ? text : text[locale];
}
