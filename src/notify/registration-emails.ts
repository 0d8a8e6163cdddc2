// The e-mails of self-registration: the activation link, and the note sent instead when the typed
// address or identity number already belongs to an account (the screen says the same either way,
// so only the mailbox's owner learns that an account exists).
import type { Locale } from '../config/schema.ts';
import { renderEmail, type Block, type EmailTemplate, type Localised, type RenderedEmail } from './render.ts';

type ActivationValue = 'name' | 'service' | 'link' | 'hours' | 'methods' | 'number' | 'email';

const IGNORE: Localised = {
  sv: 'Var det inte du som registrerade dig? Då kan du bortse från meddelandet. Kontot aktiveras inte utan länken.',
  nb: 'Var det ikke du som registrerte deg? Da kan du se bort fra meldingen. Kontoen aktiveres ikke uten lenken.',
  en: 'If it was not you who registered, you can ignore this message. The account is not activated without the link.',
};

const ACTIVATE_LINK: Localised = { sv: 'Aktivera ditt konto', nb: 'Aktiver kontoen din', en: 'Activate your account' };

const LINK_VALIDITY: Localised = {
  sv: 'Länken gäller i {hours} timmar och kan bara användas en gång.',
  nb: 'Lenken gjelder i {hours} timer og kan bare brukes én gang.',
  en: 'The link is valid for {hours} hours and can be used only once.',
};

/** How the person will log in: an e-ID with the typed number, or a password they choose first. */
const LOGIN_WITH_EID: Localised = {
  sv: 'När kontot är aktiverat loggar du in med {methods} med personnumret {number}.',
  nb: 'Når kontoen er aktivert, logger du inn med {methods} med det svenske personnummeret {number}.',
  en: 'Once the account is active, you log in with {methods} using the Swedish personal identity number {number}.',
};
const LOGIN_WITH_PASSWORD: Localised = {
  sv: 'När kontot är aktiverat väljer du ”Har du en inbjudan eller har du glömt lösenordet?” på inloggningssidan och väljer ett lösenord för {email}.',
  nb: 'Når kontoen er aktivert, velger du «Har du en invitasjon eller har du glemt passordet?» på innloggingssiden og velger et passord for {email}.',
  en: 'Once the account is active, choose “Have an invitation or forgot your password?” on the login page and choose a password for {email}.',
};

function activationTemplate(eid: boolean): EmailTemplate<ActivationValue> {
  return {
    values: ['name', 'service', 'link', 'hours', 'methods', 'number', 'email'],
    subject: {
      sv: 'Aktivera ditt konto för {service}',
      nb: 'Aktiver kontoen din for {service}',
      en: 'Activate your account for {service}',
    },
    blocks: [
      { kind: 'paragraph', text: { sv: 'Hej {name}!', nb: 'Hei {name}!', en: 'Hello {name},' } },
      {
        kind: 'paragraph',
        text: {
          sv: 'Tack för att du registrerade dig för {service}. Aktivera kontot med länken nedan.',
          nb: 'Takk for at du registrerte deg for {service}. Aktiver kontoen med lenken nedenfor.',
          en: 'Thank you for registering for {service}. Activate the account with the link below.',
        },
      },
      { kind: 'link', label: ACTIVATE_LINK, url: 'link' },
      { kind: 'paragraph', text: LINK_VALIDITY },
      { kind: 'paragraph', text: eid ? LOGIN_WITH_EID : LOGIN_WITH_PASSWORD },
      { kind: 'paragraph', text: IGNORE },
    ],
  };
}

function alreadyRegisteredTemplate(eid: boolean, stillInactive: boolean): EmailTemplate<ActivationValue> {
  const blocks: Block<ActivationValue>[] = [
    {
      kind: 'paragraph',
      text: {
        sv: 'Någon, troligen du, försökte registrera ett konto för {service} med den här e-postadressen eller ett personnummer som redan har ett konto. Därför skapades inget nytt konto.',
        nb: 'Noen, sannsynligvis du, prøvde å registrere en konto for {service} med denne e-postadressen eller et personnummer som allerede har en konto. Derfor ble det ikke opprettet noen ny konto.',
        en: 'Someone, probably you, tried to register an account for {service} with this e-mail address or an identity number that already has an account. So no new account was made.',
      },
    },
  ];
  if (stillInactive) {
    blocks.push(
      {
        kind: 'paragraph',
        text: {
          sv: 'Kontot med den här adressen är inte aktiverat ännu. Aktivera det med länken nedan.',
          nb: 'Kontoen med denne adressen er ikke aktivert ennå. Aktiver den med lenken nedenfor.',
          en: 'The account with this address is not active yet. Activate it with the link below.',
        },
      },
      { kind: 'link', label: ACTIVATE_LINK, url: 'link' },
      { kind: 'paragraph', text: LINK_VALIDITY },
    );
  }
  blocks.push(
    {
      kind: 'paragraph',
      text: eid
        ? {
            sv: 'Logga in som vanligt, till exempel med {methods}. Om du loggar in med lösenord och har glömt det, välj ”Har du en inbjudan eller har du glömt lösenordet?” på inloggningssidan.',
            nb: 'Logg inn som vanlig, for eksempel med {methods}. Hvis du logger inn med passord og har glemt det, velg «Har du en invitasjon eller har du glemt passordet?» på innloggingssiden.',
            en: 'Log in as usual, for example with {methods}. If you log in with a password and have forgotten it, choose “Have an invitation or forgot your password?” on the login page.',
          }
        : {
            sv: 'Logga in som vanligt. Har du glömt lösenordet, välj ”Har du en inbjudan eller har du glömt lösenordet?” på inloggningssidan.',
            nb: 'Logg inn som vanlig. Har du glemt passordet, velg «Har du en invitasjon eller har du glemt passordet?» på innloggingssiden.',
            en: 'Log in as usual. If you have forgotten your password, choose “Have an invitation or forgot your password?” on the login page.',
          },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Var det inte du? Då kan du bortse från meddelandet.',
        nb: 'Var det ikke deg? Da kan du se bort fra meldingen.',
        en: 'If it was not you, you can ignore this message.',
      },
    },
  );
  return {
    values: ['name', 'service', 'link', 'hours', 'methods', 'number', 'email'],
    subject: {
      sv: 'Du har redan ett konto för {service}',
      nb: 'Du har allerede en konto for {service}',
      en: 'You already have an account for {service}',
    },
    blocks,
  };
}

export interface RegistrationEmailValues {
  name: string;
  service: string;
  email: string;
  /** The e-ID services named in the text ("BankID or Freja eID+"); empty when the person logs in with a password. */
  methods: string;
  /** The identity number with its last four digits hidden. */
  maskedNumber: string;
  /** How long the link is valid, in whole hours. */
  hours: number;
}

export function activationEmail(locale: Locale, values: RegistrationEmailValues & { link: string }): RenderedEmail {
  return renderEmail(activationTemplate(values.methods !== ''), locale, templateValues(values, values.link));
}

/** Sent instead of the activation e-mail; with `link` when the address's own account still waits for activation. */
export function alreadyRegisteredEmail(
  locale: Locale,
  values: RegistrationEmailValues & { link?: string | undefined },
): RenderedEmail {
  return renderEmail(
    alreadyRegisteredTemplate(values.methods !== '', values.link !== undefined),
    locale,
    templateValues(values, values.link ?? ''),
  );
}

function templateValues(values: RegistrationEmailValues, link: string): Record<ActivationValue, string | number> {
  return {
    name: values.name,
    service: values.service,
    link,
    hours: values.hours,
    methods: values.methods,
    number: values.maskedNumber,
    email: values.email,
  };
}
