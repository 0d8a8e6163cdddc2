// BankID's Recommended User Messages (RFA) and the choice of one for a collect result or an error.
//
// Swedish and English are BankID's published texts (as ActiveLogin and BankID's sample code carry
// them). BankID publishes no Norwegian; the bokmål here is Portvakt's own translation.
//
// Which message applies where (reference notes 1.12):
//   pending outstandingTransaction: RFA13 after an autostart attempt (same device), otherwise RFA1
//   pending noClient: RFA1; userSign: RFA9; userMrtd: RFA23
//   pending started: RFA15A/B after autostart, RFA14A/B otherwise (A desktop, B mobile)
//   failed expiredTransaction RFA8, certificateErr RFA16, userCancel RFA6, cancelled RFA3,
//          startFailed RFA17B on the QR path and RFA17A otherwise
//   errors alreadyInProgress RFA4; internalError, requestTimeout, maintenance, 429 RFA5
//   unknown pending RFA21; unknown failed and unknown errors RFA22
// Faults on Portvakt's side (invalidParameters, unauthorized, notFound, methodNotAllowed,
// unsupportedMediaType, a malformed answer, anything not a BankIdError) get Portvakt's own
// `internal` message, never a BankID one.
import type { Locale } from '../../config/schema.ts';
import { isBankIdError, type BankIdErrorCode } from './errors.ts';
import { classifyFailedHint, classifyPendingHint } from './types.ts';

export const RFA_IDS = [
  'RFA1',
  'RFA2',
  'RFA3',
  'RFA4',
  'RFA5',
  'RFA6',
  'RFA8',
  'RFA9',
  'RFA13',
  'RFA14A',
  'RFA14B',
  'RFA15A',
  'RFA15B',
  'RFA16',
  'RFA17A',
  'RFA17B',
  'RFA18',
  'RFA19',
  'RFA20',
  'RFA21',
  'RFA22',
  'RFA23',
] as const;
export type RfaId = (typeof RFA_IDS)[number];

/** Portvakt's own message for its own faults; deliberately not a BankID text. */
export type MessageId = RfaId | 'internal';

type Texts = Record<Locale, string>;

