// The simulated app's words, in Swedish, Norwegian bokmål and English.
import { translatorFor, type PlainKey, type ValuesArgument } from '../../src/i18n/catalogue.ts';

export const APP_LANGUAGES = ['sv', 'nb', 'en'] as const;
export type AppLanguage = (typeof APP_LANGUAGES)[number];

export const APP_TEXTS = {
  banner: {
    sv: 'Simulator för test och demo. Detta är inte Freja eID och används aldrig i produktion.',
    nb: 'Simulator for test og demo. Dette er ikke Freja eID og brukes aldri i produksjon.',
    en: 'Simulator for tests and demos. This is not Freja eID and is never used in production.',
  },
  person: { sv: 'Vem är du?', nb: 'Hvem er du?', en: 'Who are you?' },
  link: {
    sv: 'Länk eller QR-kodens innehåll (frejaeid://…), eller transaktionsreferensen',
    nb: 'Lenke eller QR-kodens innhold (frejaeid://…), eller transaksjonsreferansen',
    en: 'Link or QR code content (frejaeid://…), or the transaction reference',
  },
  open: { sv: 'Öppna', nb: 'Åpne', en: 'Open' },
  showWaiting: { sv: 'Visa väntande förfrågningar', nb: 'Vis ventende forespørsler', en: 'Show waiting requests' },
  waiting: { sv: 'Väntande förfrågningar', nb: 'Ventende forespørsler', en: 'Waiting requests' },
  noneWaiting: { sv: 'Inga väntande förfrågningar.', nb: 'Ingen ventende forespørsler.', en: 'No waiting requests.' },
  request: {
    sv: 'En tjänst vill att du loggar in.',
    nb: 'En tjeneste ber deg logge inn.',
    en: 'A service asks you to log in.',
  },
  shares: { sv: 'Tjänsten får:', nb: 'Tjenesten får:', en: 'The service receives:' },
  level: { sv: 'Kräver nivå {required}.', nb: 'Krever nivå {required}.', en: 'Requires level {required}.' },
  levelTooLow: {
    sv: 'Ditt Freja eID har nivå {actual}, men tjänsten kräver {required}. Uppgradera ditt Freja eID för att kunna svara.',
    nb: 'Din Freja eID har nivå {actual}, men tjenesten krever {required}. Oppgrader Freja eID for å kunne svare.',
    en: 'Your Freja eID is at level {actual}, but the service requires {required}. Upgrade your Freja eID to be able to answer.',
  },
  approve: { sv: 'Godkänn', nb: 'Godkjenn', en: 'Approve' },
  decline: { sv: 'Avböj', nb: 'Avslå', en: 'Decline' },
  report: { sv: 'Det var inte jag (rapportera)', nb: 'Det var ikke meg (rapporter)', en: 'This was not me (report)' },
  approved: {
    sv: 'Godkänt. Gå tillbaka till tjänsten.',
    nb: 'Godkjent. Gå tilbake til tjenesten.',
    en: 'Approved. Go back to the service.',
  },
  declined: { sv: 'Avböjt.', nb: 'Avslått.', en: 'Declined.' },
  reported: {
    sv: 'Rapporterat. Freja avvisade förfrågan av säkerhetsskäl.',
    nb: 'Rapportert. Freja avviste forespørselen av sikkerhetsgrunner.',
    en: 'Reported. Freja rejected the request for security reasons.',
  },
  unknown: {
    sv: 'Ingen sådan förfrågan. Den kan ha gått ut eller vara felskriven.',
    nb: 'Ingen slik forespørsel. Den kan ha utløpt eller være feilskrevet.',
    en: 'No such request. It may have expired or been mistyped.',
  },
  notActive: {
    sv: 'Förfrågan är inte längre aktiv.',
    nb: 'Forespørselen er ikke lenger aktiv.',
    en: 'The request is no longer active.',
  },
  notForYou: {
    sv: 'Förfrågan gäller en annan person.',
    nb: 'Forespørselen gjelder en annen person.',
    en: 'The request is for someone else.',
  },
  conflict: {
    sv: 'Du hade redan en aktiv förfrågan. Båda har avbrutits.',
    nb: 'Du hadde allerede en aktiv forespørsel. Begge er avbrutt.',
    en: 'You already had an active request. Both have been cancelled.',
  },
  noPerson: { sv: 'Välj en person.', nb: 'Velg en person.', en: 'Choose a person.' },
  back: { sv: 'Tillbaka', nb: 'Tilbake', en: 'Back' },
} as const satisfies Record<string, Record<AppLanguage, string>>;

export type AppTextKey = keyof typeof APP_TEXTS;
export type PlainAppTextKey = PlainKey<typeof APP_TEXTS>;

export function appText<Key extends AppTextKey>(
  language: AppLanguage,
  key: Key,
  ...values: ValuesArgument<(typeof APP_TEXTS)[Key]>
): string {
  return translatorFor(APP_TEXTS, language)(key, ...values);
}

export function pickLanguage(query: string | null, acceptLanguage: string | undefined): AppLanguage {
  const wanted = [
    query ?? '',
    ...(acceptLanguage ?? '').split(',').map((tag) => tag.split(';')[0]?.trim().slice(0, 2) ?? ''),
  ];
  for (const tag of wanted.map((value) => value.toLowerCase())) {
    if (tag === 'no' || tag === 'nn') return 'nb';
    if ((APP_LANGUAGES as readonly string[]).includes(tag)) return tag as AppLanguage;
  }
  return 'en';
}
