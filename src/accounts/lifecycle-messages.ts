// What a person is told when their account exists but cannot be used right now: deactivated,
// not yet activated, or not told apart from another account. Each says what to do, and whom to
// contact when the deployment names someone (accounts.supportContact).
import type { AccountsConfig, Locale } from '../config/schema.ts';
import { fillPlaceholders } from '../i18n/catalogue.ts';

export const TEXTS = {
  deactivated: {
    sv: 'Ditt konto har stängts av eftersom det inte har använts på länge. Kontakta {contact} för att få det aktiverat igen.',
    nb: 'Kontoen din er deaktivert fordi den ikke har vært brukt på lenge. Kontakt {contact} for å få den aktivert igjen.',
    en: 'Your account has been deactivated because it has not been used for a long time. Contact {contact} to have it switched on again.',
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

/** Whom to contact: the configured support, or a description of it. */
export function supportContact(locale: Locale, accounts: Pick<AccountsConfig, 'supportContact'>): string {
  return accounts.supportContact?.[locale] ?? GENERIC_CONTACT[locale];
}
