// What the account page says, in Swedish, Norwegian bokmål and English. Field errors are one
// sentence each that says what to do; refusals never say whether an address belongs to someone.
import type { Locale } from '../../src/config/schema.ts';
import { translatorFor, type PlainKey, type Translator } from '../../src/i18n/catalogue.ts';
import { renderEmail, type EmailTemplate, type RenderedEmail } from '../../src/notify/render.ts';

export const TEXTS = {
  title: { sv: 'Mitt konto', nb: 'Min konto', en: 'My account' },
  signedInAs: {
    sv: 'Du är inloggad som {name}.',
    nb: 'Du er logget inn som {name}.',
    en: 'You are logged in as {name}.',
  },
  logout: { sv: 'Logga ut', nb: 'Logg ut', en: 'Log out' },
  save: { sv: 'Spara', nb: 'Lagre', en: 'Save' },
  remove: { sv: 'Ta bort', nb: 'Fjern', en: 'Remove' },
  saved: { sv: 'Ändringen är sparad.', nb: 'Endringen er lagret.', en: 'Your change has been saved.' },
  formErrors: {
    sv: 'Rätta det som är markerat nedan.',
    nb: 'Rett det som er markert nedenfor.',
    en: 'Please correct what is marked below.',
  },

  nameHeading: { sv: 'Namn', nb: 'Navn', en: 'Name' },
  givenName: { sv: 'Förnamn', nb: 'Fornavn', en: 'Given name' },
  familyName: { sv: 'Efternamn', nb: 'Etternavn', en: 'Family name' },
  givenNameMissing: { sv: 'Skriv ditt förnamn.', nb: 'Skriv fornavnet ditt.', en: 'Enter your given name.' },
  familyNameMissing: { sv: 'Skriv ditt efternamn.', nb: 'Skriv etternavnet ditt.', en: 'Enter your family name.' },
  nameTooLong: { sv: 'Skriv högst 100 tecken.', nb: 'Skriv høyst 100 tegn.', en: 'Use at most 100 characters.' },
  nameInvalid: {
    sv: 'Namnet innehåller tecken som inte kan sparas. Använd bokstäver, mellanslag, bindestreck och apostrof.',
    nb: 'Navnet inneholder tegn som ikke kan lagres. Bruk bokstaver, mellomrom, bindestrek og apostrof.',
    en: 'The name contains characters that cannot be saved. Use letters, spaces, hyphens and apostrophes.',
  },

  emailsHeading: { sv: 'E-postadresser', nb: 'E-postadresser', en: 'E-mail addresses' },
  primary: { sv: '(huvudadress)', nb: '(hovedadresse)', en: '(main address)' },
  emailLabel: { sv: 'Ny e-postadress', nb: 'Ny e-postadresse', en: 'New e-mail address' },
  addEmail: { sv: 'Skicka kod', nb: 'Send kode', en: 'Send code' },
  emailInvalid: {
    sv: 'Skriv en e-postadress, till exempel namn@exempel.se.',
    nb: 'Skriv en e-postadresse, for eksempel navn@eksempel.no.',
    en: 'Enter an e-mail address, for example name@example.org.',
  },
  emailAlreadyYours: {
    sv: 'Adressen finns redan på ditt konto.',
    nb: 'Adressen finnes allerede på kontoen din.',
    en: 'That address is already on your account.',
  },
  emailCodeSent: {
    sv: 'Vi har skickat en kod med sex siffror till {email}. Den gäller i {minutes} minuter.',
    nb: 'Vi har sendt en kode med seks sifre til {email}. Den gjelder i {minutes} minutter.',
    en: 'We have sent a six-digit code to {email}. It is valid for {minutes} minutes.',
  },
  emailCodeLabel: {
    sv: 'Koden i e-postmeddelandet (sex siffror)',
    nb: 'Koden i e-posten (seks sifre)',
    en: 'The code in the e-mail (six digits)',
  },
  confirmEmail: { sv: 'Lägg till adressen', nb: 'Legg til adressen', en: 'Add the address' },
  emailAdded: {
    sv: 'E-postadressen är tillagd.',
    nb: 'E-postadressen er lagt til.',
    en: 'The e-mail address has been added.',
  },
  emailConfirmed: {
    sv: 'E-postadressen är bekräftad.',
    nb: 'E-postadressen er bekreftet.',
    en: 'The e-mail address is confirmed.',
  },
  confirmThisEmail: { sv: 'Bekräfta', nb: 'Bekreft', en: 'Confirm' },
  emailRemoved: {
    sv: 'E-postadressen är borttagen.',
    nb: 'E-postadressen er fjernet.',
    en: 'The e-mail address has been removed.',
  },
  emailUnavailable: {
    sv: 'Adressen kan inte läggas till på det här kontot. Kontakta supporten om du tror att det är fel.',
    nb: 'Adressen kan ikke legges til på denne kontoen. Kontakt brukerstøtten hvis du mener det er feil.',
    en: 'The address cannot be added to this account. Contact support if you think this is a mistake.',
  },
  codeWrong: {
    sv: 'Koden stämmer inte. Kontrollera e-postmeddelandet och försök igen.',
    nb: 'Koden stemmer ikke. Sjekk e-posten og prøv igjen.',
    en: 'The code is not right. Check the e-mail and try again.',
  },
  codeExpired: {
    sv: 'Koden gäller inte längre. Be om en ny kod.',
    nb: 'Koden gjelder ikke lenger. Be om en ny kode.',
    en: 'The code is no longer valid. Ask for a new one.',
  },
  codeExhausted: {
    sv: 'Koden har skrivits fel för många gånger. Be om en ny kod.',
    nb: 'Koden er skrevet feil for mange ganger. Be om en ny kode.',
    en: 'The code was entered wrongly too many times. Ask for a new one.',
  },
  wait: {
    sv: 'Vänta {seconds} sekunder innan du ber om en ny kod.',
    nb: 'Vent {seconds} sekunder før du ber om en ny kode.',
    en: 'Wait {seconds} seconds before asking for a new code.',
  },
  sendFailed: {
    sv: 'Koden kunde inte skickas just nu. Försök igen om en stund.',
    nb: 'Koden kunne ikke sendes akkurat nå. Prøv igjen om litt.',
    en: 'The code could not be sent just now. Try again in a while.',
  },

  phonesHeading: {
    sv: 'Telefonnummer för sms-koder',
    nb: 'Telefonnumre for SMS-koder',
    en: 'Phone numbers for text-message codes',
  },
  phonesNone: { sv: 'Du har inga telefonnummer.', nb: 'Du har ingen telefonnumre.', en: 'You have no phone numbers.' },
  phoneLabel: { sv: 'Nytt mobilnummer', nb: 'Nytt mobilnummer', en: 'New mobile number' },
  addPhone: { sv: 'Lägg till numret', nb: 'Legg til nummeret', en: 'Add the number' },
  phoneLimit: {
    sv: 'Du kan ha högst två nummer. Ta bort ett innan du lägger till ett nytt.',
    nb: 'Du kan ha høyst to numre. Fjern ett før du legger til et nytt.',
    en: 'You can have at most two numbers. Remove one before adding another.',
  },
  phoneAdded: { sv: 'Numret är tillagt.', nb: 'Nummeret er lagt til.', en: 'The number has been added.' },
  phoneRemoved: { sv: 'Numret är borttaget.', nb: 'Nummeret er fjernet.', en: 'The number has been removed.' },
  stepUpNeeded: {
    sv: 'För att ändra telefonnummer eller tvåstegsverifiering behöver du först bekräfta att det är du, med lösenord och en kod.',
    nb: 'For å endre telefonnumre eller totrinnsbekreftelse må du først bekrefte at det er deg, med passord og en kode.',
    en: 'To change phone numbers or two-step verification, first confirm it is you with your password and a code.',
  },
  phonesOnlyFromNetwork: {
    sv: 'Telefonnumren som tar emot inloggningskoder kan bara ändras från organisationens eget nätverk, till exempel på kontoret. Öppna den här sidan därifrån.',
    nb: 'Telefonnumrene som mottar innloggingskoder, kan bare endres fra organisasjonens eget nettverk, for eksempel på kontoret. Åpne denne siden derfra.',
    en: 'The phone numbers that receive login codes can be changed only from the organisation’s own network, for example at the office. Open this page from there.',
  },
  stepUp: { sv: 'Bekräfta att det är du', nb: 'Bekreft at det er deg', en: 'Confirm it is you' },

  languageHeading: { sv: 'Språk', nb: 'Språk', en: 'Language' },
  languageLabel: {
    sv: 'Språk i meddelanden och på sidorna',
    nb: 'Språk i meldinger og på sidene',
    en: 'Language of messages and pages',
  },
  notifyHeading: { sv: 'Meddelanden', nb: 'Meldinger', en: 'Messages' },
  notifyLabel: {
    sv: 'Hur ofta vill du få meddelanden från oss?',
    nb: 'Hvor ofte vil du få meldinger fra oss?',
    en: 'How often do you want messages from us?',
  },
  'notify.immediately': { sv: 'Direkt', nb: 'Med en gang', en: 'Straight away' },
  'notify.weekly': { sv: 'En sammanfattning i veckan', nb: 'Et sammendrag i uken', en: 'A weekly summary' },
  'notify.off': { sv: 'Inga meddelanden', nb: 'Ingen meldinger', en: 'No messages' },
  'notifyMeans.immediately': {
    sv: 'Varje nyhet och påminnelse skickas till din e-post när den kommer.',
    nb: 'Hver nyhet og påminnelse sendes til e-posten din når den kommer.',
    en: 'Each news item and reminder is e-mailed to you as it comes in.',
  },
  'notifyMeans.weekly': {
    sv: 'Ett e-postmeddelande i veckan med det som har kommit in sedan förra. En vecka då inget har kommit skickas inget.',
    nb: 'Én e-post i uken med det som har kommet inn siden forrige. En uke der ingenting har kommet, sendes ingenting.',
    en: 'One e-mail a week with what came in since the last one. In a week when nothing came in, nothing is sent.',
  },
  'notifyMeans.off': {
    sv: 'Nyheter och påminnelser skickas inte alls, inte heller det som väntar på en veckosammanfattning.',
    nb: 'Nyheter og påminnelser sendes ikke i det hele tatt, heller ikke det som venter på et ukesammendrag.',
    en: 'News and reminders are not sent at all, nor what is waiting for a weekly summary.',
  },
  alwaysSentHeading: { sv: 'E-post du alltid får', nb: 'E-post du alltid får', en: 'E-mails you always get' },
  alwaysSentIntro: {
    sv: 'De här gäller tillgången till ditt konto, så de går inte att stänga av:',
    nb: 'Disse gjelder tilgangen til kontoen din, så de kan ikke slås av:',
    en: 'These concern access to your account, so they cannot be switched off:',
  },
  'alwaysSent.invitation': {
    sv: 'inbjudningar att skapa ett konto',
    nb: 'invitasjoner til å opprette en konto',
    en: 'invitations to create an account',
  },
  'alwaysSent.deactivation': {
    sv: 'varningen innan kontot stängs av för att det inte används, och beskedet när det har stängts av',
    nb: 'varselet før kontoen deaktiveres fordi den ikke brukes, og beskjeden når den er deaktivert',
    en: 'the warning before the account is switched off for lack of use, and the notice once it has been',
  },
  'alwaysSent.security': {
    sv: 'säkerhetsmeddelanden när något ändras i hur du loggar in, eller när någon försöker gissa ditt lösenord',
    nb: 'sikkerhetsmeldinger når noe endres i hvordan du logger inn, eller når noen prøver å gjette passordet ditt',
    en: 'security notices when something changes in how you log in, or when someone tries to guess your password',
  },
  'alwaysSent.codes': {
    sv: 'engångskoder som du ber om när du loggar in eller bekräftar en adress',
    nb: 'engangskoder du ber om når du logger inn eller bekrefter en adresse',
    en: 'one-time codes you ask for when you log in or confirm an address',
  },
  choiceInvalid: {
    sv: 'Välj ett av alternativen.',
    nb: 'Velg ett av alternativene.',
    en: 'Choose one of the options.',
  },

  identitiesHeading: { sv: 'Kopplade identiteter', nb: 'Tilknyttede identiteter', en: 'Linked identities' },
  identitiesNone: {
    sv: 'Inga identiteter är kopplade.',
    nb: 'Ingen identiteter er tilknyttet.',
    en: 'No identities are linked.',
  },
  'identity.username': { sv: 'Användarnamn', nb: 'Brukernavn', en: 'Username' },
  'identity.se_personal_number': {
    sv: 'Personnummer',
    nb: 'Svensk personnummer',
    en: 'Swedish personal identity number',
  },
  'identity.no_national_id': {
    sv: 'Norskt födselsnummer',
    nb: 'Fødselsnummer',
    en: 'Norwegian national identity number',
  },
  'identity.employee_code': { sv: 'Anställningskod', nb: 'Ansattkode', en: 'Employee code' },
  'identity.upstream_subject': {
    sv: 'Inloggning via {issuer}',
    nb: 'Innlogging via {issuer}',
    en: 'Login through {issuer}',
  },
  unverified: { sv: '(inte bekräftad)', nb: '(ikke bekreftet)', en: '(not confirmed)' },

  passwordHeading: { sv: 'Lösenord', nb: 'Passord', en: 'Password' },
  currentPassword: { sv: 'Nuvarande lösenord', nb: 'Nåværende passord', en: 'Current password' },
  currentPasswordWrong: {
    sv: 'Det nuvarande lösenordet stämmer inte. Skriv det igen, eller bekräfta att det är du med en kod i stället.',
    nb: 'Det nåværende passordet stemmer ikke. Skriv det på nytt, eller bekreft at det er deg med en kode i stedet.',
    en: 'The current password is not correct. Type it again, or confirm it is you with a code instead.',
  },
  currentPasswordWait: {
    sv: 'För många felaktiga försök med det nuvarande lösenordet. Vänta {minutes} minuter, eller bekräfta att det är du med en kod i stället.',
    nb: 'For mange feil forsøk med det nåværende passordet. Vent {minutes} minutter, eller bekreft at det er deg med en kode i stedet.',
    en: 'Too many wrong tries with the current password. Wait {minutes} minutes, or confirm it is you with a code instead.',
  },
  passwordNoCurrentNeeded: {
    sv: 'Du bekräftade nyss att det är du, så det nuvarande lösenordet behövs inte.',
    nb: 'Du bekreftet nettopp at det er deg, så det nåværende passordet trengs ikke.',
    en: 'You confirmed it is you a moment ago, so your current password is not needed.',
  },
  passwordSetAfterEid: {
    sv: 'Du loggar in utan lösenord. Du kan välja ett här, eftersom du nyss bekräftade att det är du.',
    nb: 'Du logger inn uten passord. Du kan velge et her, siden du nettopp bekreftet at det er deg.',
    en: 'You log in without a password. You can choose one here, since you confirmed it is you a moment ago.',
  },
  passwordNoneStepUp: {
    sv: 'Du loggar in utan lösenord. För att välja ett behöver du först bekräfta att det är du, till exempel med e-legitimation.',
    nb: 'Du logger inn uten passord. For å velge et må du først bekrefte at det er deg, for eksempel med elektronisk ID.',
    en: 'You log in without a password. To choose one, first confirm it is you, for example with an electronic ID.',
  },
  changePassword: { sv: 'Byt lösenord', nb: 'Bytt passord', en: 'Change password' },
  setPassword: { sv: 'Spara lösenordet', nb: 'Lagre passordet', en: 'Save the password' },
  passwordChanged: {
    sv: 'Lösenordet är bytt. Du har loggats ut överallt utom här.',
    nb: 'Passordet er byttet. Du er logget ut overalt unntatt her.',
    en: 'The password has been changed. You have been logged out everywhere except here.',
  },
  factorsHeading: { sv: 'Tvåstegsverifiering', nb: 'Totrinnsbekreftelse', en: 'Two-step verification' },
  appPresent: {
    sv: 'En autentiseringsapp är kopplad.',
    nb: 'En autentiseringsapp er tilkoblet.',
    en: 'An authenticator app is set up.',
  },
  appAbsent: {
    sv: 'Ingen autentiseringsapp är kopplad.',
    nb: 'Ingen autentiseringsapp er tilkoblet.',
    en: 'No authenticator app is set up.',
  },
  recoveryLeft: {
    sv: 'Oanvända reservkoder: {count}.',
    nb: 'Ubrukte reservekoder: {count}.',
    en: 'Unused recovery codes: {count}.',
  },
  removeApp: { sv: 'Ta bort appen', nb: 'Fjern appen', en: 'Remove the app' },
  setUpApp: { sv: 'Koppla en app', nb: 'Koble til en app', en: 'Set up an app' },
  newRecovery: { sv: 'Skapa nya reservkoder', nb: 'Lag nye reservekoder', en: 'Create new recovery codes' },
  appRemoved: {
    sv: 'Autentiseringsappen är borttagen.',
    nb: 'Autentiseringsappen er fjernet.',
    en: 'The authenticator app has been removed.',
  },
  appAdded: {
    sv: 'Autentiseringsappen är kopplad.',
    nb: 'Autentiseringsappen er tilkoblet.',
    en: 'The authenticator app is set up.',
  },
  passkeysHeading: { sv: 'Nycklar (passkeys)', nb: 'Passnøkler', en: 'Passkeys' },
  passkeysIntro: {
    sv: 'Med en nyckel loggar du in med pinkod, fingeravtryck eller ansikte, utan lösenord. Den fungerar bara på den här tjänstens riktiga adress.',
    nb: 'Med en passnøkkel logger du inn med PIN-kode, fingeravtrykk eller ansikt, uten passord. Den virker bare på tjenestens ekte adresse.',
    en: "With a passkey you log in with your PIN, fingerprint or face, without a password. It works only at this service's real address.",
  },
  passkeysNone: {
    sv: 'Du har ingen nyckel ännu.',
    nb: 'Du har ingen passnøkkel ennå.',
    en: 'You have no passkey yet.',
  },
  passkeyCreated: { sv: 'Skapad {date}', nb: 'Laget {date}', en: 'Created {date}' },
  passkeyUsed: { sv: 'senast använd {date}', nb: 'sist brukt {date}', en: 'last used {date}' },
  passkeyNeverUsed: { sv: 'inte använd ännu', nb: 'ikke brukt ennå', en: 'not used yet' },
  passkeySynced: {
    sv: 'synkas mellan dina enheter',
    nb: 'synkroniseres mellom enhetene dine',
    en: 'synced between your devices',
  },
  passkeyDevice: { sv: 'finns bara på en enhet', nb: 'finnes bare på én enhet', en: 'kept on one device' },
  passkeyRename: { sv: 'Byt namn', nb: 'Gi nytt navn', en: 'Rename' },
  passkeyNameLabel: { sv: 'Namn på {name}', nb: 'Navn på {name}', en: 'Name of {name}' },
  passkeyNameMissing: {
    sv: 'Skriv ett namn, till exempel var nyckeln finns.',
    nb: 'Skriv et navn, for eksempel hvor passnøkkelen er.',
    en: 'Enter a name, for example where the passkey lives.',
  },
  passkeyAdded: { sv: 'Nyckeln är skapad.', nb: 'Passnøkkelen er laget.', en: 'The passkey has been created.' },
  passkeyRemoved: { sv: 'Nyckeln är borttagen.', nb: 'Passnøkkelen er fjernet.', en: 'The passkey has been removed.' },
  passkeyFailed: {
    sv: 'Nyckeln kunde inte skapas. Försök igen; använder du redan en nyckel från den här enheten syns den i listan.',
    nb: 'Passnøkkelen kunne ikke lages. Prøv igjen; bruker du allerede en passnøkkel fra denne enheten, står den i listen.',
    en: 'The passkey could not be created. Try again; if this device already holds one of yours, it is in the list.',
  },
  passkeyLimit: {
    sv: 'Du kan ha högst {count} nycklar. Ta bort en först.',
    nb: 'Du kan ha høyst {count} passnøkler. Fjern en først.',
    en: 'You can have at most {count} passkeys. Remove one first.',
  },
  passkeyStepUp: {
    sv: 'För att skapa en nyckel behöver du först bekräfta att det är du: med e-legitimation, eller med lösenord och en kod.',
    nb: 'For å lage en passnøkkel må du først bekrefte at det er deg: med e-ID, eller med passord og en kode.',
    en: 'To create a passkey, first confirm it is you: with an e-ID, or with your password and a code.',
  },
  continue: { sv: 'Fortsätt', nb: 'Fortsett', en: 'Continue' },
  back: { sv: 'Tillbaka till mitt konto', nb: 'Tilbake til min konto', en: 'Back to my account' },

  exportHeading: { sv: 'Dina uppgifter', nb: 'Dine opplysninger', en: 'Your data' },
  exportText: {
    sv: 'Ladda ner allt som är sparat om dig för inloggningen, som en JSON-fil.',
    nb: 'Last ned alt som er lagret om deg for innloggingen, som en JSON-fil.',
    en: 'Download everything kept about you for logging in, as a JSON file.',
  },
  exportLink: { sv: 'Ladda ner mina uppgifter', nb: 'Last ned opplysningene mine', en: 'Download my data' },

  deleteHeading: { sv: 'Ta bort kontot', nb: 'Slett kontoen', en: 'Delete the account' },
  deleteText: {
    sv: 'Kontot och allt som hör till det tas bort för gott. Det går inte att ångra.',
    nb: 'Kontoen og alt som hører til den, slettes for godt. Det kan ikke angres.',
    en: 'The account and everything that belongs to it are removed for good. This cannot be undone.',
  },
  deleteLink: { sv: 'Ta bort mitt konto', nb: 'Slett kontoen min', en: 'Delete my account' },
  deleteConfirmLabel: {
    sv: 'Jag förstår att mitt konto tas bort för gott.',
    nb: 'Jeg forstår at kontoen min slettes for godt.',
    en: 'I understand that my account is removed for good.',
  },
  deleteConfirmMissing: {
    sv: 'Kryssa i rutan för att bekräfta.',
    nb: 'Kryss av i boksen for å bekrefte.',
    en: 'Tick the box to confirm.',
  },
  deleteButton: { sv: 'Ta bort kontot för gott', nb: 'Slett kontoen for godt', en: 'Delete the account for good' },
  cancel: { sv: 'Avbryt', nb: 'Avbryt', en: 'Cancel' },
  goodbyeTitle: { sv: 'Kontot är borttaget', nb: 'Kontoen er slettet', en: 'The account has been deleted' },
  goodbye: {
    sv: 'Ditt konto och uppgifterna om dig är borttagna. Tack för den här tiden.',
    nb: 'Kontoen din og opplysningene om deg er slettet. Takk for tiden.',
    en: 'Your account and the data about you have been removed. Thank you for your time.',
  },

  undoTitle: { sv: 'Det var inte jag', nb: 'Det var ikke meg', en: 'This was not me' },
  undoIntro: {
    sv: 'Ändringen som meddelandet beskrev ångras, och alla inloggningar på kontot avslutas, även på andra enheter.',
    nb: 'Endringen som meldingen beskrev, blir angret, og alle innlogginger på kontoen avsluttes, også på andre enheter.',
    en: 'The change the message described is undone, and every session of the account ends, on other devices too.',
  },
  undoButton: { sv: 'Ångra och logga ut överallt', nb: 'Angre og logg ut overalt', en: 'Undo and log out everywhere' },
  undoDone: {
    sv: 'Ändringen är ångrad och alla inloggningar är avslutade. Byt lösenord nu med "Glömt lösenordet?" när du loggar in, och kontrollera dina e-postadresser och nummer på Mitt konto.',
    nb: 'Endringen er angret, og alle innlogginger er avsluttet. Bytt passord nå med «Glemt passordet?» når du logger inn, og kontroller e-postadressene og numrene dine på Min konto.',
    en: 'The change is undone and every session has ended. Change your password now with "Forgot your password?" when you log in, and check your addresses and numbers on My account.',
  },
  undoUnusable: {
    sv: 'Länken har redan använts eller gäller inte längre. Kontakta supporten om du tror att någon annan använder ditt konto.',
    nb: 'Lenken er allerede brukt eller gjelder ikke lenger. Kontakt brukerstøtte hvis du tror at noen andre bruker kontoen din.',
    en: 'The link has already been used or is no longer valid. Contact support if you think someone else is using your account.',
  },

  loginFailedTitle: {
    sv: 'Inloggningen blev inte klar',
    nb: 'Innloggingen ble ikke fullført',
    en: 'The login was not completed',
  },
  loginFailed: {
    sv: 'Inloggningen avbröts eller tog för lång tid.',
    nb: 'Innloggingen ble avbrutt eller tok for lang tid.',
    en: 'The login was cancelled or took too long.',
  },
  retry: { sv: 'Försök igen', nb: 'Prøv igjen', en: 'Try again' },
  unavailable: {
    sv: 'Kontosidan är inte tillgänglig just nu. Försök igen om en stund.',
    nb: 'Kontosiden er ikke tilgjengelig akkurat nå. Prøv igjen om litt.',
    en: 'The account page is not available right now. Try again in a while.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type AccountTextKey = keyof typeof TEXTS;
export type PlainAccountTextKey = PlainKey<typeof TEXTS>;
export type AccountText = Translator<typeof TEXTS>;

export function accountTexts(locale: Locale): AccountText {
  return translatorFor(TEXTS, locale);
}

/** The e-mail that proves a person reads an address before it is added to their account. */
export const ADDRESS_CODE_EMAIL: EmailTemplate<'code' | 'minutes'> = {
  values: ['code', 'minutes'],
  subject: { sv: 'Bekräfta din e-postadress', nb: 'Bekreft e-postadressen din', en: 'Confirm your e-mail address' },
  blocks: [
    {
      kind: 'paragraph',
      text: {
        sv: 'Skriv in den här koden på sidan Mitt konto för att lägga till adressen på ditt konto:',
        nb: 'Skriv inn denne koden på siden Min konto for å legge til adressen på kontoen din:',
        en: 'Enter this code on the My account page to add this address to your account:',
      },
    },
    { kind: 'code', value: 'code' },
    {
      kind: 'paragraph',
      text: {
        sv: 'Koden gäller i {minutes} minuter. Bad du inte om den? Då kan du bortse från meddelandet.',
        nb: 'Koden gjelder i {minutes} minutter. Ba du ikke om den? Da kan du se bort fra meldingen.',
        en: 'The code is valid for {minutes} minutes. If you did not ask for it, you can ignore this message.',
      },
    },
  ],
};

export function addressCodeEmail(locale: Locale, values: { code: string; minutes: number }): RenderedEmail {
  return renderEmail(ADDRESS_CODE_EMAIL, locale, values);
}
