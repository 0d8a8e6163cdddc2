// What staff login says to the person, in Swedish, Norwegian bokmål and English. Every refusal
// has a calm sentence that says what to do next; the precise reason goes to the audit log only.
import type { Locale } from '../../src/config/schema.ts';
import { translatorFor, type PlainKey, type ValuesArgument } from '../../src/i18n/catalogue.ts';

export const TEXTS = {
  'error.title': {
    sv: 'Inloggningen kunde inte slutföras',
    nb: 'Innloggingen kunne ikke fullføres',
    en: 'The login could not be completed',
  },
  'refused.signature': {
    sv: 'Svaret från din organisations inloggningstjänst kunde inte verifieras. Försök igen, eller kontakta din IT-avdelning om det händer igen.',
    nb: 'Svaret fra organisasjonens innloggingstjeneste kunne ikke verifiseres. Prøv igjen, eller kontakt IT-avdelingen hvis det skjer igjen.',
    en: 'The answer from your organisation’s login service could not be verified. Try again, or contact your IT department if it happens again.',
  },
  'refused.mismatch': {
    sv: 'Svaret från inloggningstjänsten hörde inte till den här inloggningen. Börja om inloggningen.',
    nb: 'Svaret fra innloggingstjenesten hørte ikke til denne innloggingen. Start innloggingen på nytt.',
    en: 'The answer from the login service did not belong to this login. Please start the login again.',
  },
  'refused.expired': {
    sv: 'Svaret från inloggningstjänsten var inte längre giltigt. Börja om inloggningen.',
    nb: 'Svaret fra innloggingstjenesten var ikke lenger gyldig. Start innloggingen på nytt.',
    en: 'The answer from the login service was no longer valid. Please start the login again.',
  },
  'refused.replay': {
    sv: 'Svaret från inloggningstjänsten har redan använts en gång. Börja om inloggningen.',
    nb: 'Svaret fra innloggingstjenesten er allerede brukt én gang. Start innloggingen på nytt.',
    en: 'The answer from the login service has already been used once. Please start the login again.',
  },
  'refused.denied': {
    sv: 'Din organisations inloggningstjänst loggade inte in dig. Du kan försöka igen eller välja ett annat sätt.',
    nb: 'Organisasjonens innloggingstjeneste logget deg ikke inn. Du kan prøve igjen eller velge en annen måte.',
    en: 'Your organisation’s login service did not log you in. You can try again or choose another way.',
  },
  'refused.unavailable': {
    sv: 'Din organisations inloggningstjänst svarar inte just nu. Försök igen om en stund.',
    nb: 'Organisasjonens innloggingstjeneste svarer ikke akkurat nå. Prøv igjen om litt.',
    en: 'Your organisation’s login service is not answering right now. Try again in a while.',
  },
  'refused.incomplete': {
    sv: 'Inloggningstjänsten skickade inte de uppgifter som behövs för att känna igen dig. Kontakta din IT-avdelning.',
    nb: 'Innloggingstjenesten sendte ikke opplysningene som trengs for å kjenne deg igjen. Kontakt IT-avdelingen.',
    en: 'The login service did not send what is needed to recognise you. Please contact your IT department.',
  },
  'refused.domain': {
    sv: 'Kontot du loggade in med hör inte till en organisation som får använda den här tjänsten.',
    nb: 'Kontoen du logget inn med, hører ikke til en organisasjon som kan bruke denne tjenesten.',
    en: 'The account you logged in with does not belong to an organisation that may use this service.',
  },
  'refused.assurance': {
    sv: 'Inloggningen hade inte den säkerhetsnivå som tjänsten kräver. Logga in med en starkare e-legitimation eller välj ett annat sätt.',
    nb: 'Innloggingen hadde ikke sikkerhetsnivået tjenesten krever. Logg inn med en sterkere e-ID eller velg en annen måte.',
    en: 'The login did not have the assurance level this service needs. Log in with a stronger e-ID or choose another way.',
  },
  'refused.noAccount': {
    sv: 'Det finns inget konto kopplat till dig här. Kontakta den som administrerar tjänsten.',
    nb: 'Det finnes ingen konto knyttet til deg her. Kontakt den som administrerer tjenesten.',
    en: 'There is no account connected to you here. Please contact whoever administers the service.',
  },
  'refused.inactive': {
    sv: 'Ditt konto är inte aktivt. Kontakta den som administrerar tjänsten.',
    nb: 'Kontoen din er ikke aktiv. Kontakt den som administrerer tjenesten.',
    en: 'Your account is not active. Please contact whoever administers the service.',
  },
  'refused.conflict': {
    sv: 'Uppgifterna från inloggningstjänsten hör redan till ett annat konto. Kontakta den som administrerar tjänsten.',
    nb: 'Opplysningene fra innloggingstjenesten hører allerede til en annen konto. Kontakt den som administrerer tjenesten.',
    en: 'The details from the login service already belong to another account. Please contact whoever administers the service.',
  },
  'refused.lost': {
    sv: 'Inloggningen har avbrutits eller tagit för lång tid. Börja om inloggningen.',
    nb: 'Innloggingen ble avbrutt eller tok for lang tid. Start innloggingen på nytt.',
    en: 'The login was interrupted or took too long. Please start the login again.',
  },
  retry: { sv: 'Försök igen', nb: 'Prøv igjen', en: 'Try again' },
  'link.title': { sv: 'Koppla ditt konto', nb: 'Koble til kontoen din', en: 'Connect your account' },
  'link.intro': {
    sv: 'Det här är första gången du loggar in med {idp}. Logga in en gång med ditt befintliga användarnamn och lösenord, så kopplas inloggningen till ditt konto.',
    nb: 'Dette er første gang du logger inn med {idp}. Logg inn én gang med ditt eksisterende brukernavn og passord, så kobles innloggingen til kontoen din.',
    en: 'This is the first time you log in with {idp}. Log in once with your existing username and password, and the login will be connected to your account.',
  },
  'link.submit': { sv: 'Logga in och koppla', nb: 'Logg inn og koble til', en: 'Log in and connect' },
  'link.taken': {
    sv: 'Det kontot är redan kopplat till en annan person hos inloggningstjänsten.',
    nb: 'Den kontoen er allerede koblet til en annen person hos innloggingstjenesten.',
    en: 'That account is already connected to another person at the login service.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type UpstreamTextKey = keyof typeof TEXTS;
export type PlainUpstreamTextKey = PlainKey<typeof TEXTS>;

export function upstreamText<Key extends UpstreamTextKey>(
  key: Key,
  locale: Locale,
  ...values: ValuesArgument<(typeof TEXTS)[Key]>
): string {
  return translatorFor(TEXTS, locale)(key, ...values);
}