export const MESSAGES: Record<MessageId, Texts> = {
  RFA1: { sv: 'Starta BankID-appen.', nb: 'Start BankID-appen.', en: 'Start your BankID app.' },
  RFA2: {
    sv: 'Du har inte BankID-appen installerad. Kontakta din bank.',
    nb: 'Du har ikke BankID-appen installert. Kontakt banken din.',
    en: 'The BankID app is not installed. Please contact your bank.',
  },
  RFA3: {
    sv: 'Åtgärden avbruten. Försök igen.',
    nb: 'Handlingen ble avbrutt. Prøv igjen.',
    en: 'Action cancelled. Please try again.',
  },
  RFA4: {
    sv: 'En identifiering eller underskrift för det här personnumret är redan påbörjad. Försök igen.',
    nb: 'En identifisering eller signering for dette personnummeret er allerede startet. Prøv igjen.',
    en: 'An identification or signing for this personal number is already started. Please try again.',
  },
  RFA5: {
    sv: 'Internt tekniskt fel. Försök igen.',
    nb: 'Intern teknisk feil. Prøv igjen.',
    en: 'Internal error. Please try again.',
  },
  RFA6: { sv: 'Åtgärden avbruten.', nb: 'Handlingen ble avbrutt.', en: 'Action cancelled.' },
  RFA8: {
    sv: 'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
    nb: 'BankID-appen svarer ikke. Kontroller at den er startet og at du har internettilkobling. Hvis du ikke har en gyldig BankID, kan du skaffe en hos banken din. Prøv deretter igjen.',
    en: 'The BankID app is not responding. Please check that it’s started and that you have internet access. If you don’t have a valid BankID you can get one from your bank. Try again.',
  },
  // The identification variant: Portvakt's orders are logins, never signatures.
  RFA9: {
    sv: 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera.',
    nb: 'Skriv inn sikkerhetskoden din i BankID-appen og velg Identifiser.',
    en: 'Enter your security code in the BankID app and select Identify.',
  },
  RFA13: {
    sv: 'Försöker starta BankID-appen.',
    nb: 'Prøver å starte BankID-appen.',
    en: 'Trying to start your BankID app.',
  },
  RFA14A: {
    sv: 'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här datorn. Om du har ett BankID-kort, sätt in det i kortläsaren. Om du inte har något BankID kan du skaffa ett hos din bank. Om du har ett BankID på en annan enhet kan du starta din BankID-app där.',
    nb: 'Søker etter BankID, det kan ta litt tid … Hvis det har gått noen sekunder uten at noen BankID er funnet, har du sannsynligvis ingen BankID som kan brukes til denne identifiseringen/signeringen på denne datamaskinen. Hvis du har et BankID-kort, setter du det inn i kortleseren. Hvis du ikke har noen BankID, kan du skaffe en hos banken din. Hvis du har en BankID på en annen enhet, kan du starte BankID-appen der.',
    en: 'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification/signing on this computer. If you have a BankID card, please insert it into your card reader. If you don’t have a BankID you can get one from your bank. If you have a BankID on another device you can start the BankID app on that device.',
  },
  RFA14B: {
    sv: 'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här enheten. Om du inte har något BankID kan du skaffa ett hos din bank. Om du har ett BankID på en annan enhet kan du starta din BankID-app där.',
    nb: 'Søker etter BankID, det kan ta litt tid … Hvis det har gått noen sekunder uten at noen BankID er funnet, har du sannsynligvis ingen BankID som kan brukes til denne identifiseringen/signeringen på denne enheten. Hvis du ikke har noen BankID, kan du skaffe en hos banken din. Hvis du har en BankID på en annen enhet, kan du starte BankID-appen der.',
    en: 'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification/signing on this device. If you don’t have a BankID you can get one from your bank. If you have a BankID on another device you can start the BankID app on that device.',
  },
  RFA15A: {
    sv: 'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här datorn. Om du har ett BankID-kort, sätt in det i kortläsaren. Om du inte har något BankID kan du skaffa ett hos din bank.',
    nb: 'Søker etter BankID, det kan ta litt tid … Hvis det har gått noen sekunder uten at noen BankID er funnet, har du sannsynligvis ingen BankID som kan brukes til denne identifiseringen/signeringen på denne datamaskinen. Hvis du har et BankID-kort, setter du det inn i kortleseren. Hvis du ikke har noen BankID, kan du skaffe en hos banken din.',
    en: 'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification/signing on this computer. If you have a BankID card, please insert it into your card reader. If you don’t have a BankID you can get one from your bank.',
  },
  RFA15B: {
    sv: 'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här enheten. Om du inte har något BankID kan du skaffa ett hos din bank.',
    nb: 'Søker etter BankID, det kan ta litt tid … Hvis det har gått noen sekunder uten at noen BankID er funnet, har du sannsynligvis ingen BankID som kan brukes til denne identifiseringen/signeringen på denne enheten. Hvis du ikke har noen BankID, kan du skaffe en hos banken din.',
    en: 'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification/signing on this device. If you don’t have a BankID you can get one from your bank.',
  },
  RFA16: {
    sv: 'Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
    nb: 'BankID-en du prøver å bruke, er for gammel eller sperret. Bruk en annen BankID eller skaff en ny hos banken din.',
    en: 'The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one from your bank.',
  },
  RFA17A: {
    sv: 'BankID-appen verkar inte finnas i din dator eller mobil. Installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com.',
    nb: 'BankID-appen ser ikke ut til å finnes på datamaskinen eller mobilen din. Installer den og skaff en BankID hos banken din. Installer appen fra appbutikken din eller https://install.bankid.com.',
    en: 'The BankID app couldn’t be found on your computer or mobile device. Please install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com.',
  },
  RFA17B: {
    sv: 'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com.',
    nb: 'Kunne ikke lese av QR-koden. Start BankID-appen og les av QR-koden. Kontroller at BankID-appen er oppdatert. Hvis du ikke har BankID-appen, må du installere den og skaffe en BankID hos banken din. Installer appen fra appbutikken din eller https://install.bankid.com.',
    en: 'Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up to date. If you don’t have the BankID app, you need to install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com.',
  },
  RFA18: { sv: 'Starta BankID-appen', nb: 'Start BankID-appen', en: 'Start the BankID app' },
  RFA19: {
    sv: 'Vill du identifiera dig eller skriva under med BankID på den här datorn eller med ett Mobilt BankID?',
    nb: 'Vil du identifisere deg eller signere med BankID på denne datamaskinen eller med en Mobilt BankID?',
    en: 'Would you like to identify yourself or sign with a BankID on this computer, or with a Mobile BankID?',
  },
  RFA20: {
    sv: 'Vill du identifiera dig eller skriva under med ett BankID på den här enheten eller med ett BankID på en annan enhet?',
    nb: 'Vil du identifisere deg eller signere med en BankID på denne enheten eller med en BankID på en annen enhet?',
    en: 'Would you like to identify yourself or sign with a BankID on this device or with a BankID on another device?',
  },
  RFA21: {
    sv: 'Identifiering eller underskrift pågår.',
    nb: 'Identifisering eller signering pågår.',
    en: 'Identification or signing in progress.',
  },
  RFA22: { sv: 'Okänt fel. Försök igen.', nb: 'Ukjent feil. Prøv igjen.', en: 'Unknown error. Please try again.' },
  RFA23: {
    sv: 'Fotografera och läs av din ID-handling med BankID-appen.',
    nb: 'Fotografer og les av ID-dokumentet ditt med BankID-appen.',
    en: 'Process your machine-readable travel document using the BankID app.',
  },
  internal: {
    sv: 'Ett tekniskt fel uppstod hos oss. Försök igen om en stund.',
    nb: 'Det oppstod en teknisk feil hos oss. Prøv igjen om litt.',
    en: 'A technical error occurred on our side. Please try again in a moment.',
  },
};

