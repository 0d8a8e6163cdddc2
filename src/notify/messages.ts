// What a person may read when sending a code fails or a phone number is not accepted, in Swedish,
// Norwegian bokmål and English. Kept here until the lead folds it into src/i18n; a missing
// translation is a type error either way.
import type { Locale } from '../config/schema.ts';

type Localised = Readonly<Record<Locale, string>>;

export const NOTIFY_MESSAGES = {
  'notify.email.failed': {
    sv: 'Vi kunde inte skicka e-postmeddelandet just nu. Försök igen om en stund eller välj ett annat sätt.',
    nb: 'Vi kunne ikke sende e-posten akkurat nå. Prøv igjen om litt eller velg en annen måte.',
    en: 'We could not send the e-mail right now. Try again in a moment or choose another way.',
  },
  'notify.email.invalidRecipient': {
    sv: 'E-postadressen kan inte ta emot meddelanden. Kontrollera adressen eller välj ett annat sätt.',
    nb: 'E-postadressen kan ikke motta meldinger. Kontroller adressen eller velg en annen måte.',
    en: 'The e-mail address cannot receive messages. Check the address or choose another way.',
  },
  'notify.sms.failed': {
    sv: 'Vi kunde inte skicka sms:et just nu. Försök igen om en stund eller välj ett annat sätt.',
    nb: 'Vi kunne ikke sende SMS-en akkurat nå. Prøv igjen om litt eller velg en annen måte.',
    en: 'We could not send the text message right now. Try again in a moment or choose another way.',
  },
  'notify.sms.invalidRecipient': {
    sv: 'Telefonnumret kan inte ta emot sms. Kontrollera numret eller välj ett annat sätt.',
    nb: 'Telefonnummeret kan ikke motta SMS. Kontroller nummeret eller velg en annen måte.',
    en: 'The phone number cannot receive text messages. Check the number or choose another way.',
  },
  'notify.rateLimited': {
    sv: 'Just nu skickas för många meddelanden. Vänta några minuter eller välj ett annat sätt.',
    nb: 'Akkurat nå sendes det for mange meldinger. Vent noen minutter eller velg en annen måte.',
    en: 'Too many messages are being sent right now. Wait a few minutes or choose another way.',
  },
  'phone.empty': {
    sv: 'Fyll i ditt mobilnummer.',
    nb: 'Fyll inn mobilnummeret ditt.',
    en: 'Enter your mobile number.',
  },
  'phone.invalid': {
    sv: 'Telefonnumret ser inte ut att stämma. Skriv det till exempel som 070-123 45 67 eller +46 70 123 45 67.',
    nb: 'Telefonnummeret ser ikke riktig ut. Skriv det for eksempel som 912 34 567 eller +47 912 34 567.',
    en: 'The phone number does not look right. Write it for example as +46 70 123 45 67.',
  },
  'phone.unsupportedCountry': {
    sv: 'Vi kan bara skicka sms till nummer i Sverige, Norge, Danmark, Finland och Island.',
    nb: 'Vi kan bare sende SMS til numre i Sverige, Norge, Danmark, Finland og Island.',
    en: 'We can only send text messages to numbers in Sweden, Norway, Denmark, Finland and Iceland.',
  },
  'phone.notMobile': {
    sv: 'Numret verkar vara ett fast nummer. Fyll i ett mobilnummer som kan ta emot sms.',
    nb: 'Nummeret ser ut til å være et fastnettnummer. Fyll inn et mobilnummer som kan motta SMS.',
    en: 'The number looks like a landline. Enter a mobile number that can receive text messages.',
  },
} as const satisfies Record<string, Localised>;

export type NotifyMessageKey = keyof typeof NOTIFY_MESSAGES;

export function notifyMessage(key: NotifyMessageKey, locale: Locale): string {
  return NOTIFY_MESSAGES[key][locale];
}
