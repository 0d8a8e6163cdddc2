// The notice that a way into the account changed: what changed, when, and a link that undoes it
// and ends every session. It goes to every address the account has (and had, for a removal), so
// whoever took over one address cannot silence the others.
import type { Locale } from '../config/schema.ts';
import { fillPlaceholders } from '../i18n/catalogue.ts';
import { renderEmail, type EmailTemplate, type Localised, type RenderedEmail } from './render.ts';

export type ChangeKind =
  | 'email_added'
  | 'email_removed'
  | 'phone_added'
  | 'phone_removed'
  | 'authenticator_added'
  | 'authenticator_removed'
  | 'passkey_added'
  | 'passkey_removed'
  | 'passkeys_reset'
  | 'password_reset'
  | 'password_changed'
  | 'reactivated'
  | 'merged';

/** What happened, in a phrase that follows "On your account at {service}, …". `{value}` is masked where it is a number. */
export const CHANGE_PHRASES: Readonly<Record<ChangeKind, Localised>> = {
  email_added: {
    sv: 'lades e-postadressen {value} till',
    nb: 'ble e-postadressen {value} lagt til',
    en: 'the e-mail address {value} was added',
  },
  email_removed: {
    sv: 'togs e-postadressen {value} bort',
    nb: 'ble e-postadressen {value} fjernet',
    en: 'the e-mail address {value} was removed',
  },
  phone_added: {
    sv: 'lades mobilnumret {value} till',
    nb: 'ble mobilnummeret {value} lagt til',
    en: 'the mobile number {value} was added',
  },
  phone_removed: {
    sv: 'togs mobilnumret {value} bort',
    nb: 'ble mobilnummeret {value} fjernet',
    en: 'the mobile number {value} was removed',
  },
  authenticator_added: {
    sv: 'kopplades en autentiseringsapp',
    nb: 'ble en autentiseringsapp koblet til',
    en: 'an authenticator app was set up',
  },
  authenticator_removed: {
    sv: 'togs autentiseringsappen bort',
    nb: 'ble autentiseringsappen fjernet',
    en: 'the authenticator app was removed',
  },
  passkey_added: {
    sv: 'skapades nyckeln (passkey) "{value}"',
    nb: 'ble passnøkkelen «{value}» laget',
    en: 'the passkey "{value}" was created',
  },
  passkey_removed: {
    sv: 'togs nyckeln (passkey) "{value}" bort',
    nb: 'ble passnøkkelen «{value}» fjernet',
    en: 'the passkey "{value}" was removed',
  },
  passkeys_reset: {
    sv: 'togs alla nycklar (passkeys) bort av support',
    nb: 'ble alle passnøkler fjernet av brukerstøtte',
    en: 'every passkey was removed by support',
  },
  password_reset: {
    sv: 'byttes lösenordet via "Glömt lösenordet"',
    nb: 'ble passordet byttet via «Glemt passordet»',
    en: 'the password was changed through "Forgot your password"',
  },
  password_changed: {
    sv: 'byttes lösenordet på kontosidan',
    nb: 'ble passordet byttet på kontosiden',
    en: 'the password was changed on the account page',
  },
  reactivated: {
    sv: 'aktiverades kontot igen, välkommen tillbaka, när du loggade in med e-legitimation',
    nb: 'ble kontoen aktivert igjen, velkommen tilbake, da du logget inn med elektronisk ID',
    en: 'the account was switched on again, welcome back, when you logged in with an electronic ID',
  },
  merged: {
    sv: 'slogs två konton ihop till ett',
    nb: 'ble to kontoer slått sammen til én',
    en: 'two accounts were merged into one',
  },
};

export const CHANGE_EMAIL: EmailTemplate<'service' | 'change' | 'time' | 'link' | 'days'> = {
  values: ['service', 'change', 'time', 'link', 'days'],
  subject: {
    sv: 'Ändring av ditt konto hos {service}',
    nb: 'Endring av kontoen din hos {service}',
    en: 'A change to your account at {service}',
  },
  blocks: [
    {
      kind: 'paragraph',
      text: {
        sv: 'På ditt konto hos {service} {change} ({time}).',
        nb: 'På kontoen din hos {service} {change} ({time}).',
        en: 'On your account at {service}, {change} ({time}).',
      },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Var det du, behöver du inte göra något. Var det inte du: öppna länken nedan. Den ångrar ändringen och loggar ut alla inloggningar på kontot. Byt sedan lösenord.',
        nb: 'Var det deg, trenger du ikke gjøre noe. Var det ikke deg: åpne lenken nedenfor. Den angrer endringen og logger ut alle innlogginger på kontoen. Bytt deretter passord.',
        en: 'If this was you, there is nothing to do. If it was not: open the link below. It undoes the change and logs out every session of the account. Then change your password.',
      },
    },
    { kind: 'link', label: { sv: 'Det var inte jag', nb: 'Det var ikke meg', en: 'This was not me' }, url: 'link' },
    {
      kind: 'paragraph',
      text: {
        sv: 'Länken gäller i {days} dagar. Vi ber dig aldrig om ditt lösenord i ett e-postmeddelande.',
        nb: 'Lenken gjelder i {days} dager. Vi ber deg aldri om passordet ditt i en e-post.',
        en: 'The link is valid for {days} days. We never ask for your password in an e-mail.',
      },
    },
  ],
};

export const CHANGE_SMS: Localised = {
  sv: '{service}: på ditt konto {change}. Var det inte du? Öppna {link}',
  nb: '{service}: på kontoen din {change}. Var det ikke deg? Åpne {link}',
  en: '{service}: on your account, {change}. Not you? Open {link}',
};

export interface ChangeValues {
  kind: ChangeKind;
  /** The address or masked number the change concerns, if any. */
  value?: string | undefined;
  service: string;
  time: string;
  link: string;
  days: number;
}

export function changePhrase(locale: Locale, kind: ChangeKind, value: string | undefined): string {
  return fillPlaceholders(CHANGE_PHRASES[kind][locale], { value: value ?? '' });
}

export function changeEmail(locale: Locale, values: ChangeValues): RenderedEmail {
  return renderEmail(CHANGE_EMAIL, locale, {
    service: values.service,
    change: changePhrase(locale, values.kind, values.value),
    time: values.time,
    link: values.link,
    days: values.days,
  });
}

export function changeSms(locale: Locale, values: ChangeValues): string {
  return fillPlaceholders(CHANGE_SMS[locale], {
    service: values.service,
    change: changePhrase(locale, values.kind, values.value),
    link: values.link,
  });
}
