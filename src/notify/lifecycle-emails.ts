// The e-mails of an account's life after registration: the warning before deactivation and the
// notice that it happened; which e-mails a person's notification preference may hold back; and
// those it decides: a news item or reminder sent at once, and the weekly summary of the rest.
import type { Locale } from '../config/schema.ts';
import type { Account } from '../accounts/types.ts';
import { renderEmail, type Block, type EmailTemplate, type Localised, type RenderedEmail } from './render.ts';

/** The e-mails a person cannot switch off: they concern access to the account itself. */
const ALWAYS_SENT_KINDS = ['invitation', 'deactivation_warning', 'deactivation', 'security'] as const;
const ALWAYS_SENT: ReadonlySet<string> = new Set(ALWAYS_SENT_KINDS);

/** The kinds a person's preference decides: sent at once, kept for the weekly summary, or dropped. */
export const SWITCHABLE_KINDS = ['news', 'reminder'] as const;
export type SwitchableKind = (typeof SWITCHABLE_KINDS)[number];

export type AlwaysSentKind = (typeof ALWAYS_SENT_KINDS)[number];
export type NotificationKind = AlwaysSentKind | SwitchableKind;

export function isAlwaysSent(kind: NotificationKind): kind is AlwaysSentKind {
  return ALWAYS_SENT.has(kind);
}

/**
 * Whether an e-mail of `kind` goes out now. With `weekly` the switchable ones wait for the weekly
 * summary (src/notify/weekly-summary.ts); with `off` they are dropped (src/notify/notifications.ts).
 */
export function mayNotify(account: Pick<Account, 'notificationPreference'>, kind: NotificationKind): boolean {
  if (isAlwaysSent(kind)) return true;
  return account.notificationPreference === 'immediately';
}

export const DEACTIVATION_WARNING_EMAIL: EmailTemplate<'name' | 'service' | 'date' | 'days'> = {
  values: ['name', 'service', 'date', 'days'],
  subject: {
    sv: 'Ditt konto hos {service} stängs snart av',
    nb: 'Kontoen din hos {service} blir snart deaktivert',
    en: 'Your account at {service} will soon be deactivated',
  },
  blocks: [
    { kind: 'paragraph', text: { sv: 'Hej {name},', nb: 'Hei {name},', en: 'Hello {name},' } },
    {
      kind: 'paragraph',
      text: {
        sv: 'Ditt konto hos {service} har inte använts på länge. Om du inte loggar in stängs det av den {date}, om {days} dagar.',
        nb: 'Kontoen din hos {service} har ikke vært brukt på lenge. Hvis du ikke logger inn, blir den deaktivert {date}, om {days} dager.',
        en: 'Your account at {service} has not been used for a long time. Unless you log in, it will be deactivated on {date}, in {days} days.',
      },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Vill du behålla kontot räcker det att logga in som vanligt i en tjänst som använder {service}. Vi ber dig aldrig om ditt lösenord i ett e-postmeddelande.',
        nb: 'Vil du beholde kontoen, holder det å logge inn som vanlig i en tjeneste som bruker {service}. Vi ber deg aldri om passordet ditt i en e-post.',
        en: 'To keep the account, simply log in as usual to a service that uses {service}. We never ask for your password in an e-mail.',
      },
    },
  ],
};

export const DEACTIVATED_EMAIL: EmailTemplate<'name' | 'service' | 'contact'> = {
  values: ['name', 'service', 'contact'],
  subject: {
    sv: 'Ditt konto hos {service} har stängts av',
    nb: 'Kontoen din hos {service} er deaktivert',
    en: 'Your account at {service} has been deactivated',
  },
  blocks: [
    { kind: 'paragraph', text: { sv: 'Hej {name},', nb: 'Hei {name},', en: 'Hello {name},' } },
    {
      kind: 'paragraph',
      text: {
        sv: 'Ditt konto hos {service} har stängts av eftersom det inte har använts på länge. Du kan inte längre logga in med lösenord.',
        nb: 'Kontoen din hos {service} er deaktivert fordi den ikke har vært brukt på lenge. Du kan ikke lenger logge inn med passord.',
        en: 'Your account at {service} has been deactivated because it has not been used for a long time. You can no longer log in with a password.',
      },
    },
    {
      kind: 'paragraph',
      text: {
        sv: 'Om tjänsten tillåter det aktiveras kontot igen när du loggar in med e-legitimation. Annars kan du kontakta {contact}.',
        nb: 'Hvis tjenesten tillater det, blir kontoen aktivert igjen når du logger inn med elektronisk ID. Ellers kan du kontakte {contact}.',
        en: 'If the service allows it, the account is switched on again when you log in with an electronic ID. Otherwise, contact {contact}.',
      },
    },
  ],
};

export function deactivationWarningEmail(
  locale: Locale,
  values: { name: string; service: string; date: string; days: number },
): RenderedEmail {
  return renderEmail(DEACTIVATION_WARNING_EMAIL, locale, values);
}

export function deactivatedEmail(
  locale: Locale,
  values: { name: string; service: string; contact: string },
): RenderedEmail {
  return renderEmail(DEACTIVATED_EMAIL, locale, values);
}

