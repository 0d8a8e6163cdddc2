// What the invitation pages say, in Swedish, Norwegian bokmål and English. A link that can no
// longer be used gets one calm sentence whatever the reason; the reason goes to the audit log.
import type { Locale } from '../../src/config/schema.ts';
import { translatorFor, type Translator } from '../../src/i18n/catalogue.ts';

export const TEXTS = {
  title: { sv: 'Inbjudan', nb: 'Invitasjon', en: 'Invitation' },
  intro: {
    sv: '{inviter} har bjudit in {email} att skapa ett konto för {service}.',
    nb: '{inviter} har invitert {email} til å opprette en konto for {service}.',
    en: '{inviter} has invited {email} to create an account for {service}.',
  },
  sendIntro: {
    sv: 'Först visar du att e-postadressen är din: vi skickar en kod med sex siffror till {email}.',
    nb: 'Først viser du at e-postadressen er din: vi sender en kode med seks sifre til {email}.',
    en: 'First, show that the e-mail address is yours: we send a six-digit code to {email}.',
  },
  send: { sv: 'Skicka kod', nb: 'Send kode', en: 'Send code' },
  sendAgain: { sv: 'Skicka en ny kod', nb: 'Send en ny kode', en: 'Send a new code' },
  codeSent: {
    sv: 'Vi har skickat en kod till {email}. Den gäller i {minutes} minuter.',
    nb: 'Vi har sendt en kode til {email}. Den gjelder i {minutes} minutter.',
    en: 'We have sent a code to {email}. It is valid for {minutes} minutes.',
  },
  codeLabel: {
    sv: 'Koden i e-postmeddelandet (sex siffror)',
    nb: 'Koden i e-posten (seks sifre)',
    en: 'The code in the e-mail (six digits)',
  },
  continue: { sv: 'Fortsätt', nb: 'Fortsett', en: 'Continue' },
  codeWrong: {
    sv: 'Koden stämmer inte. Kontrollera e-postmeddelandet och försök igen.',
    nb: 'Koden stemmer ikke. Sjekk e-posten og prøv igjen.',
    en: 'The code is not right. Check the e-mail and try again.',
  },
  codeExpired: {
    sv: 'Koden gäller inte längre. Skicka en ny kod.',
    nb: 'Koden gjelder ikke lenger. Send en ny kode.',
    en: 'The code is no longer valid. Send a new code.',
  },
  codeExhausted: {
    sv: 'Koden har skrivits fel för många gånger. Skicka en ny kod.',
    nb: 'Koden er skrevet feil for mange ganger. Send en ny kode.',
    en: 'The code was entered wrongly too many times. Send a new code.',
  },
  wait: {
    sv: 'Vänta {seconds} sekunder innan du ber om en ny kod.',
    nb: 'Vent {seconds} sekunder før du ber om en ny kode.',
    en: 'Wait {seconds} seconds before asking for a new code.',
  },
  tooMany: {
    sv: 'Många koder har skickats. Försök igen om {minutes} minuter.',
    nb: 'Mange koder er sendt. Prøv igjen om {minutes} minutter.',
    en: 'Many codes have been sent. Try again in {minutes} minutes.',
  },
  sendFailed: {
    sv: 'Koden kunde inte skickas just nu. Försök igen om en stund.',
    nb: 'Koden kunne ikke sendes akkurat nå. Prøv igjen om litt.',
    en: 'The code could not be sent just now. Try again in a while.',
  },
  unusableTitle: {
    sv: 'Inbjudan kan inte användas',
    nb: 'Invitasjonen kan ikke brukes',
    en: 'The invitation cannot be used',
  },
  unusable: {
    sv: 'Den här inbjudan kan inte användas längre. Den kan ha gått ut, redan ha använts eller dragits tillbaka. Be den som bjöd in dig att skicka en ny.',
    nb: 'Denne invitasjonen kan ikke brukes lenger. Den kan ha utløpt, allerede være brukt eller trukket tilbake. Be den som inviterte deg om å sende en ny.',
    en: 'This invitation can no longer be used. It may have expired, been used already or been withdrawn. Ask whoever invited you to send a new one.',
  },
  passkeyStep: {
    sv: 'Steg 2 av 2: skapa en nyckel (passkey). Du loggar in med den, med pinkod, fingeravtryck eller ansikte, utan lösenord.',
    nb: 'Steg 2 av 2: lag en passnøkkel. Du logger inn med den, med PIN-kode, fingeravtrykk eller ansikt, uten passord.',
    en: 'Step 2 of 2: create a passkey. You log in with it, with your PIN, fingerprint or face, without a password.',
  },
  enrolStep: {
    sv: 'Steg 2 av 3: lägg till en autentiseringsapp. Du använder den varje gång du loggar in.',
    nb: 'Steg 2 av 3: legg til en autentiseringsapp. Du bruker den hver gang du logger inn.',
    en: 'Step 2 of 3: add an authenticator app. You will use it every time you log in.',
  },
  passwordTitle: { sv: 'Välj ett lösenord', nb: 'Velg et passord', en: 'Choose a password' },
  passwordStep: {
    sv: 'Steg 3 av 3: välj ett lösenord. Ditt användarnamn är {email}.',
    nb: 'Steg 3 av 3: velg et passord. Brukernavnet ditt er {email}.',
    en: 'Step 3 of 3: choose a password. Your username is {email}.',
  },
  createAccount: { sv: 'Skapa kontot', nb: 'Opprett kontoen', en: 'Create the account' },
  emailTaken: {
    sv: 'Det finns redan ett konto med {email}. Logga in med det, eller välj ”Har du en inbjudan eller har du glömt lösenordet?” på inloggningssidan.',
    nb: 'Det finnes allerede en konto med {email}. Logg inn med den, eller velg «Har du en invitasjon eller har du glemt passordet?» på innloggingssiden.',
    en: 'There is already an account with {email}. Log in with it, or choose “Have an invitation or forgot your password?” on the login page.',
  },
  eidIntro: {
    sv: 'Steg 2 av 2: legitimera dig med e-legitimation. Din identitet kopplas till ditt konto.',
    nb: 'Steg 2 av 2: identifiser deg med e-legitimasjon. Identiteten din knyttes til kontoen din.',
    en: 'Step 2 of 2: identify yourself with an e-ID. Your identity is connected to your account.',
  },
  noEid: {
    sv: 'Inbjudan kräver en e-legitimation som inte är tillgänglig just nu. Kontakta den som bjöd in dig.',
    nb: 'Invitasjonen krever en e-legitimasjon som ikke er tilgjengelig akkurat nå. Kontakt den som inviterte deg.',
    en: 'The invitation needs an e-ID that is not available right now. Please contact whoever invited you.',
  },
  eidRefused: {
    sv: 'Legitimeringen kunde inte användas för den här inbjudan. Försök igen, eller kontakta den som bjöd in dig.',
    nb: 'Identifiseringen kunne ikke brukes for denne invitasjonen. Prøv igjen, eller kontakt den som inviterte deg.',
    en: 'The identification could not be used for this invitation. Try again, or contact whoever invited you.',
  },
  upstreamContinue: { sv: 'Fortsätt till {issuer}', nb: 'Gå videre til {issuer}', en: 'Continue to {issuer}' },
  upstreamLost: {
    sv: 'Legitimeringen kunde inte kopplas till en inbjudan i den här webbläsaren. Öppna länken i inbjudan i webbläsaren där du började, och försök igen.',
    nb: 'Identifiseringen kunne ikke knyttes til en invitasjon i denne nettleseren. Åpne lenken i invitasjonen i nettleseren der du begynte, og prøv igjen.',
    en: 'The identification could not be tied to an invitation in this browser. Open the link in the invitation in the browser where you started, and try again.',
  },
  readyTitle: { sv: 'Du är klar', nb: 'Du er klar', en: 'You are ready' },
  ready: {
    sv: 'Ditt konto är klart. Nu kan du logga in på {service}.',
    nb: 'Kontoen din er klar. Nå kan du logge inn på {service}.',
    en: 'Your account is ready. You can now log in to {service}.',
  },
  detailsTitle: { sv: 'Några uppgifter till', nb: 'Noen flere opplysninger', en: 'A few more details' },
  detailsIntro: {
    sv: 'Din e-legitimation gav oss ditt namn och personnummer. {service} behöver också de här uppgifterna.',
    nb: 'Den elektroniske ID-en ga oss navnet og fødselsnummeret ditt. {service} trenger også disse opplysningene.',
    en: 'Your electronic ID gave us your name and identity number. {service} also needs these details.',
  },
  'detailsLabel.organisation': { sv: 'Organisation', nb: 'Organisasjon', en: 'Organisation' },
  'detailsLabel.title': { sv: 'Befattning', nb: 'Stilling', en: 'Job title' },
  'detailsLabel.phone': {
    sv: 'Mobilnummer för inloggningskoder',
    nb: 'Mobilnummer for innloggingskoder',
    en: 'Mobile number for login codes',
  },
  detailsChoose: { sv: 'Välj …', nb: 'Velg …', en: 'Choose …' },
  detailsOrganisationMissing: {
    sv: 'Välj din organisation i listan.',
    nb: 'Velg organisasjonen din i listen.',
    en: 'Choose your organisation from the list.',
  },
  detailsTitleMissing: {
    sv: 'Välj din befattning i listan.',
    nb: 'Velg stillingen din i listen.',
    en: 'Choose your job title from the list.',
  },
  detailsErrors: {
    sv: 'Några uppgifter behöver rättas. Se fälten nedan.',
    nb: 'Noen opplysninger må rettes. Se feltene nedenfor.',
    en: 'Some details need correcting. See the fields below.',
  },
  detailsSave: { sv: 'Spara och fortsätt', nb: 'Lagre og fortsett', en: 'Save and continue' },
  readyProven: {
    sv: 'Du har redan legitimerat dig: logga in på {service} inom fem minuter i den här webbläsaren, så kommer du in direkt.',
    nb: 'Du har allerede identifisert deg: logg inn på {service} innen fem minutter i denne nettleseren, så kommer du rett inn.',
    en: 'You have already identified yourself: log in to {service} within five minutes in this browser and you go straight in.',
  },
  readyLink: { sv: 'Logga in på {service}', nb: 'Logg inn på {service}', en: 'Log in to {service}' },
} as const satisfies Record<string, Record<Locale, string>>;

export type InvitationTextKey = keyof typeof TEXTS;
export type InvitationText = Translator<typeof TEXTS>;

export function invitationTexts(locale: Locale): InvitationText {
  return translatorFor(TEXTS, locale);
}
