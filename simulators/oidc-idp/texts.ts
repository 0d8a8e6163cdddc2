// The picker's words, in Swedish, Norwegian bokmål and English, and the language a request asks for.
import { translatorFor, type ValuesArgument } from '../../src/i18n/catalogue.ts';

export const PICKER_LANGUAGES = ['sv', 'nb', 'en'] as const;
export type PickerLanguage = (typeof PICKER_LANGUAGES)[number];

const TEXTS = {
  banner: {
    sv: 'Simulator för test och demo. Detta är inte {brand} och används aldrig i produktion.',
    nb: 'Simulator for test og demo. Dette er ikke {brand} og brukes aldri i produksjon.',
    en: 'Simulator for tests and demos. This is not {brand} and is never used in production.',
  },
  title: { sv: 'Välj ett konto', nb: 'Velg en konto', en: 'Choose an account' },
  intro: {
    sv: 'för att fortsätta till {client}',
    nb: 'for å fortsette til {client}',
    en: 'to continue to {client}',
  },
  persons: { sv: 'Testpersoner', nb: 'Testpersoner', en: 'Test persons' },
  narrowed: {
    sv: 'Tjänsten bad om konton i {domain}; bara de visas.',
    nb: 'Tjenesten ba om kontoer i {domain}; bare de vises.',
    en: 'The service asked for accounts in {domain}; only those are shown.',
  },
  anyWorkspace: {
    sv: 'någon Workspace-domän',
    nb: 'et hvilket som helst Workspace-domene',
    en: 'any Workspace domain',
  },
  none: {
    sv: 'Det finns ingen testperson här som passar.',
    nb: 'Det finnes ingen testperson her som passer.',
    en: 'No test person here fits.',
  },
  consumer: { sv: 'privat konto', nb: 'privat konto', en: 'personal account' },
  fodselsnummer: { sv: 'födelsenummer', nb: 'fødselsnummer', en: 'national identity number' },
  dNumber: { sv: 'D-nummer', nb: 'D-nummer', en: 'D-number' },
  choose: { sv: 'Välj en person.', nb: 'Velg en person.', en: 'Choose a person.' },
  continue: { sv: 'Fortsätt', nb: 'Fortsett', en: 'Continue' },
  cancel: { sv: 'Avbryt', nb: 'Avbryt', en: 'Cancel' },
} as const satisfies Record<string, Record<PickerLanguage, string>>;

export type PickerTextKey = keyof typeof TEXTS;

export function pickerText<Key extends PickerTextKey>(
  language: PickerLanguage,
  key: Key,
  ...values: ValuesArgument<(typeof TEXTS)[Key]>
): string {
  return translatorFor(TEXTS, language)(key, ...values);
}

/** The first of `ui_locales` the picker speaks, then the browser's languages, then Swedish. */
export function pickLanguage(uiLocales: unknown, acceptLanguage: string): PickerLanguage {
  const wanted = [
    ...(typeof uiLocales === 'string' ? uiLocales.split(' ') : []),
    ...acceptLanguage.split(',').map((tag) => tag.split(';')[0] ?? ''),
  ].map((tag) => tag.trim().slice(0, 2).toLowerCase());
  for (const tag of wanted) {
    if (tag === 'no' || tag === 'nn') return 'nb';
    if ((PICKER_LANGUAGES as readonly string[]).includes(tag)) return tag as PickerLanguage;
  }
  return 'sv';
}
