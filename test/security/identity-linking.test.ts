// Typed is not verified: a national identity number someone only typed into an account links no
// upstream login to it, starts no merge when an eID approval arrives in that account's browser, and
// does not let the account pass its typist's name and address off as the eID holder's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { StaffPerson } from '../../simulators/saml-idp/index.ts';
import type { Identity } from '../../src/accounts/types.ts';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { UserAgent } from '../support/user-agent.ts';
import { AUTHN_PROVIDER, bankIdLogin, codeGrant } from '../accounts/lifecycle-support.ts';
import {
  answerAtIdp,
  postToAcs,
  startSamlWorld,
  startStaffLogin,
  tokensFrom,
  type SamlWorld,
} from '../upstream/saml-world.ts';

const ASTRID = '198503122387';
const OLOF = '198810090665';
const OLLE_PNR = '198112189876';
const BY_PASSWORD = { [AUTHN_PROVIDER]: 'urn:portvakt:authn:password' };
const STAFF: StaffPerson[] = [
  {
    id: 'olle',
    nameId: 'nid-olle',
    email: 'olle.ny@example.org',
    givenName: 'Olle',
    familyName: 'Ny',
    employeeNumber: 'E1004',
    personalNumber: OLLE_PNR,
  },
];

describe('identity numbers someone only typed', () => {
  let eid: EidWorld;
  let saml: SamlWorld;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;

  before(async () => {
    [eid, saml] = await Promise.all([startEidWorld(), startSamlWorld({ persons: STAFF })]);
    pv = await startPortvakt({
      config: {
        ...eid.config(),
        saml: [saml.samlConfig('pnr', { linking: { by: ['se_personal_number'] } })],
        policies: { default: { methods: ['password', 'bankid', 'saml.pnr'], provisioning: 'existing' } },
      },
    });
    await saml.trust(pv.issuer, 'pnr');
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await Promise.all([eid?.close(), saml?.close()]);
  });

  const typed = (value: string): Identity => ({ type: 'se_personal_number', issuer: '', value, verified: false });
  const named = (type: Identity['type'], value: string): Identity => ({ type, issuer: '', value, verified: true });
  async function typist(username: string, number: string, options: { password?: string; email?: string } = {}) {
    const hash = options.password ? await pv.portvakt.passwords.hash(options.password) : undefined;
    const identities = [
      named('username', username),
      typed(number),
      ...(options.email ? [named('email', options.email)] : []),
    ];
    return pv.portvakt.accounts.create(
      {
        givenName: 'Typed',
        familyName: 'Stranger',
        email: options.email,
        emailVerified: options.email !== undefined,
        identities,
      },
      hash,
    );
  }
  async function merges(): Promise<number> {
    return (await pv.portvakt.audit.find({ type: 'account.merged' })).length;
  }

  test('a first staff login does not link to an account that only typed the staff member’s number', async () => {
    const stranger = await typist('olle-typist', OLLE_PNR, { password: 'Typist-Password-1' });
    const agent = new UserAgent(pv.issuer, 'en');
    const started = await startStaffLogin(agent, saml, rp, {
      params: { [AUTHN_PROVIDER]: 'urn:portvakt:authn:saml.pnr' },
    });
    const page = await postToAcs(agent, await answerAtIdp(saml, started.loginPage, 'olle'));
    assert.match(
      page.html,
      /There is no account connected to you here/,
      'no verified holder: refused, as for a stranger',
    );
    const after = (await pv.portvakt.accounts.findById(stranger.id))!;
    assert.equal(
      after.identities.some((identity) => identity.type === 'upstream_subject'),
      false,
      'the typist’s account gained no upstream link',
    );

    // Once the number is proven on an account (here by an operator), the staff login links to it.
    await pv.portvakt.accounts.verifyIdentity(stranger.id, 'se_personal_number', OLLE_PNR);
    const again = new UserAgent(pv.issuer, 'en');
    const second = await startStaffLogin(again, saml, rp, {
      params: { [AUTHN_PROVIDER]: 'urn:portvakt:authn:saml.pnr' },
    });
    const done = await postToAcs(again, await answerAtIdp(saml, second.loginPage, 'olle'));
    assert.equal((await tokensFrom(rp, done, second.verifier)).claims()!.sub, stranger.id);
  });

  test('a BankID approval in the browser of an account that typed the number merges nothing', async () => {
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    const stranger = await typist('anna-typist', ANNA_PNR, {
      password: 'Typist-Password-2',
      email: 'typist@example.org',
    });
    const before = await merges();

    const agent = new UserAgent(pv.issuer, 'en');
    const first = await loginWithPassword(rp, {
      issuer: pv.issuer,
      agent,
      username: 'anna-typist',
      password: 'Typist-Password-2',
      params: BY_PASSWORD,
    });
    assert.equal(first.tokens.claims()!.sub, stranger.id);
    // The approval is Anna's (a forwarded start link, say); the browser is the typist's.
    const login = await bankIdLogin(eid, rp, {
      issuer: pv.issuer,
      personalNumber: ANNA_PNR,
      agent,
      params: { prompt: 'login' },
    });
    // Another person logged in: the provider ends the typist's session before it goes on.
    assert.match(login.page.html, /\/session\/end\/confirm/);
    login.page = await agent.submit(login.page, '/session/end/confirm', { logout: 'yes' });
    assert.equal(
      (await codeGrant(rp, login)).claims()!.sub,
      anna.id,
      'the eID reaches the account that holds the number verified',
    );

    assert.equal(await merges(), before, 'no merge');
    assert.ok(await pv.portvakt.accounts.findById(stranger.id), 'the typist’s account still stands apart');
    const survivor = (await pv.portvakt.accounts.findById(anna.id))!;
    assert.equal(
      survivor.identities.some(
        (identity) => identity.value === 'anna-typist' || identity.value === 'typist@example.org',
      ),
      false,
      'none of the typist’s login names moved',
    );
    const again = await loginWithPassword(rp, {
      issuer: pv.issuer,
      username: 'anna-typist',
      password: 'Typist-Password-2',
      params: BY_PASSWORD,
    });
    assert.equal(again.tokens.claims()!.sub, stranger.id, 'the typist’s password opens only the typist’s account');
  });

  test('a password-less account that typed the number: the person is asked; "no" leaves it alone', async () => {
    const prepared = await typist('olof-prepared', OLOF, { email: 'not.olof@example.org' });
    const login = await bankIdLogin(eid, rp, { issuer: pv.issuer, personalNumber: OLOF });
    assert.match(login.page.html, /Is this you\?/);
    assert.match(login.page.html, /Typed Stranger/, 'the name the account holds');
    assert.match(login.page.html, /n…@example\.org/, 'its address, masked');
    assert.doesNotMatch(login.page.html, /not\.olof@/);
    const declined = await login.agent.submit(login.page, '/bankid/confirm', { mine: 'no' });
    assert.match(declined.html, /no account/i, 'no account of one’s own here (this client provisions none)');
    const after = (await pv.portvakt.accounts.findById(prepared.id))!;
    assert.equal(
      after.identities.find((identity) => identity.type === 'se_personal_number')?.verified,
      false,
      'the number stays typed',
    );
    assert.equal(after.givenName, 'Typed');
    const declines = await pv.portvakt.audit.find({ type: 'account.claim_declined', accountId: prepared.id });
    assert.equal(declines.length, 1);
  });

  test('a password-less account that typed the number: "yes" brings the eID’s names, and its address is no longer vouched for', async () => {
    const prepared = await typist('astrid-prepared', ASTRID, { email: 'someone.else@example.org' });
    const asked = await bankIdLogin(eid, rp, {
      issuer: pv.issuer,
      personalNumber: ASTRID,
      params: { scope: 'openid profile email' },
    });
    assert.match(asked.page.html, /Is this you\?/);
    const login = { ...asked, page: await asked.agent.submit(asked.page, '/bankid/confirm', { mine: 'yes' }) };
    const tokens = await codeGrant(rp, login);
    assert.equal(tokens.claims()!.sub, prepared.id, 'the one prepared account, as before');
    const claims = await oidc.fetchUserInfo(rp, tokens.access_token, prepared.id);
    assert.deepEqual(
      [claims.given_name, claims.family_name],
      ['Astrid', 'Lindqvist'],
      'the names are the eID’s, not the typist’s',
    );
    assert.equal(claims.email, 'someone.else@example.org');
    assert.equal(claims.email_verified, false, 'a typed-in address is not passed off as the eID holder’s verified one');
    const account = (await pv.portvakt.accounts.findById(prepared.id))!;
    assert.equal(account.identities.find((identity) => identity.type === 'se_personal_number')?.verified, true);
    assert.equal(account.identities.find((identity) => identity.type === 'email')?.verified, false);
  });
});
