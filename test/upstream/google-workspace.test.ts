// Google Workspace staff logins through the OIDC IdP simulator, wired as the demo wires them: two
// entries (the municipality's domain, the school administration's) at one Google-like issuer,
// the person picker in a browser, the Google preset's claims, the domain rule refusing the wrong
// domain with nothing provisioned, and the `hd` hint narrowing the picker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { pinnedCaFetch } from '../../src/eid/oidc-upstream/transport.ts';
import { googleWorkspaceWiring } from '../../simulators/oidc-idp/demo.ts';
import {
  DEMO_WORKSPACE_PERSONS,
  startOidcIdpSimulator,
  type OidcIdpSimulator,
} from '../../simulators/oidc-idp/index.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { findForm, UserAgent, type Page } from '../support/user-agent.ts';

type Entry = 'google-kommun' | 'google-skola';
const person = (email: string) => DEMO_WORKSPACE_PERSONS.find((candidate) => candidate.email === email)!;
const ANNA = person('anna.andersson@exempelstad.se');
const ERIK = person('erik.ek@exempelstad.se');
const SARA = person('sara.lind@skola.exempelstad.se');
const PELLE = person('pelle.privat@privat.example');
const DIRECT = {
  client_id: 'direct-rp',
  client_secret: 'direct-rp-secret-0123456789',
  redirect_uri: 'http://127.0.0.1:9/direct',
};

