// Renders a localised e-mail template to subject, plain text and a simple HTML part. Templates are
// data (texts per language with `{placeholders}`, a code block, a link); every value is escaped in
// the HTML, and a link must be http(s). Texts come from us, values from anywhere.
import { fillPlaceholders } from '../i18n/catalogue.ts';
import type { Locale } from '../config/schema.ts';
import { escapeHtml } from '../web/html.ts';

export type Localised = Readonly<Record<Locale, string>>;

export type Block<V extends string> =
  | { kind: 'paragraph'; text: Localised }
  /** A value shown on its own and large, e.g. the one-time code. */
  | { kind: 'code'; value: V }
  | { kind: 'link'; label: Localised; url: V };

export interface EmailTemplate<V extends string> {
  /** The placeholders the texts may use; a test checks no text uses another. */
  values: readonly V[];
  subject: Localised;
  blocks: readonly Block<V>[];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type TemplateValues<V extends string> = Readonly<Record<V, string | number>>;

export function renderEmail<V extends string>(
  template: EmailTemplate<V>,
  locale: Locale,
  values: TemplateValues<V>,
): RenderedEmail {
  // A header cannot carry a line break; a value with one would end the Subject line.
  const subject = fillPlaceholders(template.subject[locale], values).replace(/[\r\n]+/g, ' ');
  const parts = template.blocks.map((block) => renderBlock(block, locale, values));
  return {
    subject,
    text: `${parts.map((part) => part.text).join('\n\n')}\n`,
    html: htmlDocument(locale, subject, parts.map((part) => part.html).join('\n')),
  };
}

function renderBlock<V extends string>(
  block: Block<V>,
  locale: Locale,
  values: TemplateValues<V>,
): { text: string; html: string } {
  switch (block.kind) {
    case 'paragraph': {
      const text = fillPlaceholders(block.text[locale], values);
      return { text, html: `<p>${escapeHtml(text)}</p>` };
    }
    case 'code': {
      const code = String(values[block.value]);
      return {
        text: `    ${code}`,
        html: `<p style="font-family:monospace;font-size:1.75em;font-weight:bold;letter-spacing:0.2em">${escapeHtml(code)}</p>`,
      };
    }
    case 'link': {
      const url = checkedUrl(String(values[block.url]));
      const label = fillPlaceholders(block.label[locale], values);
      return { text: `${label}:\n${url}`, html: `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>` };
    }
  }
}

function checkedUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`a link in an e-mail must be http(s), not ${url.protocol}`);
  return url.href;
}

function htmlDocument(locale: Locale, subject: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5;max-width:36em">',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
