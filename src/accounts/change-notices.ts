// Tells the person of every change to how one gets into their account, at every address and
// number it has (and the one just removed), with a one-time link that undoes the change and ends
// every session. Whoever took over one way in cannot quietly add another: the owner hears of it
// wherever they still read, and one click throws the intruder out.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { endAccountSessions } from '../../adapters/account-sessions.ts';
import type { Database } from '../../adapters/database.ts';
import type { Locale } from '../config/schema.ts';
import { changeEmail, changeSms, type ChangeKind } from '../notify/change-emails.ts';
import { maskPhoneNumber } from '../notify/phone.ts';
import type { EmailSender, SmsSender } from '../notify/types.ts';
import type { AuditLog } from '../security/audit.ts';
import type { AccountRepository } from './repository.ts';
import type { Passkeys } from './passkeys.ts';
import type { SecondFactors } from './second-factors.ts';
import type { Account } from './types.ts';

export type { ChangeKind } from '../notify/change-emails.ts';

const UNDO_DAYS = 14;

export interface AccountChange {
  kind: ChangeKind;
  /** The e-mail address or E.164 number added or removed, or the passkey's name: what the notice shows. */
  value?: string | undefined;
  /** What the undo acts on where the notice shows something else (a passkey's credential id). */
  ref?: string | undefined;
}

export interface ChangeNoticeDeps {
  db: Database;
  codeKey: string;
  issuer: string;
  defaultLocale: Locale;
  accounts: AccountRepository;
  secondFactors: SecondFactors;
  passkeys: Passkeys;
  senders: { email?: EmailSender | undefined; sms?: SmsSender | undefined };
  audit: AuditLog;
}

export type UndoResult =
  { kind: 'undone'; accountId: string; change: AccountChange; sessionsEnded: number } | { kind: 'unusable' };

export class ChangeNotices {
  constructor(private readonly deps: ChangeNoticeDeps) {}

  /** Records the change and tells every address and number; a failed send is audited, never thrown. */
  async tell(accountId: string, change: AccountChange, context: { ip?: string | undefined } = {}): Promise<void> {
    const { db, accounts, secondFactors } = this.deps;
    const account = await accounts.findById(accountId);
    if (!account) return;
    const token = randomBytes(32).toString('base64url');
    await db.query(
      `INSERT INTO account_changes (id, account_id, kind, value, ref, undo_hash, expires_at) VALUES ($1, $2, $3, $4, $7, $5, now() + make_interval(days => $6))`,
      [randomUUID(), accountId, change.kind, change.value ?? null, this.undoHash(token), UNDO_DAYS, change.ref ?? null],
    );
    const locale = (account.locale as Locale | null) ?? this.deps.defaultLocale;
    const values = {
      kind: change.kind,
      value: change.kind.startsWith('phone_') && change.value ? maskPhoneNumber(change.value) : change.value,
      service: new URL(this.deps.issuer).host,
      time: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      link: `${this.deps.issuer}/account/undo/${token}`,
      days: UNDO_DAYS,
    };
    const addresses = new Set(emailsOf(account));
    if (change.kind === 'email_removed' && change.value) addresses.add(change.value);
    const numbers = new Set(await secondFactors.phoneNumbers(accountId));
    if (change.kind === 'phone_removed' && change.value) numbers.add(change.value);
    const sent: string[] = [];
    const failed: string[] = [];
    const { email, sms } = this.deps.senders;
    for (const to of email ? addresses : []) {
      const result = await email!.send({ to, ...changeEmail(locale, values) });
      (result.ok ? sent : failed).push('email');
    }
    for (const to of sms ? numbers : []) {
      const result = await sms!.send({ to, body: changeSms(locale, values) });
      (result.ok ? sent : failed).push('sms');
    }
    await this.deps.audit.record({
      type: 'account.change_notified',
      outcome: failed.length === 0 && sent.length > 0 ? 'success' : 'failure',
      accountId,
      ip: context.ip,
      detail: { change: change.kind, sent: sent.length, failed: failed.length },
    });
  }

  /** Whether the link is one that would still undo something, without using it (the confirmation page). */
  async usable(token: string): Promise<boolean> {
    const { rowCount } = await this.deps.db.query(
      'SELECT 1 FROM account_changes WHERE undo_hash = $1 AND undone_at IS NULL AND expires_at > now()',
      [this.undoHash(token)],
    );
    return rowCount > 0;
  }

  /**
   * Undoes the change once: an added address, number, authenticator or passkey goes, a removed address or
   * number comes back, and every session, grant and token of the account ends. A password or a
   * merge cannot be taken back; for them the link ends the sessions, and the person resets the
   * password.
   */
  async undo(token: string, context: { ip?: string | undefined } = {}): Promise<UndoResult> {
    const { db, accounts, secondFactors } = this.deps;
    const { rows } = await db.query<{ account_id: string; kind: ChangeKind; value: string | null; ref: string | null }>(
      'UPDATE account_changes SET undone_at = now() WHERE undo_hash = $1 AND undone_at IS NULL AND expires_at > now() RETURNING account_id, kind, value, ref',
      [this.undoHash(token)],
    );
    const row = rows[0];
    if (!row) return { kind: 'unusable' };
    const change: AccountChange = { kind: row.kind, value: row.value ?? undefined, ref: row.ref ?? undefined };
    const accountId = row.account_id;
    const value = row.value ?? '';
    if (change.kind === 'email_added') await accounts.removeIdentity(accountId, 'email', value);
    if (change.kind === 'phone_added') await secondFactors.removePhoneNumber(accountId, value);
    if (change.kind === 'authenticator_added') await secondFactors.removeAuthenticator(accountId);
    if (change.kind === 'passkey_added' && change.ref) await this.deps.passkeys.remove(accountId, change.ref);
    if (change.kind === 'email_removed')
      await restore(() => accounts.addIdentity(accountId, { type: 'email', issuer: '', value, verified: true }));
    if (change.kind === 'phone_removed') await restore(() => secondFactors.addPhoneNumber(accountId, value));
    const { revoked } = await endAccountSessions(db, accountId);
    await this.deps.audit.record({
      type: 'account.change_undone',
      outcome: 'success',
      accountId,
      ip: context.ip,
      detail: { change: change.kind, sessionsEnded: revoked },
    });
    return { kind: 'undone', accountId, change, sessionsEnded: revoked };
  }

  private undoHash(token: string): string {
    return createHmac('sha256', this.deps.codeKey).update(`account-change-undo|${token}`).digest('base64url');
  }
}

function emailsOf(account: Account): string[] {
  const listed = account.identities
    .filter((identity) => identity.type === 'email' && identity.issuer === '')
    .map((identity) => identity.value);
  return [...new Set([...(account.email ? [account.email] : []), ...listed])];
}

/** Putting back what was removed may meet a limit or a holder since; the sessions still end. */
async function restore(put: () => Promise<void>): Promise<void> {
  try {
    await put();
  } catch {
    // Taken by another account, or the number limit reached: nothing to put back.
  }
}
