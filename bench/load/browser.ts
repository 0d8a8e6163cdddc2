// A person's browser reduced to what a login needs: a cookie jar, redirects followed by hand
// while they stay on the provider's origin, and forms filled in with their hidden fields.

export interface Page {
  url: string;
  status: number;
  html: string;
}

export interface Form {
  action: string;
  fields: Record<string, string>;
}

const MAX_HOPS = 10;

export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  /** Follows redirects on the origin; a redirect that leaves it ends the walk with that URL. */
  async open(url: string, form?: Record<string, string>): Promise<Page> {
    let current = new URL(url, this.origin);
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hop = 0; hop < MAX_HOPS; hop += 1) {
      const response = await fetch(current, {
        method: body ? 'POST' : 'GET',
        redirect: 'manual',
        body: body ?? null,
        headers: this.headers(body !== undefined),
      });
      this.keep(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        current = new URL(location, current);
        if (current.origin !== this.origin) return { url: current.toString(), status: response.status, html: '' };
        body = undefined;
        continue;
      }
      return { url: current.toString(), status: response.status, html: await response.text() };
    }
    throw new Error(`more than ${MAX_HOPS} redirects from ${url}`);
  }

  submit(page: Page, form: Form, fields: Record<string, string> = {}): Promise<Page> {
    return this.open(new URL(form.action, page.url).toString(), { ...form.fields, ...fields });
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: 'text/html', 'accept-language': 'en' };
    if (hasBody) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin });
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return headers;
  }

  private keep(setCookies: string[]): void {
    for (const header of setCookies) {
      const pair = header.split(';')[0] ?? '';
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The forms on a page, with their hidden fields (the CSRF token among them). */
export function forms(html: string): Form[] {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map((match) => {
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (name) fields[decode(name)] = decode(/value="([^"]*)"/.exec(input[0])?.[1] ?? '');
    }
    return { action: decode(match[1]!), fields };
  });
}

function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
