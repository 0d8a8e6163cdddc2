// Every sentence a person can see on Portvakt's own screens, in Swedish, Norwegian bokmål and
// English. A missing translation is a type error.
import type { Locale } from '../../config/schema.ts';

export const MESSAGES = {
  'app.name': { sv: 'Portvakt', nb: 'Portvakt', en: 'Portvakt' },
  'app.skip': { sv: 'Hoppa till innehållet', nb: 'Hopp til innholdet', en: 'Skip to content' },
  'app.language': { sv: 'Språk', nb: 'Språk', en: 'Language' },
  'chooser.title': { sv: 'Logga in', nb: 'Logg inn', en: 'Log in' },
  'chooser.intro': { sv: 'Välj hur du vill logga in till {client}.', nb: 'Velg hvordan du vil logge inn på {client}.', en: 'Choose how to log in to {client}.' },
  'chooser.cancel': { sv: 'Avbryt och gå tillbaka', nb: 'Avbryt og gå tilbake', en: 'Cancel and go back' },
  'method.password': { sv: 'Användarnamn och lösenord', nb: 'Brukernavn og passord', en: 'Username and password' },
  'password.title': { sv: 'Logga in med lösenord', nb: 'Logg inn med passord', en: 'Log in with password' },
  'password.username': { sv: 'Användarnamn eller e-postadress', nb: 'Brukernavn eller e-postadresse', en: 'Username or e-mail address' },
  'password.password': { sv: 'Lösenord', nb: 'Passord', en: 'Password' },
  'password.submit': { sv: 'Logga in', nb: 'Logg inn', en: 'Log in' },
  'password.back': { sv: 'Välj ett annat sätt', nb: 'Velg en annen måte', en: 'Choose another way' },
  'password.invalid': {
    sv: 'Användarnamnet eller lösenordet stämmer inte. Kontrollera och försök igen.',
    nb: 'Brukernavnet eller passordet er feil. Kontroller og prøv igjen.',
    en: 'The username or password is not correct. Check them and try again.',
  },
  'password.missing': { sv: 'Fyll i både användarnamn och lösenord.', nb: 'Fyll inn både brukernavn og passord.', en: 'Fill in both username and password.' },
  'password.tooLong': { sv: 'Lösenordet är för långt.', nb: 'Passordet er for langt.', en: 'The password is too long.' },
  'throttle.wait': {
    sv: 'För många försök. Vänta {minutes} minut(er) och försök igen.',
    nb: 'For mange forsøk. Vent {minutes} minutt(er) og prøv igjen.',
    en: 'Too many attempts. Wait {minutes} minute(s) and try again.',
  },
  'consent.title': { sv: 'Dela uppgifter', nb: 'Del opplysninger', en: 'Share information' },
  'consent.intro': { sv: '{client} vill få tillgång till:', nb: '{client} ønsker tilgang til:', en: '{client} would like access to:' },
  'consent.allow': { sv: 'Tillåt', nb: 'Tillat', en: 'Allow' },
  'consent.deny': { sv: 'Neka', nb: 'Avslå', en: 'Deny' },
  'scope.openid': { sv: 'Ditt användar-id', nb: 'Din bruker-ID', en: 'Your user identifier' },
  'scope.profile': { sv: 'Ditt namn', nb: 'Ditt navn', en: 'Your name' },
  'scope.email': { sv: 'Din e-postadress', nb: 'Din e-postadresse', en: 'Your e-mail address' },
  'scope.phone': { sv: 'Ditt telefonnummer', nb: 'Ditt telefonnummer', en: 'Your phone number' },
  'scope.offline_access': { sv: 'Fortsatt åtkomst när du inte är inloggad', nb: 'Fortsatt tilgang når du ikke er logget inn', en: 'Continued access while you are away' },
  'scope.naturalPersonNumber': { sv: 'Ditt personnummer', nb: 'Ditt svenske personnummer', en: 'Your Swedish personal identity number' },
  'scope.naturalPersonInfo': { sv: 'Ditt namn och födelsedatum', nb: 'Ditt navn og fødselsdato', en: 'Your name and date of birth' },
  'scope.naturalPersonOrgId': { sv: 'Din organisationstillhörighet', nb: 'Din organisasjonstilhørighet', en: 'Your organisation affiliation' },
  'scope.other': { sv: 'Behörigheten {scope}', nb: 'Tilgangen {scope}', en: 'The permission {scope}' },
  'claims.extra': { sv: 'Dessutom uppgifterna: {claims}', nb: 'I tillegg opplysningene: {claims}', en: 'Also these details: {claims}' },
  'error.title': { sv: 'Något gick fel', nb: 'Noe gikk galt', en: 'Something went wrong' },
  'error.generic': {
    sv: 'Ett oväntat fel inträffade. Försök igen om en stund. Om felet kvarstår, kontakta din organisations support.',
    nb: 'En uventet feil oppstod. Prøv igjen om litt. Hvis feilen vedvarer, kontakt organisasjonens brukerstøtte.',
    en: 'An unexpected error occurred. Try again in a moment. If it keeps happening, contact your organisation’s support.',
  },
  'error.expired': {
    sv: 'Inloggningen tog för lång tid och avbröts. Gå tillbaka till tjänsten och börja om.',
    nb: 'Innloggingen tok for lang tid og ble avbrutt. Gå tilbake til tjenesten og start på nytt.',
    en: 'The login took too long and was stopped. Go back to the service and start again.',
  },
  'error.csrf': {
    sv: 'Formuläret kunde inte kontrolleras. Ladda om sidan och försök igen.',
    nb: 'Skjemaet kunne ikke kontrolleres. Last inn siden på nytt og prøv igjen.',
    en: 'The form could not be verified. Reload the page and try again.',
  },
  'error.database': {
    sv: 'Tjänsten är tillfälligt otillgänglig. Försök igen om en liten stund.',
    nb: 'Tjenesten er midlertidig utilgjengelig. Prøv igjen om en liten stund.',
    en: 'The service is temporarily unavailable. Try again in a little while.',
  },
  'error.notFound': { sv: 'Sidan finns inte.', nb: 'Siden finnes ikke.', en: 'The page does not exist.' },
  'error.oauth': {
    sv: 'Tjänsten som skickade dig hit gjorde en felaktig begäran ({error}). Gå tillbaka och försök igen, eller kontakta tjänstens support.',
    nb: 'Tjenesten som sendte deg hit sendte en feil forespørsel ({error}). Gå tilbake og prøv igjen, eller kontakt tjenestens brukerstøtte.',
    en: 'The service that sent you here made an invalid request ({error}). Go back and try again, or contact that service’s support.',
  },
  'logout.title': { sv: 'Logga ut', nb: 'Logg ut', en: 'Log out' },
  'logout.question': { sv: 'Vill du logga ut från Portvakt?', nb: 'Vil du logge ut av Portvakt?', en: 'Do you want to log out of Portvakt?' },
  'logout.yes': { sv: 'Ja, logga ut', nb: 'Ja, logg ut', en: 'Yes, log out' },
  'logout.no': { sv: 'Nej, fortsätt vara inloggad', nb: 'Nei, forbli innlogget', en: 'No, stay logged in' },
  'logout.done': { sv: 'Du är utloggad.', nb: 'Du er logget ut.', en: 'You are logged out.' },
  'logout.doneHint': { sv: 'Du kan stänga fönstret.', nb: 'Du kan lukke vinduet.', en: 'You can close this window.' },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;
