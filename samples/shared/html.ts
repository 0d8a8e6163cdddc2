// The portals' own escaping, so they use nothing of Portvakt's: `html` escapes every value it
// is given unless it is markup made by `html` itself (or lists of such), and `escapeHtml` a string.
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const escapeHtml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];
const markup = (part: Part): string =>
  part instanceof SafeHtml
    ? part.value
    : Array.isArray(part)
      ? part.map(markup).join('')
      : part === null || part === undefined || part === false
        ? ''
        : escapeHtml(String(part));

export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  return new SafeHtml(
    strings.reduce((out, text, index) => out + text + (index < parts.length ? markup(parts[index]!) : ''), ''),
  );
}
