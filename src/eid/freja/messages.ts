// What a person is told while logging in with Freja, in Swedish, Norwegian bokmål and English,
// and which message fits each status and error. Portvakt's own faults (malformed requests,
// answers that fail verification) are shown as a generic error, never as something Freja said.
import { isFrejaError, type FrejaErrorCode } from './errors.ts';
import type { FrejaStatus } from './types.ts';

export const FREJA_MESSAGES = {
  'freja.waiting': {
    sv: 'Väntar på Freja-appen. Öppna Freja i din telefon och följ instruktionerna.',
    nb: 'Venter på Freja-appen. Åpne Freja på telefonen og følg instruksjonene.',
    en: 'Waiting for the Freja app. Open Freja on your phone and follow the instructions.',
  },
  'freja.confirm': {
    sv: 'Bekräfta inloggningen i Freja-appen.',
    nb: 'Bekreft innloggingen i Freja-appen.',
    en: 'Confirm the login in the Freja app.',
  },
  'freja.approved': {
    sv: 'Du är identifierad. Fortsätter …',
    nb: 'Du er identifisert. Fortsetter …',
    en: 'You are identified. Continuing …',
  },
  'freja.cancelled': {
    sv: 'Inloggningen avbröts. Börja om om du vill logga in.',
    nb: 'Innloggingen ble avbrutt. Start på nytt hvis du vil logge inn.',
    en: 'The login was cancelled. Start again if you want to log in.',
  },
  'freja.expired': {
    sv: 'Inloggningen bekräftades inte i tid. Börja om och bekräfta i Freja-appen inom två minuter.',
    nb: 'Innloggingen ble ikke bekreftet i tide. Start på nytt og bekreft i Freja-appen innen to minutter.',
    en: 'The login was not confirmed in time. Start again and confirm in the Freja app within two minutes.',
  },
  'freja.rejected': {
    sv: 'Freja stoppade inloggningen av säkerhetsskäl. Öppna Freja-appen för mer information eller kontakta Frejas support.',
    nb: 'Freja stoppet innloggingen av sikkerhetsgrunner. Åpne Freja-appen for mer informasjon, eller kontakt Frejas brukerstøtte.',
    en: 'Freja stopped the login for security reasons. Open the Freja app for more information, or contact Freja’s support.',
  },
  'freja.alreadyInProgress': {
    sv: 'En annan inloggning med Freja startades samtidigt, så båda avbröts. Stäng andra inloggningar och försök igen.',
    nb: 'En annen innlogging med Freja ble startet samtidig, så begge ble stoppet. Lukk andre innlogginger og prøv igjen.',
    en: 'Another login with Freja was started at the same time, so both were stopped. Close other logins and try again.',
  },
  'freja.checkIdentifier': {
    sv: 'Kontrollera personnumret eller e-postadressen och försök igen.',
    nb: 'Kontroller personnummeret eller e-postadressen og prøv igjen.',
    en: 'Check the personal identity number or e-mail address and try again.',
  },
  'freja.userNotFound': {
    sv: 'Vi hittade inget Freja eID för det personnumret eller den e-postadressen. Kontrollera uppgiften eller logga in på annat sätt.',
    nb: 'Vi fant ingen Freja eID for det personnummeret eller den e-postadressen. Kontroller opplysningen eller logg inn på en annen måte.',
    en: 'We found no Freja eID for that personal identity number or e-mail address. Check it, or log in another way.',
  },
  'freja.serviceDisabled': {
    sv: 'Du har stängt av den här tjänsten i Freja. Slå på den igen under Mina sidor i Freja och försök sedan igen.',
    nb: 'Du har slått av denne tjenesten i Freja. Slå den på igjen under Mine sider i Freja, og prøv deretter igjen.',
    en: 'You have turned this service off in Freja. Turn it on again under My Pages in Freja, then try again.',
  },
  'freja.unreachable': {
    sv: 'Freja går inte att nå just nu. Försök igen om en stund eller logga in på annat sätt.',
    nb: 'Freja kan ikke nås akkurat nå. Prøv igjen om litt, eller logg inn på en annen måte.',
    en: 'Freja cannot be reached right now. Try again in a moment, or log in another way.',
  },
  'freja.error': {
    sv: 'Något gick fel med inloggningen. Försök igen.',
    nb: 'Noe gikk galt med innloggingen. Prøv igjen.',
    en: 'Something went wrong with the login. Try again.',
  },
} as const satisfies Record<string, { sv: string; nb: string; en: string }>;

export type FrejaMessageKey = keyof typeof FREJA_MESSAGES;

export interface StatusContext {
  /**
   * Whether an earlier poll of this transaction saw DELIVERED_TO_MOBILE. A person can only
   * decline in the app after it fetched the transaction, so CANCELED without that means Freja
   * stopped it because another authentication for the same person began. Left out, a CANCELED
   * is reported as a plain cancellation.
   */
  seenOnMobile?: boolean;
}

export function messageKeyForStatus(status: FrejaStatus | 'UNKNOWN', context: StatusContext = {}): FrejaMessageKey {
  switch (status) {
    case 'STARTED':
      return 'freja.waiting';
    case 'DELIVERED_TO_MOBILE':
      return 'freja.confirm';
    case 'APPROVED':
      return 'freja.approved';
    case 'CANCELED':
      return context.seenOnMobile === false ? 'freja.alreadyInProgress' : 'freja.cancelled';
    case 'RP_CANCELED':
      return 'freja.cancelled';
    case 'EXPIRED':
      return 'freja.expired';
    case 'REJECTED':
      return 'freja.rejected';
    case 'UNKNOWN':
      return 'freja.error';
  }
}

const BY_ERROR: Record<FrejaErrorCode, FrejaMessageKey> = {
  timeout: 'freja.unreachable',
  unreachable: 'freja.unreachable',
  serverError: 'freja.unreachable',
  invalidResponse: 'freja.error',
  invalidSignature: 'freja.error',
  invalidParameters: 'freja.error',
  unknownError: 'freja.error',
  invalidUserInfo: 'freja.checkIdentifier',
  invalidReference: 'freja.expired',
  userNotFound: 'freja.userNotFound',
  serviceDisabled: 'freja.serviceDisabled',
  previousRejected: 'freja.rejected',
};

export function messageKeyForError(code: FrejaErrorCode): FrejaMessageKey {
  return BY_ERROR[code];
}

/** For anything thrown while talking to Freja: only a FrejaError earns a specific message. */
export function messageKeyForFailure(error: unknown): FrejaMessageKey {
  return isFrejaError(error) ? messageKeyForError(error.code) : 'freja.error';
}