export interface MessageContext {
  /**
   * How the order was started: `qr` (animated QR code for another device), `sameDevice` (autostart
   * link on this device), or `phone` (phone/auth, phone/sign: the person opens the app themselves).
   */
  flow: 'qr' | 'sameDevice' | 'phone';
  /** The person's browser device; picks the A (desktop) or B (mobile) texts on the same-device path. */
  device?: 'desktop' | 'mobile';
}

/** A collect answer (only status and hint code matter), or whatever a BankID call threw. */
export type MessageSubject = { status: 'pending' | 'failed' | 'complete'; hintCode?: string } | { error: unknown };

const ERROR_MESSAGES: Record<BankIdErrorCode, MessageId> = {
  alreadyInProgress: 'RFA4',
  internalError: 'RFA5',
  requestTimeout: 'RFA5',
  maintenance: 'RFA5',
  rateLimited: 'RFA5',
  // BankID unreachable or slow looks to the person exactly like BankID's own technical error.
  timeout: 'RFA5',
  unreachable: 'RFA5',
  invalidParameters: 'internal',
  unauthorized: 'internal',
  notFound: 'internal',
  methodNotAllowed: 'internal',
  unsupportedMediaType: 'internal',
  invalidResponse: 'internal',
  invalidRequest: 'internal',
  unknown: 'RFA22',
};

/** The message to show, or `undefined` for a completed order (which needs none). */
export function recommendedMessage(subject: MessageSubject, context: MessageContext): MessageId | undefined {
  if ('error' in subject) return isBankIdError(subject.error) ? ERROR_MESSAGES[subject.error.code] : 'internal';
  const hintCode = subject.hintCode ?? '';
  if (subject.status === 'complete') return undefined;
  const mobile = context.device === 'mobile';
  if (subject.status === 'pending') {
    switch (classifyPendingHint(hintCode)) {
      case 'outstandingTransaction':
        return context.flow === 'sameDevice' ? 'RFA13' : 'RFA1';
      case 'noClient':
        return 'RFA1';
      case 'started':
        // On the QR and phone paths the app runs on a phone, so the B (mobile) text fits.
        if (context.flow === 'sameDevice') return mobile ? 'RFA15B' : 'RFA15A';
        return 'RFA14B';
      case 'userSign':
        return 'RFA9';
      case 'userMrtd':
        return 'RFA23';
      // BankID gives no RFA for userCallConfirm (UNCONFIRMED); the generic pending text is the safe choice.
      case 'userCallConfirm':
      case 'unknown':
        return 'RFA21';
    }
  }
  switch (classifyFailedHint(hintCode)) {
    case 'expiredTransaction':
      return 'RFA8';
    case 'certificateErr':
      return 'RFA16';
    case 'userCancel':
      return 'RFA6';
    case 'cancelled':
      return 'RFA3';
    case 'startFailed':
      return context.flow === 'qr' ? 'RFA17B' : 'RFA17A';
    // No RFA is given for these (UNCONFIRMED); the generic failure text is the safe choice.
    case 'userDeclinedCall':
    case 'notSupportedByUserApp':
    case 'transactionRiskBlocked':
    case 'unknown':
      return 'RFA22';
  }
}

export interface UserMessage {
  id: MessageId;
  text: string;
  /** False for Portvakt's own `internal` message: render it as Portvakt's error, not BankID's. */
  fromBankId: boolean;
}

export function userMessage(subject: MessageSubject, context: MessageContext, locale: Locale): UserMessage | undefined {
  const id = recommendedMessage(subject, context);
  if (id === undefined) return undefined;
  return { id, text: MESSAGES[id][locale], fromBankId: id !== 'internal' };
}

export function rfaText(id: MessageId, locale: Locale): string {
  return MESSAGES[id][locale];
}
