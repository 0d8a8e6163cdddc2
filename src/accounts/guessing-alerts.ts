// Tells the owner when guessing is seen on their account: once per hour and kind at most, to the
// account's verified e-mail addresses. Wrong passwords are worth a word; a right password followed
// by wrong second factors means the password is known, and the owner should change it now.
import type { Locale } from '../config/schema.ts';
import { guessingEmail, type GuessedSecret } from '../notify/guessing-emails.ts';
import type { EmailSender } from '../notify/types.ts';
import type { AuditLog } from '../security/audit.ts';
import type { Throttle } from '../security/throttle.ts';
import type { AccountRepository } from './repository.ts';
import type { Account } from './types.ts';

const ONCE_PER_SECONDS = 3600;

export interface GuessingAlertDeps {
  issuer: string;
  defaultLocale: Locale;
  accounts: AccountRepository;
  throttle: Throttle;
  email?: EmailSender | undefined;
  audit: AuditLog;
}

export class GuessingAlerts {
  constructor(private readonly deps: GuessingAlertDeps) {}

  /** A send that fails is audited, never thrown: the login answer must not depend on the mail server. */
  async tell(
    accountId: string,
    secret: GuessedSecret,
    seen: { failures: number; windowSeconds: number; ip?: string | undefined },
  ): Promise<void> {
    const { accounts, throttle, email, audit, issuer } = this.deps;
    const once = await throttle.hit(`alert:guessing:${secret}:${accountId}`, ONCE_PER_SECONDS);
    if (once.count > 1) return;
    const account = await accounts.findById(accountId);
    const addresses = account ? verifiedEmails(account) : [];
    const locale = (account?.locale as Locale | null | undefined) ?? this.deps.defaultLocale;
    const values = {
      service: new URL(issuer).host,
      failures: seen.failures,
      minutes: Math.round(seen.windowSeconds / 60),
      time: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      link: `${issuer}/account`,
    };
    let sent = 0;
    for (const to of email ? addresses : [])
      if ((await email!.send({ to, ...guessingEmail(locale, secret, values) })).ok) sent += 1;
    await audit.record({
      type: 'account.guessing_notified',
      outcome: sent > 0 ? 'success' : 'failure',
      accountId,
      ip: seen.ip,
      detail: { secret, failures: seen.failures, addresses: addresses.length, sent },
    });
  }
}

/** Only proven addresses: a typed one may belong to whoever typed it. */
function verifiedEmails(account: Account): string[] {
  const listed = account.identities
    .filter((identity) => identity.type === 'email' && identity.issuer === '' && identity.verified)
    .map((identity) => identity.value);
  return [...new Set([...(account.email && account.emailVerified ? [account.email] : []), ...listed])];
}
