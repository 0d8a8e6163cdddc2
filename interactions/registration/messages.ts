// What the registration and activation pages say, in Swedish, Norwegian bokmål and English. The
// screen after sending says the same whether or not an account was made.
import type { Locale } from '../../src/config/schema.ts';
import { translatorFor, type KeyTaking, type Translator } from '../../src/i18n/catalogue.ts';

export const TEXTS = {
  title: { sv: 'Skapa ett konto', nb: 'Opprett en konto', en: 'Create an account' },
  intro: {
    sv: 'Fyll i uppgifterna nedan för att skapa ett konto för {client}. Alla fält måste fyllas i.',
    nb: 'Fyll inn opplysningene nedenfor for å opprette en konto for {client}. Alle feltene må fylles ut.',
    en: 'Fill in the details below to create an account for {client}. All fields are required.',
  },
  haveAccount: { sv: 'Har du redan ett konto?', nb: 'Har du allerede en konto?', en: 'Already have an account?' },
  logIn: { sv: 'Logga in', nb: 'Logg inn', en: 'Log in' },
  givenName: { sv: 'Förnamn', nb: 'Fornavn', en: 'First name' },
  familyName: { sv: 'Efternamn', nb: 'Etternavn', en: 'Last name' },
  personalNumber: {
    sv: 'Personnummer (12 siffror)',
    nb: 'Svensk personnummer (12 sifre)',
    en: 'Swedish personal identity number (12 digits)',
  },
  personalNumberHint: {
    sv: 'Till exempel 199001011234, utan bindestreck.',
    nb: 'For eksempel 199001011234, uten bindestrek.',
    en: 'For example 199001011234, without a hyphen.',
  },
  email: { sv: 'E-postadress i arbetet', nb: 'E-postadresse på jobben', en: 'Work e-mail address' },
  emailHint: {
    sv: 'Vi skickar en länk hit för att aktivera kontot.',
    nb: 'Vi sender en lenke hit for å aktivere kontoen.',
    en: 'We send a link here to activate the account.',
  },
  timeZone: { sv: 'Tidszon', nb: 'Tidssone', en: 'Time zone' },
  organisation: { sv: 'Organisation', nb: 'Organisasjon', en: 'Organisation' },
  organisationHint: {
    sv: 'Skriv för att söka i listan. Finns din organisation inte med, välj ”{other}” och skriv namnet nedan.',
    nb: 'Skriv for å søke i listen. Hvis organisasjonen din ikke er med, velg «{other}» og skriv navnet nedenfor.',
    en: 'Type to search the list. If your organisation is not there, choose “{other}” and type its name below.',
  },
  other: { sv: 'Annan', nb: 'Annen', en: 'Other' },
  organisationOther: { sv: 'Annan organisation', nb: 'Annen organisasjon', en: 'Other organisation' },
  employmentTitle: { sv: 'Befattning', nb: 'Stilling', en: 'Employment title' },
  choose: { sv: 'Välj …', nb: 'Velg …', en: 'Choose …' },
  honeypot: { sv: 'Lämna det här fältet tomt', nb: 'La dette feltet stå tomt', en: 'Leave this field empty' },
  submit: { sv: 'Skapa kontot', nb: 'Opprett kontoen', en: 'Create the account' },
  summary: {
    sv: 'Kontrollera de här uppgifterna:',
    nb: 'Kontroller disse opplysningene:',
    en: 'Please check these details:',
  },
  'error.givenName': { sv: 'Skriv ditt förnamn.', nb: 'Skriv fornavnet ditt.', en: 'Enter your first name.' },
  'error.familyName': { sv: 'Skriv ditt efternamn.', nb: 'Skriv etternavnet ditt.', en: 'Enter your last name.' },
  'error.nameTooLong': {
    sv: 'Namnet får vara högst 100 tecken.',
    nb: 'Navnet kan være høyst 100 tegn.',
    en: 'The name can be at most 100 characters.',
  },
  'error.personalNumberMissing': {
    sv: 'Skriv ditt personnummer.',
    nb: 'Skriv personnummeret ditt.',
    en: 'Enter your personal identity number.',
  },
  'error.personalNumberFormat': {
    sv: 'Personnumret ska ha 12 siffror, till exempel 199001011234.',
    nb: 'Personnummeret skal ha 12 sifre, for eksempel 199001011234.',
    en: 'The personal identity number has 12 digits, for example 199001011234.',
  },
  'error.personalNumberDate': {
    sv: 'Personnumret innehåller inget giltigt födelsedatum. Kontrollera de första åtta siffrorna.',
    nb: 'Personnummeret inneholder ingen gyldig fødselsdato. Kontroller de første åtte sifrene.',
    en: 'The personal identity number does not contain a valid date of birth. Check the first eight digits.',
  },
  'error.personalNumberChecksum': {
    sv: 'Personnumret stämmer inte. Kontrollera att alla siffror är rätt.',
    nb: 'Personnummeret stemmer ikke. Kontroller at alle sifrene er riktige.',
    en: 'The personal identity number is not valid. Check that every digit is right.',
  },
  'error.nationalIdFormat': {
    sv: 'Skriv ett svenskt personnummer med 12 siffror, till exempel 199001011234, eller ett norskt fødselsnummer med 11 siffror.',
    nb: 'Skriv et svensk personnummer med 12 sifre, for eksempel 199001011234, eller et norsk fødselsnummer med 11 sifre.',
    en: 'Enter a Swedish personal identity number of 12 digits, such as 199001011234, or a Norwegian national identity number of 11 digits.',
  },
  'error.norwegianHelpNumber': {
    sv: 'Det här är ett H-nummer (hjälpnummer). Skriv ditt fødselsnummer eller D-nummer.',
    nb: 'Dette er et H-nummer (hjelpenummer). Skriv fødselsnummeret eller D-nummeret ditt.',
    en: 'This is an H-number (a temporary help number). Enter your national identity number or D-number.',
  },
  personalNumberNordic: {
    sv: 'Personnummer eller norskt fødselsnummer',
    nb: 'Svensk personnummer eller fødselsnummer',
    en: 'Swedish personal identity number or Norwegian national identity number',
  },
  personalNumberNordicHint: {
    sv: 'Svenskt personnummer med 12 siffror (199001011234) eller norskt fødselsnummer eller D-nummer med 11 siffror.',
    nb: 'Svensk personnummer med 12 sifre (199001011234) eller norsk fødselsnummer eller D-nummer med 11 sifre.',
    en: 'A Swedish number of 12 digits (199001011234), or a Norwegian national identity number or D-number of 11 digits.',
  },
  'error.personalNumberFuture': {
    sv: 'Födelsedatumet i personnumret ligger i framtiden. Kontrollera de första åtta siffrorna.',
    nb: 'Fødselsdatoen i personnummeret ligger i fremtiden. Kontroller de første åtte sifrene.',
    en: 'The date of birth in the personal identity number is in the future. Check the first eight digits.',
  },
  'error.emailMissing': {
    sv: 'Skriv din e-postadress.',
    nb: 'Skriv e-postadressen din.',
    en: 'Enter your e-mail address.',
  },
  'error.email': {
    sv: 'Skriv en e-postadress i formen namn@exempel.se.',
    nb: 'Skriv en e-postadresse på formen navn@eksempel.no.',
    en: 'Enter an e-mail address such as name@example.org.',
  },
  'error.timeZone': {
    sv: 'Välj en tidszon i listan.',
    nb: 'Velg en tidssone i listen.',
    en: 'Choose a time zone from the list.',
  },
  'error.organisation': {
    sv: 'Välj en organisation i listan, eller välj ”{other}” och skriv namnet.',
    nb: 'Velg en organisasjon i listen, eller velg «{other}» og skriv navnet.',
    en: 'Choose an organisation from the list, or choose “{other}” and type its name.',
  },
  'error.organisationOther': {
    sv: 'Skriv namnet på din organisation.',
    nb: 'Skriv navnet på organisasjonen din.',
    en: 'Type the name of your organisation.',
  },
  'error.title': {
    sv: 'Välj din befattning i listan.',
    nb: 'Velg stillingen din i listen.',
    en: 'Choose your employment title from the list.',
  },
  'error.stale': {
    sv: 'Formuläret har varit öppet länge. Kontrollera uppgifterna och skicka igen.',
    nb: 'Skjemaet har vært åpent lenge. Kontroller opplysningene og send igjen.',
    en: 'The form has been open for a long time. Check the details and send them again.',
  },
  'error.tooFast': {
    sv: 'Formuläret skickades mycket snabbt, så vi tog inte emot det. Kontrollera uppgifterna och skicka igen.',
    nb: 'Skjemaet ble sendt svært raskt, så vi tok ikke imot det. Kontroller opplysningene og send igjen.',
    en: 'The form was sent very quickly, so we did not accept it. Check the details and send them again.',
  },
  'error.tooManyFromAddress': {
    sv: 'Många konton har registrerats från ditt nätverk den senaste timmen. Försök igen om {minutes} min (kl. {time}).',
    nb: 'Mange kontoer er registrert fra nettverket ditt den siste timen. Prøv igjen om {minutes} min (kl. {time}).',
    en: 'Many accounts have been registered from your network in the last hour. Try again in {minutes} min (at {time}).',
  },
  'error.tooManyForEmail': {
    sv: 'Den här e-postadressen har registrerats flera gånger den senaste timmen. Titta efter vårt meddelande i din e-post, eller försök igen om {minutes} min (kl. {time}).',
    nb: 'Denne e-postadressen er registrert flere ganger den siste timen. Se etter meldingen vår i e-posten din, eller prøv igjen om {minutes} min (kl. {time}).',
    en: 'This e-mail address has been registered several times in the last hour. Look for our message in your e-mail, or try again in {minutes} min (at {time}).',
  },
  sentTitle: { sv: 'Titta i din e-post', nb: 'Sjekk e-posten din', en: 'Check your e-mail' },
  sent: {
    sv: 'Vi har skickat ett meddelande till {email}. Följ länken i meddelandet för att aktivera kontot. Länken gäller i {hours} timmar.',
    nb: 'Vi har sendt en melding til {email}. Følg lenken i meldingen for å aktivere kontoen. Lenken gjelder i {hours} timer.',
    en: 'We have sent a message to {email}. Follow the link in it to activate the account. The link is valid for {hours} hours.',
  },
  sentHelp: {
    sv: 'Kommer inget meddelande inom några minuter? Titta i skräpposten och kontrollera att adressen är rätt.',
    nb: 'Kommer det ingen melding i løpet av noen minutter? Sjekk søppelposten og at adressen er riktig.',
    en: 'No message within a few minutes? Look in the spam folder and check that the address is right.',
  },
  activateTitle: { sv: 'Aktivera ditt konto', nb: 'Aktiver kontoen din', en: 'Activate your account' },
  activateIntro: {
    sv: 'Välj knappen för att aktivera ditt konto.',
    nb: 'Velg knappen for å aktivere kontoen din.',
    en: 'Choose the button to activate your account.',
  },
  activate: { sv: 'Aktivera kontot', nb: 'Aktiver kontoen', en: 'Activate the account' },
  activeTitle: { sv: 'Ditt konto är aktivt', nb: 'Kontoen din er aktiv', en: 'Your account is active' },
  active: {
    sv: 'Ditt konto är aktiverat och din e-postadress bekräftad.',
    nb: 'Kontoen din er aktivert og e-postadressen din bekreftet.',
    en: 'Your account is active and your e-mail address is confirmed.',
  },
  continueLogin: {
    sv: 'Fortsätt den påbörjade inloggningen',
    nb: 'Fortsett den påbegynte innloggingen',
    en: 'Continue the login you started',
  },
  continueStartedHint: {
    sv: 'Registrerade du dig i den här webbläsaren?',
    nb: 'Registrerte du deg i denne nettleseren?',
    en: 'Did you register in this browser?',
  },
  logInTo: { sv: 'Logga in på {service}', nb: 'Logg inn på {service}', en: 'Log in to {service}' },
  returnToService: {
    sv: 'Gå tillbaka till tjänsten du ville använda och logga in där.',
    nb: 'Gå tilbake til tjenesten du ville bruke, og logg inn der.',
    en: 'Go back to the service you wanted to use and log in there.',
  },
  unusableTitle: { sv: 'Länken kan inte användas', nb: 'Lenken kan ikke brukes', en: 'The link cannot be used' },
  unusable: {
    sv: 'Den här länken kan inte användas. Den kan ha gått ut eller redan ha använts. Om ditt konto redan är aktivt kan du logga in; annars kan du registrera dig igen.',
    nb: 'Denne lenken kan ikke brukes. Den kan ha utløpt eller allerede være brukt. Hvis kontoen din allerede er aktiv, kan du logge inn; ellers kan du registrere deg på nytt.',
    en: 'This link cannot be used. It may have expired or been used already. If your account is already active, you can log in; otherwise you can register again.',
  },
  or: { sv: 'eller', nb: 'eller', en: 'or' },
} as const satisfies Record<string, Record<Locale, string>>;

export type RegistrationTextKey = keyof typeof TEXTS;
/** A field's error: a message that may name the word for "Other" and nothing else. */
export type RegistrationErrorKey = KeyTaking<typeof TEXTS, 'other'>;
export type RegistrationText = Translator<typeof TEXTS>;

export function registrationTexts(locale: Locale): RegistrationText {
  return translatorFor(TEXTS, locale);
}

/** Every language's word for "Other", so a choice survives a change of language. */
export const OTHER_LABELS: readonly string[] = Object.values(TEXTS.other);
