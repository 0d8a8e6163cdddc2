// Dates as a person reads them in their language: the Intl locale for each of ours.
import type { Locale } from '../config/schema.ts';

export const DATE_LOCALES: Readonly<Record<Locale, string>> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB' };

/** A day such as "3 dec. 2026", "3. des. 2026" or "3 Dec 2026". */
export function mediumDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'medium' }).format(date);
}
