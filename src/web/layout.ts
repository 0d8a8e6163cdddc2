// The page frame every screen shares: language, landmarks, the skip link and the stylesheet, in
// the look of the organisation the person came from (its name, logo and colours) where it has one.
import type { Locale } from '../config/schema.ts';
import type { Translate } from '../i18n/translate.ts';
import { html, type SafeHtml } from './html.ts';

export interface PageOptions {
  locale: Locale;
  t: Translate;
  title: string;
  body: SafeHtml;
  head?: SafeHtml | undefined;
  /** Links to the same page in the other languages; omitted where a page cannot be reloaded. */
  languageLinks?: { locale: Locale; href: string }[];
  /** The person is logged in here: the header links to their account page. */
  accountLink?: boolean | undefined;
  /** The organisation whose look the page carries; without one, the service's name or Portvakt's. */
  brand?: PageBrand | undefined;
  /** Named in the header when there is no brand: the service the person is logging in to. */
  serviceName?: string | undefined;
}

export interface PageBrand {
  name: string;
  logoUrl?: string | undefined;
  stylesheetUrl?: string | undefined;
  poweredBy: boolean;
}

const LANGUAGE_NAMES: Record<Locale, string> = { sv: 'Svenska', nb: 'Norsk bokmål', en: 'English' };

export function page(options: PageOptions): string {
  const { locale, t, title, body, brand } = options;
  const owner = brand?.name ?? options.serviceName ?? t('app.name');
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} – ${owner}</title>
<link rel="stylesheet" href="/assets/portvakt.css">
${brand?.stylesheetUrl ? html`<link rel="stylesheet" href="${brand.stylesheetUrl}">` : ''}
${options.head}
</head>
<body>
<a class="skip" href="#main">${t('app.skip')}</a>
<header class="top"><span class="brand">${brand?.logoUrl ? html`<img class="brand-logo" src="${brand.logoUrl}" alt="" width="40" height="40">` : ''}${owner}</span><div class="top-links">${options.accountLink ? html`<a href="/account">${t('app.account')}</a>` : ''}${languageNav(options)}</div></header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
${brand?.poweredBy ? html`<footer class="provided-by"><p>${t('app.providedBy')}</p></footer>` : ''}
</body>
</html>`.value;
}

function languageNav({ languageLinks, locale, t }: PageOptions): SafeHtml | undefined {
  if (!languageLinks?.length) return undefined;
  return html`<nav aria-label="${t('app.language')}"><ul class="languages">${languageLinks.map((link) =>
    link.locale === locale
      ? html`<li><span aria-current="true" lang="${link.locale}">${LANGUAGE_NAMES[link.locale]}</span></li>`
      : html`<li><a href="${link.href}" lang="${link.locale}" hreflang="${link.locale}">${LANGUAGE_NAMES[link.locale]}</a></li>`,
  )}</ul></nav>`;
}
