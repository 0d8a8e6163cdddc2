// Norwegian identities through the ID-porten and HelseID simulators, wired as the demo wires them
// (entries that name only a preset and Portvakt's registration): the number each issuer proves
// finds one account, the issuer's level becomes Portvakt's acr, a level the table does not know or
// one below the client's minimum is refused with nothing provisioned, and a bad preset stops the
// configuration. The simulators' people must have numbers that Portvakt's own validation accepts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { parseNorwegianId } from '../../src/accounts/fodselsnummer.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { ACR } from '../../src/provider/vocabulary.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import {
  HELSEID_PERSONS,
  IDPORTEN_PERSONS,
  startOidcIdpSimulator,
  type OidcIdpSimulator,
  type SimulatedPerson,
} from '../../simulators/oidc-idp/index.ts';
import { norwegianWiring } from '../../simulators/oidc-idp/norwegian-demo.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { IdpBrowser } from '../support/idp-browser.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

type Entry = 'idporten' | 'helseid' | 'idporten-strict';
const at = (persons: readonly SimulatedPerson[], givenName: string) =>
  persons.find((person) => person.givenName === givenName)!;
const KARI = at(IDPORTEN_PERSONS, 'Kari');
const OLA = at(IDPORTEN_PERSONS, 'Ola');
const MARTA = at(IDPORTEN_PERSONS, 'Marta');
const STRICT_SECRET = 'idporten-strict-secret-0123456789';

