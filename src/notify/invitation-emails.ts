// The two e-mails of an invitation: the invitation itself with its link, and the six-digit code
// that proves the invited person reads that address.
import type { Locale } from '../config/schema.ts';
import { renderEmail, type EmailTemplate, type RenderedEmail } from './render.ts';

export const INVITATION_EMAIL: EmailTemplate<'inviter' | 'service' | 'link' | 'days'> = {
  values: ['inviter', 'service', 'link', 'days'],
  subject: {
    sv: 'Du är inbjuden till {service}',
    nb: 'Du er invitert til {service}',
    en: 'You are invited to {service}',
  },
  blocks: [
    {
      kind: 'paragraph',
      text: {
        sv: '{inviter} har bjudit in dig att skapa ett konto för {service}.',
        nb: '{inviter} har invitert deg til å opprette en konto for {service}.',
        en: '{inviter} has invited you to create an account for {service}.',
      },
    },
    {
      kind: 'link',
      label: { sv: 'Ta emot inbjudan', nb: 'Godta invitasjonen', en: 'Accept the invitation' },
      url: 'link',
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Länken gäller i {days} dagar och kan bara användas en gång. Du får en kod till den här adressen för att visa att den är din.',
        nb: 'Lenken gjelder i {days} dager og kan bare brukes én gang. Du får en kode til denne adressen for å vise at den er din.',
        en: 'The link is valid for {days} days and can be used only once. You will get a code at this address to show that it is yours.',
      },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Väntade du dig inte den här inbjudan? Då kan du bortse från meddelandet.',
        nb: 'Ventet du ikke denne invitasjonen? Da kan du se bort fra meldingen.',
        en: 'If you did not expect this invitation, you can ignore this message.',
      },
    },
  ],
};

export const INVITATION_CODE_EMAIL: EmailTemplate<'code' | 'minutes' | 'service'> = {
  values: ['code', 'minutes', 'service'],
  subject: {
    sv: 'Din kod för inbjudan till {service}',
    nb: 'Koden din for invitasjonen til {service}',
    en: 'Your code for the invitation to {service}',
  },
  blocks: [
    {
      kind: 'paragraph',
      text: {
        sv: 'Skriv in den här koden för att visa att e-postadressen är din:',
        nb: 'Skriv inn denne koden for å vise at e-postadressen er din:',
        en: 'Enter this code to show that the e-mail address is yours:',
      },
    },
    { kind: 'code', value: 'code' },
    {
      kind: 'paragraph',
      text: {
        sv: 'Koden gäller i {minutes} minuter. Ge aldrig koden till någon annan.',
        nb: 'Koden gjelder i {minutes} minutter. Gi aldri koden til noen andre.',
        en: 'The code is valid for {minutes} minutes. Never give it to anyone else.',
      },
    },
  ],
};

export function invitationEmail(
  locale: Locale,
  values: { inviter: string; service: string; link: string; days: number },
): RenderedEmail {
  return renderEmail(INVITATION_EMAIL, locale, values);
}

export function invitationCodeEmail(
  locale: Locale,
  values: { code: string; minutes: number; service: string },
): RenderedEmail {
  return renderEmail(INVITATION_CODE_EMAIL, locale, values);
}
