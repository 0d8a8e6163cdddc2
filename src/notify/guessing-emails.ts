// The warning that someone is guessing: wrong passwords for the account, or, worse, the right
// password followed by wrong second factors. It names no address and asks for nothing; it says
// what Portvakt did and what the owner can do.
import type { Locale } from '../config/schema.ts';
import { renderEmail, type EmailTemplate, type RenderedEmail } from './render.ts';

export type GuessedSecret = 'password' | 'second_factor';

type GuessingValues = 'service' | 'failures' | 'minutes' | 'time' | 'link';

const SHARED_ADVICE = {
  kind: 'paragraph',
  text: {
    sv: 'Du kan fortfarande logga in som vanligt: bara de adresser som gissade får vänta. Vi ber dig aldrig om ditt lösenord eller dina koder i ett e-postmeddelande.',
    nb: 'Du kan fortsatt logge inn som vanlig: bare adressene som gjettet, må vente. Vi ber deg aldri om passordet eller kodene dine i en e-post.',
    en: 'You can still log in as usual: only the addresses that guessed have to wait. We never ask for your password or codes in an e-mail.',
  },
} as const;

const GUESSING_EMAILS: Readonly<Record<GuessedSecret, EmailTemplate<GuessingValues>>> = {
  password: {
    values: ['service', 'failures', 'minutes', 'time', 'link'],
    subject: {
      sv: 'Misslyckade inloggningsförsök hos {service}',
      nb: 'Mislykkede innloggingsforsøk hos {service}',
      en: 'Failed login attempts at {service}',
    },
    blocks: [
      {
        kind: 'paragraph',
        text: {
          sv: 'Någon har försökt logga in på ditt konto hos {service} med fel lösenord {failures} gånger de senaste {minutes} minuterna ({time}). Vi har bromsat försöken.',
          nb: 'Noen har prøvd å logge inn på kontoen din hos {service} med feil passord {failures} ganger de siste {minutes} minuttene ({time}). Vi har bremset forsøkene.',
          en: 'Someone tried to log in to your account at {service} with a wrong password {failures} times in the last {minutes} minutes ({time}). We have slowed the attempts down.',
        },
      },
      SHARED_ADVICE,
      {
        kind: 'paragraph',
        text: {
          sv: 'Var det inte du, välj ett långt lösenord som du inte använder någon annanstans, eller logga in med e-legitimation.',
          nb: 'Var det ikke deg, velg et langt passord som du ikke bruker andre steder, eller logg inn med eID.',
          en: 'If it was not you, choose a long password you use nowhere else, or log in with an eID.',
        },
      },
      { kind: 'link', label: { sv: 'Mitt konto', nb: 'Min konto', en: 'My account' }, url: 'link' },
    ],
  },
  second_factor: {
    values: ['service', 'failures', 'minutes', 'time', 'link'],
    subject: {
      sv: 'Någon kan ha ditt lösenord till {service}',
      nb: 'Noen kan ha passordet ditt til {service}',
      en: 'Someone may have your password for {service}',
    },
    blocks: [
      {
        kind: 'paragraph',
        text: {
          sv: 'Någon angav rätt lösenord till ditt konto hos {service}, men sedan fel kod {failures} gånger de senaste {minutes} minuterna ({time}). Vi har bromsat försöken.',
          nb: 'Noen oppga riktig passord til kontoen din hos {service}, men deretter feil kode {failures} ganger de siste {minutes} minuttene ({time}). Vi har bremset forsøkene.',
          en: 'Someone entered the right password for your account at {service}, then a wrong code {failures} times in the last {minutes} minutes ({time}). We have slowed the attempts down.',
        },
      },
      SHARED_ADVICE,
      {
        kind: 'paragraph',
        text: {
          sv: 'Var det inte du: byt lösenord nu, på ditt konto.',
          nb: 'Var det ikke deg: bytt passord nå, på kontoen din.',
          en: 'If it was not you: change your password now, on your account.',
        },
      },
      { kind: 'link', label: { sv: 'Byt lösenord', nb: 'Bytt passord', en: 'Change password' }, url: 'link' },
    ],
  },
};

export function guessingEmail(
  locale: Locale,
  secret: GuessedSecret,
  values: Readonly<Record<GuessingValues, string | number>>,
): RenderedEmail {
  return renderEmail(GUESSING_EMAILS[secret], locale, values);
}

export { GUESSING_EMAILS };
