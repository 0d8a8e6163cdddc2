// Norwegians on the health trust's Læringsportal in Chromium, as the demo wires them: ID-porten
// and HelseID on the chooser, the issuer's person picker, and back at the portal's courses. The
// same person through the other issuer reaches the same account (the number each proves is the
// key), and a D-number holder gets in as a fødselsnummer holder does. Every Portvakt screen is
// checked with axe at desktop and phone size, in the language the person picked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startLaringsportal } from '../../samples/laringsportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import {
  HELSEID_PERSONS,
  IDPORTEN_PERSONS,
  startOidcIdpSimulator,
  type OidcIdpSimulator,
} from '../../simulators/oidc-idp/index.ts';
import { norwegianWiring } from '../../simulators/oidc-idp/norwegian-demo.ts';
import { freePort, portalClient } from '../samples/free-port.ts';
import { arrivedAt, demoPolicies, Journey, journeyFolder, type Lang } from './journey.ts';

const TEXT = {
  nb: { signIn: 'Logg inn', signOut: 'Logg ut', persons: 'Testpersoner', next: 'Fortsett' },
  en: { signIn: 'Logg inn', signOut: 'Logg ut', persons: 'Test persons', next: 'Continue' },
} as const satisfies Partial<Record<Lang, Record<string, string>>>;

const person = (persons: typeof IDPORTEN_PERSONS, givenName: string) =>
  persons.find((candidate) => candidate.givenName === givenName)!;

describe('Norwegian identities on the Læringsportal', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let portal: RunningPortal;
  let idporten: OidcIdpSimulator;
  let helseid: OidcIdpSimulator;

  before(async () => {
    const port = await freePort();
    const client = portalClient('laringsportal', port, {
      client_name: 'Læringsportal',
      brand: 'helse-eksempel',
      login_policy: 'helse',
    });
    [idporten, helseid] = await Promise.all([
      startOidcIdpSimulator({ preset: 'idporten' }),
      startOidcIdpSimulator({ preset: 'helseid' }),
    ]);
    const wiring = await norwegianWiring({ idporten, helseid });
    [pv, browser] = await Promise.all([
      startPortvakt({ config: { ...(await demoPolicies()), oidcUpstreams: wiring.oidcUpstreams, clients: [client] } }),
      launchBrowser(),
    ]);
    const registrations = wiring.clientsFor(pv.issuer);
    idporten.register(registrations.idporten);
    helseid.register(registrations.helseid);
    portal = await startLaringsportal({
      issuer: pv.issuer,
      port,
      host: '127.0.0.1',
      clientId: client.client_id,
      clientSecret: client.client_secret,
      allowInsecureIssuer: true,
    });
    console.log(`# screenshots: ${journeyFolder('laring-norwegian')}`);
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
    await pv?.close();
    await Promise.all([idporten?.close(), helseid?.close()]);
  });

  const holders = (number: string) => pv.portvakt.accounts.findAllByIdentity('no_national_id', number);

  /** From the portal's front page through Portvakt's chooser and the issuer's picker to the courses. */
  async function logIn(journey: Journey, page: Page, issuer: 'ID-porten' | 'HelseID', fullName: string) {
    const text = TEXT[journey.lang as keyof typeof TEXT];
    await page.goto(`${portal.url}/`);
    await page.getByRole('main').getByRole('link', { name: text.signIn }).click();
    await arrivedAt(page, pv.issuer);
    await journey.pickLanguage(page);
    await journey.portvakt(page, `chooser-${issuer}`);
    // English names the country: "ID-porten (Norway)".
    await page.getByRole('link', { name: new RegExp(`^${issuer}`) }).click();
    await arrivedAt(page, issuer === 'HelseID' ? helseid.issuer : idporten.issuer);
    const picker = page.getByRole('group', { name: text.persons });
    await picker.waitFor();
    assert.equal(
      await page.getAttribute('html', 'lang'),
      journey.lang,
      'the picker speaks the language Portvakt sends',
    );
    await journey.portal(page, `${issuer}-picker`);
    await picker.getByLabel(new RegExp(`^${fullName}`)).check();
    await page.getByRole('button', { name: text.next }).click();
    await page.waitForURL(`${portal.url}/kurs`);
    assert.match(await page.locator('main').innerText(), new RegExp(`Innlogget som ${fullName}\\.`));
    await journey.portal(page, `portal-courses-${issuer}`);
    await page.getByRole('button', { name: text.signOut }).click();
    await page.waitForURL(`${portal.url}/`);
  }

  test('ID-porten, then HelseID, with the same fødselsnummer: one account, proven by both (nb)', async () => {
    const kari = person(IDPORTEN_PERSONS, 'Kari');
    const journey = new Journey(browser, 'laring-norwegian', 'nb', { ignoreHTTPSErrors: true });
    const page = await journey.page();
    await logIn(journey, page, 'ID-porten', 'Kari Nordmann');
    const [account, ...others] = await holders(kari.nationalId!);
    assert.equal(others.length, 0);
    assert.ok(
      account!.identities.some(
        (identity) => identity.type === 'no_national_id' && identity.value === kari.nationalId && identity.verified,
      ),
      'the account holds the number ID-porten proved, verified',
    );

    await logIn(journey, page, 'HelseID', 'Kari Nordmann');
    const after = await holders(kari.nationalId!);
    assert.deepEqual(
      after.map((holder) => holder.id),
      [account!.id],
      'HelseID with the same number reaches the same account',
    );
    const issuers = after[0]!.identities.filter((identity) => identity.type === 'upstream_subject');
    assert.deepEqual(issuers.map((identity) => identity.issuer).sort(), [helseid.issuer, idporten.issuer].sort());
    await journey.close();
  });

  test('a D-number holder through ID-porten gets an account of her own (en)', async () => {
    const marta = person(IDPORTEN_PERSONS, 'Marta');
    const journey = new Journey(browser, 'laring-norwegian', 'en', { ignoreHTTPSErrors: true });
    const page = await journey.page();
    await logIn(journey, page, 'ID-porten', 'Marta Kowalska');
    const [account, ...others] = await holders(marta.nationalId!);
    assert.equal(others.length, 0);
    assert.notDeepEqual(
      await holders(person(HELSEID_PERSONS, 'Kari').nationalId!).then((found) => found.map((holder) => holder.id)),
      [account!.id],
      'nobody else’s account',
    );
    await journey.close();
  });
});
