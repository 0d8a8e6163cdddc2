// The e-mails of an account's life after registration: the warning before deactivation and the
// notice that it happened, and which e-mails a person's notification preference may hold back.
import type { Locale } from '../config/schema.ts';
import type { Account } from '../accounts/types.ts';
import { renderEmail, type EmailTemplate, type RenderedEmail } from './render.ts';

/** The e-mails a person cannot switch off: they concern access to the account itself. */
const ALWAYS_SENT = new Set(['invitation', 'deactivation_warning', 'deactivation', 'security'] as const);

export type NotificationKind =
  'invitation' | 'deactivation_warning' | 'deactivation' | 'security' | 'news' | 'reminder';

/**
 * Whether an e-mail of `kind` goes out now. `weekly` would collect the others for a weekly summary;
 * that summary does not exist yet, so for now they are not sent at all, as with `off`.
 */
export function mayNotify(account: Pick<Account, 'notificationPreference'>, kind: NotificationKind): boolean {
  if ((ALWAYS_SENT as ReadonlySet<string>).has(kind)) return true;
  return account.notificationPreference === 'immediately';
}

export const DEACTIVATION_WARNING_EMAIL: EmailTemplate<'name' | 'service' | 'date' | 'days'> = {
  values: ['name', 'service', 'date', 'days'],
  subject: {
    sv: 'Ditt konto hos {service} stängs snart av',
    nb: 'Kontoen din hos {service} blir snart deaktivert',
    en: 'Your account at {service} will soon be deactivated',
  },
  blocks: [
    { kind: 'paragraph', text: { sv: 'Hej {name},', nb: 'Hei {name},', en: 'Hello {name},' } },
    {
      kind: 'paragraph',
      text: {
        sv: 'Ditt konto hos {service} har inte använts på länge. Om du inte loggar in stängs det av den {date}, om {days} dagar.',
        nb: 'Kontoen din hos {service} har ikke vært brukt på lenge. Hvis du ikke logger inn, blir den deaktivert {date}, om {days} dager.',
        en: 'Your account at {service} has not been used for a long time. Unless you log in, it will be deactivated on {date}, in {days} days.',
      },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Vill du behålla kontot räcker det att logga in som vanligt i en tjänst som använder {service}. Vi ber dig aldrig om ditt lösenord i ett e-postmeddelande.',
        nb: 'Vil du beholde kontoen, holder det å logge inn som vanlig i en tjeneste som bruker {service}. Vi ber deg aldri om passordet ditt i en e-post.',
        en: 'To keep the account, simply log in as usual to a service that uses {service}. We never ask for your password in an e-mail.',
      },
    },
  ],
};

export const DEACTIVATED_EMAIL: EmailTemplate<'name' | 'service' | 'contact'> = {
  values: ['name', 'service', 'contact'],
  subject: {
    sv: 'Ditt konto hos {service} har stängts av',
    nb: 'Kontoen din hos {service} er deaktivert',
    en: 'Your account at {service} has been deactivated',
  },
  blocks: [
    { kind: 'paragraph', text: { sv: 'Hej {name},', nb: 'Hei {name},', en: 'Hello {name},' } },
    {
      kind: 'paragraph',
      text: {
        sv: 'Ditt konto hos {service} har stängts av eftersom det inte har använts på länge. Du kan inte längre logga in med lösenord.',
        nb: 'Kontoen din hos {service} er deaktivert fordi den ikke har vært brukt på lenge. Du kan ikke lenger logge inn med passord.',
        en: 'Your account at {service} has been deactivated because it has not been used for a long time. You can no longer log in with a password.',
      },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Om tjänsten tillåter det aktiveras kontot igen när du loggar in med e-legitimation. Annars kan du kontakta {contact}.',
        nb: 'Hvis tjenesten tillater det, blir kontoen aktivert igjen når du logger inn med elektronisk ID. Ellers kan du kontakte {contact}.',
        en: 'If the service allows it, the account is switched on again when you log in with an electronic ID. Otherwise, contact {contact}.',
      },
    },
  ],
};

export function deactivationWarningEmail(
  locale: Locale,
  values: { name: string; service: string; date: string; days: number },
): RenderedEmail {
  return renderEmail(DEACTIVATION_WARNING_EMAIL, locale, values);
}

export function deactivatedEmail(
  locale: Locale,
  values: { name: string; service: string; contact: string },
): RenderedEmail {
  return renderEmail(DEACTIVATED_EMAIL, locale, values);
}
