// The messages Portvakt sends, in Swedish, Norwegian bokmål and English. A new e-mail (activation,
// invitation) is one more EmailTemplate here, rendered with renderEmail.
import type { Locale } from '../config/schema.ts';
import { fillPlaceholders } from '../i18n/catalogue.ts';
import { renderEmail, type EmailTemplate, type Localised, type RenderedEmail } from './render.ts';

export {
  renderEmail,
  type Block,
  type EmailTemplate,
  type Localised,
  type RenderedEmail,
  type TemplateValues,
} from './render.ts';

export const ONE_TIME_CODE_EMAIL: EmailTemplate<'code' | 'minutes' | 'service'> = {
  values: ['code', 'minutes', 'service'],
  subject: {
    sv: 'Din engångskod till {service}',
    nb: 'Din engangskode for {service}',
    en: 'Your one-time code for {service}',
  },
  blocks: [
    {
      kind: 'paragraph',
      text: {
        sv: 'Använd den här koden för att logga in på {service}:',
        nb: 'Bruk denne koden for å logge inn på {service}:',
        en: 'Use this code to log in to {service}:',
      },
    },
    { kind: 'code', value: 'code' },
    {
      kind: 'paragraph',
      text: {
        sv: 'Koden gäller i {minutes} minuter och kan bara användas en gång.',
        nb: 'Koden gjelder i {minutes} minutter og kan bare brukes én gang.',
        en: 'The code is valid for {minutes} minutes and can be used only once.',
      },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Var det inte du som försökte logga in? Då kan du bortse från det här meddelandet. Ge aldrig koden till någon annan.',
        nb: 'Var det ikke du som prøvde å logge inn? Da kan du se bort fra denne meldingen. Gi aldri koden til noen andre.',
        en: 'If it was not you trying to log in, you can ignore this message. Never give the code to anyone else.',
      },
    },
  ],
};

/** "Forgot your password?": says it is a reset, so a code nobody asked for is recognised as such. */
export const PASSWORD_RESET_EMAIL: EmailTemplate<'code' | 'minutes' | 'service'> = {
  values: ['code', 'minutes', 'service'],
  subject: {
    sv: 'Återställ ditt lösenord till {service}',
    nb: 'Tilbakestill passordet ditt for {service}',
    en: 'Reset your password for {service}',
  },
  blocks: [
    {
      kind: 'paragraph',
      text: {
        sv: 'Någon bad om att få välja ett nytt lösenord för ditt konto till {service}. Skriv den här koden på sidan där du bad om det:',
        nb: 'Noen ba om å få velge et nytt passord for kontoen din for {service}. Skriv inn denne koden på siden der du ba om det:',
        en: 'Someone asked to choose a new password for your account for {service}. Type this code on the page where you asked:',
      },
    },
    { kind: 'code', value: 'code' },
    {
      kind: 'paragraph',
      text: {
        sv: 'Koden gäller i {minutes} minuter och kan bara användas en gång. Ditt nuvarande lösenord gäller tills du har valt ett nytt.',
        nb: 'Koden gjelder i {minutes} minutter og kan bare brukes én gang. Det nåværende passordet ditt gjelder til du har valgt et nytt.',
        en: 'The code is valid for {minutes} minutes and can be used only once. Your current password works until you choose a new one.',
      },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Var det inte du? Då kan du bortse från meddelandet; ingenting ändras. Ge aldrig koden till någon annan.',
        nb: 'Var det ikke deg? Da kan du se bort fra meldingen; ingenting endres. Gi aldri koden til noen andre.',
        en: 'If it was not you, ignore this message; nothing changes. Never give the code to anyone else.',
      },
    },
  ],
};

export function passwordResetEmail(locale: Locale, values: OneTimeCodeValues): RenderedEmail {
  return renderEmail(PASSWORD_RESET_EMAIL, locale, values);
}

export interface OneTimeCodeValues {
  code: string;
  /** How long the code is valid, in whole minutes. */
  minutes: number;
  /** The name the person knows the login by, e.g. the organisation's. */
  service: string;
}

export function oneTimeCodeEmail(locale: Locale, values: OneTimeCodeValues): RenderedEmail {
  return renderEmail(ONE_TIME_CODE_EMAIL, locale, values);
}

/** Code first, so phones that suggest codes from SMS find it; short enough for one GSM-7 segment. */
export const ONE_TIME_CODE_SMS: Localised = {
  sv: '{code} är din engångskod till {service}. Den gäller i {minutes} minuter. Ge aldrig koden till någon annan.',
  nb: '{code} er engangskoden din for {service}. Den gjelder i {minutes} minutter. Gi aldri koden til noen andre.',
  en: '{code} is your one-time code for {service}. It is valid for {minutes} minutes. Never share it.',
};

/**
 * With `host`, the message ends in the origin-bound line of the WebOTP / SMS one-time code format
 * (`@id.example.org #123456`), so a browser offers the code only on that host.
 */
export function oneTimeCodeSms(locale: Locale, values: OneTimeCodeValues & { host?: string }): string {
  const body = fillPlaceholders(ONE_TIME_CODE_SMS[locale], {
    code: values.code,
    minutes: values.minutes,
    service: values.service,
  });
  if (values.host === undefined) return body;
  if (!/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i.test(values.host))
    throw new TypeError('host must be a bare host name such as id.example.org');
  return `${body}\n\n@${values.host} #${values.code}`;
}
