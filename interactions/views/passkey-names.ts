// The name a new passkey gets when the person gives none: when it was made, in their language.
import type { Locale } from '../../src/config/schema.ts';
import type { Translate } from '../../src/i18n/translate.ts';

const DATE_LOCALES: Record<Locale, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB' };

export function defaultPasskeyName(t: Translate, locale: Locale, now = new Date()): string {
  return t('passkey.defaultName', { date: new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'medium' }).format(now) });
}
