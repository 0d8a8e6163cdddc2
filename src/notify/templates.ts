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
