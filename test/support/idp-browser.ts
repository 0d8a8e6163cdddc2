// The person's browser at an OpenID Connect IdP simulator (simulators/oidc-idp): trusts its CA,
// keeps its cookies, and follows redirects until they leave it, which is where Portvakt takes over.
import { pinnedCaFetch } from '../../src/eid/oidc-upstream/transport.ts';
import type { OidcIdpSimulator } from '../../simulators/oidc-idp/index.ts';
import { findForm, type Page } from './user-agent.ts';

export class IdpBrowser {
  readonly #cookies = new Map<string, string>();
  readonly #transport: ReturnType<typeof pinnedCaFetch>;
  readonly #origin: string;

  constructor(simulator: Pick<OidcIdpSimulator, 'issuer' | 'caPem'>) {
    this.#origin = simulator.issuer;
    this.#transport = pinnedCaFetch(simulator.caPem);
  }

  /** The page at the simulator, or, once a redirect leaves it, that address with no body. */
  async open(url: string, form?: Record<string, string>): Promise<Page> {
    let current = new URL(url);
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hops = 0; hops < 10; hops += 1) {
      const headers: Record<string, string> = { cookie: [...this.#cookies].map((pair) => pair.join('=')).join('; ') };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const method = body === undefined ? 'GET' : 'POST';
      const response = await this.#transport.fetch(current.href, { method, headers, body, redirect: 'manual' });
      for (const header of response.headers.getSetCookie()) {
        const [pair = ''] = header.split(';');
        this.#cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      const location = response.headers.get('location');
      const page = {
        url: current.href,
        status: response.status,
        html: await response.text(),
        headers: response.headers,
      };
      if (!location) return page;
      current = new URL(location, current);
      body = undefined;
      if (current.origin !== this.#origin) return { ...page, url: current.href, html: '' };
    }
    throw new Error('too many redirects at the simulator');
  }

  submit(page: Page, actionPart: string, fields: Record<string, string> = {}): Promise<Page> {
    const form = findForm(page.html, actionPart);
    return this.open(new URL(form.action, page.url).href, { ...form.hidden, ...fields });
  }

  close(): void {
    this.#transport.close();
  }
}

/** Picks `sub` at the simulator the authorization request `url` opens: the issuer's answer, addressed to Portvakt. */
export async function pickAt(
  simulator: Pick<OidcIdpSimulator, 'issuer' | 'caPem'>,
  url: string,
  sub: string,
): Promise<string> {
  const browser = new IdpBrowser(simulator);
  try {
    const picker = await browser.open(url);
    return (await browser.submit(picker, '/login', { person: sub })).url;
  } finally {
    browser.close();
  }
}