describe('Google Workspace logins through the OIDC IdP simulator', () => {
  let idp: OidcIdpSimulator;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;

  before(async () => {
    idp = await startOidcIdpSimulator({ preset: 'google' });
    const wiring = googleWorkspaceWiring(idp);
    pv = await startPortvakt({
      config: {
        oidcUpstreams: wiring.oidcUpstreams,
        policies: { default: { methods: ['oidc.google-kommun', 'oidc.google-skola', 'password'] } },
      },
    });
    for (const client of wiring.clientsFor(pv.issuer)) idp.register(client);
    idp.register({ ...DIRECT, redirect_uris: [DIRECT.redirect_uri] });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await idp?.close();
  });

  /**
   * Starts a login at Portvakt and presses the entry's button: the page at the simulator and the
   * browser there. Portvakt sends no `hd`; a test adds it as a client sending Google's hint would.
   */
  async function toPicker(entry: Entry, hd?: string) {
    const agent = new UserAgent(pv.issuer, 'sv');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid profile email',
      state: 's',
      nonce: 'n',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const chooser = await agent.open(url.href);
    const button = new RegExp(`href="(/interaction/[^"]+/oidc\\.${entry})"`).exec(chooser.html);
    assert.ok(button, `the chooser offers oidc.${entry}:\n${chooser.html}`);
    const atIdp = new URL((await agent.open(button[1]!)).url);
    if (hd) atIdp.searchParams.set('hd', hd);
    const browser = new IdpBrowser(idp.issuer, idp.caPem);
    return { agent, verifier, chooser, browser, picker: await browser.open(atIdp.href) };
  }

  /** Picks `email` on the simulator's picker; the page Portvakt shows when the answer comes back. */
  async function loginAs(entry: Entry, email: string): Promise<{ page: Page; verifier: string; picker: Page }> {
    const { agent, verifier, browser, picker } = await toPicker(entry);
    const callback = await browser.submit(picker, '/login', { person: person(email).sub });
    browser.close();
    return { page: await agent.open(callback.url), verifier, picker };
  }

  const offered = (picker: Page) => [...picker.html.matchAll(/name="person" value="(\d+)"/g)].map((match) => match[1]);

  test('a municipality person picked on the simulator reaches the relying party with Portvakt’s tokens', async () => {
    const { chooser } = await toPicker('google-kommun');
    assert.match(chooser.html, />Exempelstads kommun \(Google\)</);
    assert.match(chooser.html, />Skolförvaltningen \(Google\)</);

    const { page, verifier, picker } = await loginAs('google-kommun', ANNA.email);
    assert.match(picker.html, /<html lang="sv">/, 'the picker speaks the ui_locales Portvakt sends');
    assert.match(picker.html, /<h1>Välj ett konto<\/h1>/);
    assert.match(picker.html, /<fieldset><legend>Testpersoner<\/legend>/);
    assert.match(picker.html, new RegExp(`id="person-${ANNA.sub}"[^>]*>\\s*<label for="person-${ANNA.sub}">`));
    assert.deepEqual(
      offered(picker),
      DEMO_WORKSPACE_PERSONS.map((candidate) => candidate.sub),
      'no hd, no filter',
    );

    assert.ok(page.url.startsWith(TEST_CLIENT.redirect_uris[0]!), `${page.url}\n${page.html}`);
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(page.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    const claims = tokens.claims()!;
    const account = await pv.portvakt.accounts.findByIdentity('upstream_subject', ANNA.sub, idp.issuer);
    assert.equal(claims.sub, account?.id, 'Portvakt’s own subject, not Google’s');
    assert.deepEqual(claims.amr, ['pwd'], 'the entry’s configured amr: Google reports none');
    assert.equal(claims.acr, 'http://id.elegnamnden.se/loa/1.0/loa2');
    const userInfo = await oidc.fetchUserInfo(rp, tokens.access_token, claims.sub);
    assert.deepEqual(
      [userInfo.given_name, userInfo.family_name, userInfo.email, userInfo.email_verified],
      ['Anna', 'Andersson', ANNA.email, true],
    );
    const demoAnna = await pv.portvakt.accounts.findByIdentity('username', 'anna');
    assert.notEqual(account?.id, demoAnna?.id, 'anna@example.org is no Workspace address: a new account');
  });

  test('the Google preset: numeric subjects, hd for Workspace accounts only, verified e-mail, no amr', async () => {
    const transport = pinnedCaFetch(idp.caPem);
    const direct = await oidc.discovery(new URL(idp.issuer), DIRECT.client_id, DIRECT.client_secret, undefined, {
      [oidc.customFetch]: transport.fetch,
    });
    // One browser for both: no single sign-on at the simulator, so the second login shows the
    // picker too, and picking someone else passes through oidc-provider's account switch.
    const browser = new IdpBrowser(idp.issuer, idp.caPem);
    for (const [who, hd] of [
      [SARA, 'skola.exempelstad.se'],
      [PELLE, undefined],
    ] as const) {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(direct, {
        redirect_uri: DIRECT.redirect_uri,
        scope: 'openid email profile',
        nonce: 'n',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const callback = await browser.submit(await browser.open(url.href), '/login', { person: who.sub });
      const tokens = await oidc.authorizationCodeGrant(direct, new URL(callback.url), {
        pkceCodeVerifier: verifier,
        expectedNonce: 'n',
      });
      const { sub, email, email_verified, name, given_name, family_name, amr, acr } = tokens.claims()!;
      assert.match(sub, /^\d{21}$/);
      assert.deepEqual(
        [email, email_verified, name, given_name, family_name],
        [who.email, true, `${who.givenName} ${who.familyName}`, who.givenName, who.familyName],
      );
      assert.equal(tokens.claims()!.hd, hd);
      assert.deepEqual([amr, acr], [undefined, undefined]);
    }
    browser.close();
    transport.close();
  });

  test('a person outside the entry’s domain is refused in Swedish, and nothing is provisioned', async () => {
    for (const [entry, who, domain] of [
      ['google-skola', ERIK, 'exempelstad.se'],
      ['google-kommun', SARA, 'skola.exempelstad.se'],
      ['google-kommun', PELLE, 'privat.example'],
    ] as const) {
      const { page } = await loginAs(entry, who.email);
      assert.equal(page.status, 400, `${who.email} at ${entry}`);
      assert.match(page.html, /hör inte till en organisation som får använda den här tjänsten/);
      const audit = (await pv.portvakt.audit.find({ type: 'login.upstream', latest: 1 }))[0]!;
      assert.deepEqual([audit.outcome, audit.detail.reason, audit.detail.domain], ['failure', 'domain', domain]);
      assert.equal(await pv.portvakt.accounts.findByIdentity('upstream_subject', who.sub, idp.issuer), undefined);
    }
  });

  test('the hd hint narrows the picker; a narrowed pick still logs in', async () => {
    const { picker: all } = await toPicker('google-kommun', '*');
    assert.deepEqual(
      offered(all),
      DEMO_WORKSPACE_PERSONS.filter((p) => p.hostedDomain).map((p) => p.sub),
    );
    assert.match(all.html, /bad om konton i någon Workspace-domän/);

    const { agent, browser, picker } = await toPicker('google-kommun', 'exempelstad.se');
    assert.deepEqual(offered(picker), [ANNA.sub, ERIK.sub]);
    assert.match(picker.html, /bad om konton i exempelstad\.se; bara de visas/);
    const page = await agent.open((await browser.submit(picker, '/login', { person: ERIK.sub })).url);
    assert.ok(page.url.startsWith(TEST_CLIENT.redirect_uris[0]!), `${page.url}\n${page.html}`);
    browser.close();
  });

  test('the picker asks again when nobody is picked, and Cancel reaches Portvakt as a refusal', async () => {
    const { agent, browser, picker } = await toPicker('google-skola');
    const again = await browser.submit(picker, '/login', { person: '' });
    assert.equal(again.status, 400);
    assert.match(again.html, /role="alert"[^>]*>Välj en person\.</);
    const page = await agent.open((await browser.submit(again, '/abort')).url);
    browser.close();
    assert.equal(page.status, 400);
    assert.match(page.html, /Din organisations inloggningstjänst loggade inte in dig/);
    assert.equal((await pv.portvakt.audit.find({ type: 'login.upstream', latest: 1 }))[0]!.detail.reason, 'denied');
  });
});

/** The person's browser at the simulator: trusts its CA, keeps its cookies, follows redirects until they leave it. */
class IdpBrowser {
  readonly #cookies = new Map<string, string>();
  readonly #transport: ReturnType<typeof pinnedCaFetch>;

  constructor(
    private readonly origin: string,
    caPem: string,
  ) {
    this.#transport = pinnedCaFetch(caPem);
  }

  async open(url: string, form?: Record<string, string>): Promise<Page> {
    let current = new URL(url);
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hops = 0; hops < 10; hops += 1) {
      const headers: Record<string, string> = { cookie: [...this.#cookies].map((pair) => pair.join('=')).join('; ') };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await this.#transport.fetch(current.href, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body,
        redirect: 'manual',
      });
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
      // oidc-provider's self-submitting form (an account switch), submitted as a browser's script would.
      if (!location) return /document\.forms\[0\]\.submit\(\)/.test(page.html) ? this.submit(page, '') : page;
      current = new URL(location, current);
      body = undefined;
      if (current.origin !== this.origin) return { ...page, url: current.href, html: '' };
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