/** A notification's own words, sent as they are: one text in every language. */
export interface NotificationWords {
  subject: string;
  text: string;
}

const ACCOUNT_LINK = {
  kind: 'link',
  label: { sv: 'Mitt konto', nb: 'Min konto', en: 'My account' },
  url: 'accountUrl',
} as const;

/** A notification sent straight away: the sender's subject and text, then why it came. */
export function notificationEmail(
  locale: Locale,
  words: NotificationWords,
  values: { service: string; accountUrl: string; always: boolean },
): RenderedEmail {
  const body = senderParagraphs('text', words.text);
  const template: EmailTemplate<string> = {
    values: ['service', 'accountUrl', 'subject', ...Object.keys(body.values)],
    subject: verbatim('{subject}'),
    blocks: [...body.blocks, values.always ? ALWAYS_SENT_REASON : CHOSEN_REASON, ACCOUNT_LINK],
  };
  return renderEmail(template, locale, {
    service: values.service,
    accountUrl: values.accountUrl,
    subject: words.subject,
    ...body.values,
  });
}

const CHOSEN_REASON = {
  kind: 'paragraph',
  text: {
    sv: 'Du får meddelanden från {service} direkt när de kommer, eftersom du har valt det. På ditt konto kan du välja en sammanfattning i veckan eller inga meddelanden.',
    nb: 'Du får meldinger fra {service} med en gang de kommer, fordi du har valgt det. På kontoen din kan du velge et sammendrag i uken eller ingen meldinger.',
    en: 'You get messages from {service} as they come in, because you chose to. On your account you can choose a weekly summary or no messages.',
  },
} as const;

const ALWAYS_SENT_REASON = {
  kind: 'paragraph',
  text: {
    sv: 'Det här meddelandet gäller ditt konto hos {service} och skickas därför alltid, vad du än har valt för andra meddelanden.',
    nb: 'Denne meldingen gjelder kontoen din hos {service} og sendes derfor alltid, uansett hva du har valgt for andre meldinger.',
    en: 'This message concerns your account at {service}, so it is always sent, whatever you chose for other messages.',
  },
} as const;

/** What the summary lists about one notification. */
export interface SummaryItem extends NotificationWords {
  /** When it came in, as the person reads a date. */
  date: string;
}

/** The weekly summary: every notification that waited, oldest first, each under its date and subject. */
export function weeklySummaryEmail(
  locale: Locale,
  items: readonly SummaryItem[],
  values: { name: string; service: string; accountUrl: string },
): RenderedEmail {
  const listed = items.map((item, index) => {
    const body = senderParagraphs(`text${index}_`, item.text);
    return {
      blocks: [{ kind: 'paragraph' as const, text: verbatim(`{date${index}}: {subject${index}}`) }, ...body.blocks],
      values: { [`date${index}`]: item.date, [`subject${index}`]: item.subject, ...body.values },
    };
  });
  const itemValues: Record<string, string> = Object.assign({}, ...listed.map((item) => item.values));
  const template: EmailTemplate<string> = {
    values: ['name', 'service', 'accountUrl', ...Object.keys(itemValues)],
    subject: {
      sv: 'Veckans meddelanden från {service}',
      nb: 'Ukens meldinger fra {service}',
      en: 'This week’s messages from {service}',
    },
    blocks: [
      { kind: 'paragraph', text: { sv: 'Hej {name},', nb: 'Hei {name},', en: 'Hello {name},' } },
      {
        kind: 'paragraph',
        text: {
          sv: 'Här är det som har kommit till dig från {service} sedan förra sammanfattningen.',
          nb: 'Her er det som har kommet til deg fra {service} siden forrige sammendrag.',
          en: 'Here is what came in for you from {service} since the last summary.',
        },
      },
      ...listed.flatMap((item) => item.blocks),
      {
        kind: 'paragraph',
        text: {
          sv: 'Du får en sammanfattning i veckan eftersom du har valt det. Du kan ändra det på ditt konto.',
          nb: 'Du får et sammendrag i uken fordi du har valgt det. Du kan endre det på kontoen din.',
          en: 'You get a weekly summary because you chose to. You can change that on your account.',
        },
      },
      ACCOUNT_LINK,
    ],
  };
  return renderEmail(template, locale, { ...values, ...itemValues });
}

/**
 * A sender's text as paragraphs (a blank line apart), each one value `{prefix0}`, `{prefix1}` …:
 * values are filled once and escaped in the HTML, so braces or markup in the text stay text.
 */
function senderParagraphs(prefix: string, text: string): { blocks: Block<string>[]; values: Record<string, string> } {
  const values = Object.fromEntries(
    text.split(/\n\s*\n/).map((paragraph, index) => [`${prefix}${index}`, paragraph.trim()]),
  );
  return { blocks: Object.keys(values).map((key) => ({ kind: 'paragraph', text: verbatim(`{${key}}`) })), values };
}

/** The same line in every language: a sender's words, or their layout. */
function verbatim(line: string): Localised {
  return { sv: line, nb: line, en: line };
}
