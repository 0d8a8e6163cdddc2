// The name a new passkey gets when the person gives none: when it was made, in their language.
import type { Locale } from '../../src/config/schema.ts';
import { mediumDate } from '../../src/i18n/dates.ts';
import type { Translate } from '../../src/i18n/translate.ts';

export function defaultPasskeyName(t: Translate, locale: Locale, now = new Date()): string {
  return t('passkey.defaultName', { date: mediumDate(locale, now) });
}
