// What a person is told when their account exists but cannot be used right now: deactivated,
// not yet activated, or not told apart from another account. Each says what to do, and whom to
// contact when the deployment names someone (accounts.supportContact).
import type { AccountsConfig, Locale } from '../config/schema.ts';
import { fillPlaceholders } from '../i18n/catalogue.ts';
import type { Account } from './types.ts';

export const TEXTS = {
  deactivated: {
    sv: 'Ditt konto är avstängt. Kontakta {contact} om du behöver använda det igen.',
    nb: 'Kontoen din er deaktivert. Kontakt {contact} hvis du trenger å bruke den igjen.',
    en: 'Your account has been switched off. Contact {contact} if you need to use it again.',
  },
  deactivatedUnused: {
    sv: 'Ditt konto har stängts av eftersom det inte har använts på länge. Kontakta {contact} för att få det aktiverat igen.',
    nb: 'Kontoen din er deaktivert fordi den ikke har vært brukt på lenge. Kontakt {contact} for å få den aktivert igjen.',
    en: 'Your account has been switched off because it has not been used for a long time. Contact {contact} to have it switched on again.',
  },
  notActivated: {
    sv: 'Ditt konto är inte aktiverat än. Följ länken i e-postmeddelandet du fick när du registrerade dig, och logga sedan in igen.',
    nb: 'Kontoen din er ikke aktivert ennå. Følg lenken i e-posten du fikk da du registrerte deg, og logg deretter inn på nytt.',
    en: 'Your account is not activated yet. Follow the link in the e-mail you received when you registered, then log in again.',
  },
  ambiguous: {
    sv: 'Vi kunde inte avgöra vilket konto som är ditt. Kontakta {contact} så hjälper de dig.',
    nb: 'Vi kunne ikke avgjøre hvilken konto som er din. Kontakt {contact}, så hjelper de deg.',
    en: 'We could not tell which account is yours. Contact {contact} and they will help you.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

/** Used when no support contact is configured. */
const GENERIC_CONTACT: Record<Locale, string> = {
  sv: 'supporten för tjänsten du ville logga in på',
  nb: 'brukerstøtten for tjenesten du ville logge inn på',
  en: 'the support of the service you wanted to log in to',
};

export type AccountStateMessage = keyof typeof TEXTS;

export function accountStateMessage(
  key: AccountStateMessage,
  locale: Locale,
  accounts: Pick<AccountsConfig, 'supportContact'>,
): string {
  return fillPlaceholders(TEXTS[key][locale], { contact: supportContact(locale, accounts) });
}

/** The text for an account that exists but cannot be used: not yet activated, or switched off and why. */
export function unusableAccountKey(account: Pick<Account, 'status' | 'deactivatedReason'>): AccountStateMessage {
  if (account.status === 'inactive') return 'notActivated';
  return account.deactivatedReason === 'inactivity' ? 'deactivatedUnused' : 'deactivated';
}

/** Whom to contact, as it fits after "Contact": the configured support and its ways in, or a description. */
export function supportContact(locale: Locale, accounts: Pick<AccountsConfig, 'supportContact'>): string {
  const contact = accounts.supportContact;
  if (!contact) return GENERIC_CONTACT[locale];
  const ways = [contact.phone, contact.email, contact.url].filter((way) => way !== undefined);
  return ways.length ? `${contact.name[locale]} (${ways.join(', ')})` : contact.name[locale];
}
