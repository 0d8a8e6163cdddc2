// A person's browser over plain HTTP: keeps cookies, follows redirects until they leave Portvakt,
// and fills in forms the way a person would (reading hidden fields such as the CSRF token).
import { connect } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

export interface Page {
  url: string;
  status: number;
  html: string;
  headers: Headers;
}

export interface UserAgentOptions {
  /** Extra headers on every request, such as a forwarded address. */
  headers?: Record<string, string>;
  /** Connect from this loopback address (127.0.0.2, …) instead of 127.0.0.1. */
  localAddress?: string;
}

export class UserAgent {
  private readonly cookies = new Map<string, string>();
  private readonly fetch: typeof globalThis.fetch;

  constructor(
    private readonly origin: string,
    private readonly acceptLanguage = 'sv',
    private options: UserAgentOptions = {},
  ) {
    const dispatcher = options.localAddress ? fromAddress(options.localAddress) : undefined;
    this.fetch = dispatcher
      ? (input, init) =>
          undiciFetch(input as string, { ...(init as object), dispatcher }) as unknown as Promise<Response>
      : globalThis.fetch;
  }

  /** This browser moves to another network: later requests carry these headers (a forwarded address). */
  moveTo(headers: Record<string, string>): void {
    this.options = { ...this.options, headers };
  }

  /** The same browser seen from elsewhere (another network): takes another agent's cookies. */
  adoptCookies(other: UserAgent): void {
    for (const [name, value] of other.cookies) this.cookies.set(name, value);
  }

  /** Follows redirects on Portvakt's origin; returns the last page, or the URL that leaves it. */
  async open(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    let current = new URL(url, this.origin);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hops = 0; hops < 20; hops += 1) {
      const response = await this.fetch(current, {
        method,
        redirect: 'manual',
        body: body ?? null,
        headers: {
          ...this.options.headers,
          'accept-language': this.acceptLanguage,
          accept: 'text/html',
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin } : {}),
          ...(this.cookies.size
            ? { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
            : {}),
        },
      });
      this.store(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current);
        await response.arrayBuffer();
        if (current.origin !== this.origin)
          return { url: current.toString(), status: response.status, html: '', headers: response.headers };
        method = 'GET';
        body = undefined;
        continue;
      }
      return {
        url: current.toString(),
        status: response.status,
        html: await response.text(),
        headers: response.headers,
      };
    }
    throw new Error('too many redirects');
  }

  /** Submits the form whose action contains `actionPart`, with its hidden fields and `fields`. */
  async submit(page: Page, actionPart: string, fields: Record<string, string> = {}): Promise<Page> {
    const form = findForm(page.html, actionPart);
    return this.open(new URL(form.action, page.url).toString(), {
      method: 'POST',
      form: { ...form.hidden, ...fields },
    });
  }

  /** The Cookie header this browser would send, for tests that craft their own requests. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  /** Every Set-Cookie header this browser was sent, in order, attributes included. */
  readonly setCookieHeaders: string[] = [];

  private store(setCookies: string[]): void {
    this.setCookieHeaders.push(...setCookies);
    for (const header of setCookies) {
      const [pair = ''] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** An undici agent whose connections leave from the given loopback address. */
function fromAddress(localAddress: string): Agent {
  return new Agent({
    connect: (options, callback) => {
      const socket = connect({ host: options.hostname, port: Number(options.port), localAddress });
      socket.once('connect', () => callback(null, socket));
      socket.once('error', (error) => callback(error, null));
      return socket;
    },
  });
}

export function findForm(html: string, actionPart: string): { action: string; hidden: Record<string, string> } {
  const forms = [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  const match = forms.find((candidate) => decode(candidate[1]!).includes(actionPart));
  if (!match) throw new Error(`no form with action containing ${actionPart} in:\n${html}`);
  const hidden: Record<string, string> = {};
  for (const input of match[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1];
    if (name) hidden[decode(name)] = decode(value ?? '');
  }
  return { action: decode(match[1]!), hidden };
}

function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