describe('Norwegian identities through ID-porten and HelseID', () => {
  let idporten: OidcIdpSimulator;
  let helseid: OidcIdpSimulator;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;

  before(async () => {
    [idporten, helseid] = await Promise.all([
      startOidcIdpSimulator({ preset: 'idporten' }),
      startOidcIdpSimulator({ preset: 'helseid' }),
    ]);
    const wiring = await norwegianWiring({ idporten, helseid });
    // A third entry at the same ID-porten with a table of its own: it knows only "substantial",
    // and calls it loa2, below this client's minimum.
    const strict: NonNullable<ConfigInput['oidcUpstreams']>[number] = {
      name: 'idporten-strict',
      preset: 'idporten',
      label: { sv: 'ID-porten (strikt)', nb: 'ID-porten (streng)', en: 'ID-porten (strict)' },
      issuer: idporten.issuer,
      caPem: idporten.caPem,
      clientId: 'portvakt-idporten-strict',
      clientAuth: { method: 'client_secret_post', secret: STRICT_SECRET },
      linking: { onNoMatch: 'provision' },
      assurance: { claim: 'acr', levels: { 'idporten-loa-substantial': { acr: ACR.loa2, amr: ['mfa'] } } },
    };
    pv = await startPortvakt({
      config: {
        oidcUpstreams: [...wiring.oidcUpstreams, strict],
        policies: {
          default: {
            methods: ['oidc.idporten', 'oidc.helseid', 'oidc.idporten-strict', 'password'],
            minimumAcr: ACR.loa3,
          },
        },
      },
    });
    const clients = wiring.clientsFor(pv.issuer);
    idporten.register(clients.idporten);
    helseid.register(clients.helseid);
    idporten.register({
      client_id: strict.clientId,
      client_secret: STRICT_SECRET,
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [`${pv.issuer}/upstream/oidc/idporten-strict/callback`],
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await Promise.all([idporten?.close(), helseid?.close()]);
  });

  /** From the relying party through Portvakt's chooser to the issuer's picker, a pick, and back to Portvakt. */
  async function login(entry: Entry, person: SimulatedPerson) {
    const agent = new UserAgent(pv.issuer, 'nb');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid profile',
      state: 's',
      nonce: 'n',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const chooser = await agent.open(url.href);
    const button = new RegExp(`href="(/interaction/[^"]+/oidc\\.${entry})"`).exec(chooser.html);
    assert.ok(button, `the chooser offers oidc.${entry}:\n${chooser.html}`);
    const browser = new IdpBrowser(entry === 'helseid' ? helseid : idporten);
    const picker = await browser.open((await agent.open(button[1]!)).url);
    const callback = await browser.submit(picker, '/login', { person: person.sub });
    browser.close();
    return { chooser, picker, page: await agent.open(callback.url), verifier };
  }

  async function tokensOf({ page, verifier }: { page: Page; verifier: string }) {
    assert.ok(page.url.startsWith(TEST_CLIENT.redirect_uris[0]!), `${page.url}\n${page.html}`);
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(page.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    return tokens.claims()!;
  }

  const holders = (number: string) => pv.portvakt.accounts.findAllByIdentity('no_national_id', number);

  test('the simulators’ people have valid numbers, one a D-number, at both issuers under own subjects', () => {
    const kinds = IDPORTEN_PERSONS.map((person) => parseNorwegianId(person.nationalId!)?.kind);
    assert.ok(
      kinds.every((kind) => kind !== undefined),
      'every number passes src/accounts/fodselsnummer.ts',
    );
    assert.deepEqual(
      kinds.filter((kind) => kind === 'dNumber'),
      ['dNumber'],
    );
    assert.deepEqual(
      HELSEID_PERSONS.map((person) => person.nationalId),
      IDPORTEN_PERSONS.map((person) => person.nationalId),
    );
    assert.ok(HELSEID_PERSONS.every((person, index) => person.sub !== IDPORTEN_PERSONS[index]!.sub));
  });

  test('an ID-porten login gives an account holding the number verified, at loa3; the next finds it', async () => {
    // The demo's `kari` holds no number: a login with Kari Nordmann's number must not land there.
    const passwordKari = await pv.portvakt.accounts.create({
      givenName: 'Kari',
      familyName: 'Nordmann',
      identities: [{ type: 'username', issuer: '', value: 'kari', verified: true }],
    });
    const first = await login('idporten', KARI);
    assert.match(first.chooser.html, />ID-porten</);
    assert.match(first.chooser.html, />HelseID</);
    assert.match(first.picker.html, /<html lang="nb">/, 'the picker speaks the ui_locales Portvakt sends');
    assert.match(first.picker.html, new RegExp(`Kari Nordmann <span>fødselsnummer ${KARI.nationalId} · BankID`));
    assert.match(first.picker.html, new RegExp(`Marta Kowalska <span>D-nummer ${MARTA.nationalId} · BankID`));
    const claims = await tokensOf(first);
    assert.deepEqual([claims.acr, claims.amr], [ACR.loa3, ['mfa']], 'idporten-loa-high through the preset’s table');

    const [account, ...others] = await holders(KARI.nationalId!);
    assert.equal(others.length, 0);
    assert.equal(account!.id, claims.sub);
    assert.notEqual(account!.id, passwordKari.id, 'Portvakt never links by name');
    assert.deepEqual(
      account!.identities.find((identity) => identity.type === 'no_national_id'),
      { type: 'no_national_id', issuer: '', value: KARI.nationalId, verified: true },
    );
    assert.deepEqual([account!.givenName, account!.familyName], ['Kari', 'Nordmann']);

    const again = await tokensOf(await login('idporten', KARI));
    assert.equal(again.sub, claims.sub, 'the second login finds the same account');
    assert.equal((await holders(KARI.nationalId!)).length, 1);
  });

  test('a HelseID login with the same number (private_key_jwt) finds that account, proven by both', async () => {
    const viaIdporten = (await holders(KARI.nationalId!))[0]!;
    const helseKari = at(HELSEID_PERSONS, 'Kari');
    const claims = await tokensOf(await login('helseid', helseKari));
    assert.equal(claims.sub, viaIdporten.id);
    assert.deepEqual([claims.acr, claims.amr], [ACR.loa3, ['mfa']], 'security level 4 through the preset’s table');
    const account = (await pv.portvakt.accounts.findById(viaIdporten.id))!;
    const subjects = account.identities.filter((identity) => identity.type === 'upstream_subject');
    assert.deepEqual(subjects.map((identity) => identity.issuer).sort(), [helseid.issuer, idporten.issuer].sort());
    assert.deepEqual(
      subjects.map((identity) => identity.value).sort(),
      [helseKari.sub, KARI.nationalId].sort(),
      'ID-porten keys the person by pid, HelseID by its sub',
    );
  });

  test('a level the table does not know, or below the client’s minimum, is refused; nothing provisioned', async () => {
    for (const [person, detail] of [
      [MARTA, { reported: 'idporten-loa-high' }],
      [OLA, { acr: ACR.loa2 }],
    ] as const) {
      const { page } = await login('idporten-strict', person);
      assert.equal(page.status, 400, `${person.givenName}: ${page.url}`);
      assert.match(page.html, /Innloggingen hadde ikke sikkerhetsnivået tjenesten krever/);
      const audit = (await pv.portvakt.audit.find({ type: 'login.upstream', latest: 1 }))[0]!;
      assert.deepEqual([audit.outcome, audit.detail.reason], ['failure', 'assurance']);
      for (const [key, value] of Object.entries(detail)) assert.equal(audit.detail[key], value, key);
      assert.deepEqual(await holders(person.nationalId!), [], 'nothing provisioned');
    }
  });

  test('MinID (substantial) reaches loa3 through the preset; it sends no name, so the account has none', async () => {
    const claims = await tokensOf(await login('idporten', OLA));
    assert.deepEqual([claims.acr, claims.amr], [ACR.loa3, ['mfa']]);
    const account = (await pv.portvakt.accounts.findById(claims.sub))!;
    assert.deepEqual([account.givenName ?? null, account.familyName ?? null], [null, null]);
    assert.equal((await holders(OLA.nationalId!))[0]?.id, claims.sub);
  });

  test('a preset fills what the entry leaves out; an unknown or unregistered preset stops the configuration', () => {
    const registration = {
      issuer: 'https://idporten.example',
      clientId: 'portvakt',
      clientAuth: { method: 'client_secret_basic', secret: 'a-client-secret-0123456789' },
    };
    const config = validateConfig({
      secretKey: Buffer.alloc(32, 1).toString('base64'),
      oidcUpstreams: [
        { name: 'idporten', preset: 'idporten', ...registration },
        { name: 'helseid', preset: 'helseid', ...registration, claims: { givenName: 'x-given' }, acr: ACR.loa2 },
      ],
    });
    const [id, helse] = config.oidcUpstreams;
    assert.deepEqual(
      [id!.label.nb, id!.scopes, id!.claims.subject, id!.nationalId, id!.acr, id!.assurance?.claim],
      ['ID-porten', ['openid', 'profile'], 'pid', { claim: 'pid', type: 'no_national_id' }, ACR.loa3, 'acr'],
    );
    assert.deepEqual(
      [helse!.claims.givenName, helse!.claims.familyName, helse!.nationalId?.claim, helse!.acr],
      ['x-given', 'family_name', 'helseid://claims/identity/pid', ACR.loa2],
      'the entry’s own claim and acr win; the rest come from the preset',
    );
    assert.deepEqual(helse!.scopes, [
      'openid',
      'profile',
      'helseid://scopes/identity/pid',
      'helseid://scopes/identity/security_level',
    ]);

    const problems = (entry: Record<string, unknown>): string => {
      try {
        validateConfig({ secretKey: Buffer.alloc(32, 1).toString('base64'), oidcUpstreams: [entry] });
      } catch (error) {
        if (isPortvaktError(error, 'config_invalid')) return error.message;
        throw error;
      }
      return assert.fail('the configuration was accepted');
    };
    assert.match(
      problems({ name: 'idporten', preset: 'id-porten', ...registration }),
      /oidcUpstreams\.0\.preset: expected one of the presets idporten, helseid \(found "id-porten"\)/,
    );
    const unregistered = problems({ name: 'helseid', preset: 'helseid' });
    for (const key of ['issuer', 'clientId', 'clientAuth'])
      assert.match(unregistered, new RegExp(`oidcUpstreams\\.0\\.${key}: `), key);
  });
});
