// Picks the person's language (ui_locales, then Accept-Language, then the configured default) and
// fills message placeholders.
import { LOCALES, type Locale } from '../config/schema.ts';
import { translatorFor, type PlainKey, type Translator } from './catalogue.ts';
import { MESSAGES } from './messages.ts';

export type Translate = Translator<typeof MESSAGES>;

/** A message that takes no values: a label a table or a method may name. */
export type PlainMessageKey = PlainKey<typeof MESSAGES>;

export function translator(locale: Locale): Translate {
  return translatorFor(MESSAGES, locale);
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** Norwegian arrives as nb, no or nn; all are served in bokmål. */
function toLocale(tag: string): Locale | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === 'no' || primary === 'nn') return 'nb';
  return isLocale(primary) ? primary : undefined;
}

export function negotiateLocale(options: {
  uiLocales?: string | undefined;
  acceptLanguage?: string | undefined;
  fallback: Locale;
}): Locale {
  for (const tag of (options.uiLocales ?? '').split(' ')) {
    const locale = toLocale(tag);
    if (locale) return locale;
  }
  const ranked = (options.acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const locale = toLocale(tag);
    if (locale) return locale;
  }
  return options.fallback;
}
