// Staff logins through an upstream SAML IdP (samlify, over HTTPS) into a real Portvakt: the
// chooser, attribute mapping into claims, and what a first login does under each linking policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as oidc from 'openid-client';
import type { StaffPerson } from '../../simulators/saml-idp/index.ts';
import type { AuditType } from '../../src/security/audit.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { answerAtIdp, postToAcs, startSamlWorld, startStaffLogin, tokensFrom, type SamlWorld } from './saml-world.ts';

const PNR_CLAIM = 'https://id.oidc.se/claim/personalIdentityNumber';
const AUTHN_PROVIDER = 'https://id.oidc.se/param/authnProvider';
const LOA2 = 'http://id.elegnamnden.se/loa/1.0/loa2';

const STAFF: StaffPerson[] = [
  {
    id: 'anna',
    nameId: 'nid-anna',
    email: 'anna.a@kommun.example',
    givenName: 'Anna',
    familyName: 'Andersson',
    employeeNumber: 'E1001',
    personalNumber: '198506142382',
  },
  {
    id: 'bjorn',
    nameId: 'nid-bjorn',
    email: 'bjorn.berg@example.org',
    givenName: 'Björn',
    familyName: 'Berg',
    employeeNumber: 'E1005',
  },
  {
    id: 'erik',
    nameId: 'nid-erik',
    email: 'erik.ek@kommun.example',
    givenName: 'Erik',
    familyName: 'Ek',
    employeeNumber: 'E1002',
  },
  {
    id: 'olle',
    nameId: 'nid-olle',
    email: 'olle.ny@example.org',
    givenName: 'Olle',
    familyName: 'Ny',
    employeeNumber: 'E1004',
    personalNumber: '198112189876',
  },
  {
    id: 'sara',
    nameId: 'nid-sara',
    email: 'sara.lind@kommun.example',
    givenName: 'Sara',
    familyName: 'Lind',
    employeeNumber: 'E1003',
  },
];

describe('staff login over SAML', () => {
  let world: SamlWorld;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  const names = ['prov', 'pnr', 'emp', 'mail', 'prove'];

  before(async () => {
    world = await startSamlWorld({ persons: STAFF });
    const label = (text: string) => ({ sv: `Personal (${text})`, nb: `Ansatte (${text})`, en: `Staff (${text})` });
    pv = await startPortvakt({
      config: {
        saml: [
          world.samlConfig('prov', {
            label: label('prov'),
            linking: { onNoMatch: 'provision', by: ['employee_code'] },
          }),
          world.samlConfig('pnr', { label: label('pnr'), linking: { by: ['se_personal_number'] } }),
          world.samlConfig('emp', { label: label('emp'), linking: { by: ['employee_code'] } }),
          world.samlConfig('mail', {
            label: label('mail'),
            linking: { by: ['email'], authoritativeEmailDomains: ['example.org'] },
          }),
          world.samlConfig('prove', { label: label('prove'), linking: { onNoMatch: 'proveExisting' } }),
        ],
        policies: { default: { methods: ['password', ...names.map((name) => `saml.${name}`)] } },
      },
    });
    for (const name of names) await world.trust(pv.issuer, name);
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await world?.close();
  });

  async function loginAs(
    name: string,
    person: string,
    agent = new UserAgent(pv.issuer, 'en'),
  ): Promise<{ page: Page; verifier: string; agent: UserAgent }> {
    const started = await startStaffLogin(agent, world, rp, {
      params: { [AUTHN_PROVIDER]: `urn:portvakt:authn:saml.${name}` },
    });
    const page = await postToAcs(agent, await answerAtIdp(world, started.loginPage, person));
    return { page, verifier: started.verifier, agent };
  }

  async function audits(type: AuditType): Promise<{ outcome: string; detail: Record<string, unknown> }[]> {
    return pv.portvakt.audit.find({ type });
  }

  test('the chooser shows each IdP with its label in the person’s language', async () => {
    const page = await new UserAgent(pv.issuer, 'sv').open(
      `${pv.issuer}/auth?client_id=${TEST_CLIENT.client_id}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(TEST_CLIENT.redirect_uris[0]!)}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
    );
    assert.match(page.html, /href="\/interaction\/[^"]+\/saml\.prov">Personal \(prov\)</);
    assert.match(page.html, /Personal \(prove\)/);
    const metadata = await (await fetch(`${pv.issuer}/saml/prov/metadata`)).text();
    assert.match(metadata, /entityID="http:\/\/127\.0\.0\.1:\d+\/saml\/prov\/metadata"/);
    assert.match(metadata, /AuthnRequestsSigned="true"/);
    assert.match(metadata, /<md:KeyDescriptor use="encryption">/);
    assert.match(metadata, /Location="http:\/\/127\.0\.0\.1:\d+\/saml\/prov\/acs"/);
    assert.match(
      metadata,
      /SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="http:\/\/127\.0\.0\.1:\d+\/saml\/prov\/slo"/,
    );
  });

  test('provisioning: a first login creates the account from the attributes, the next finds it', async () => {
    const first = await loginAs('prov', 'olle');
    const claims = (await tokensFrom(rp, first.page, first.verifier)).claims()!;
    assert.equal(claims.acr, LOA2);
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(claims.given_name, 'Olle');
    assert.equal(claims.family_name, 'Ny');
    assert.equal(claims[PNR_CLAIM], undefined, 'a number the IdP is not trusted to link by is not kept');
    const account = await pv.portvakt.accounts.findById(claims.sub);
    assert.equal(account?.email, 'olle.ny@example.org');
    assert.equal(account?.emailVerified, false, 'the IdP is not authoritative for the domain');
    assert.deepEqual(account?.identities.map((identity) => [identity.type, identity.issuer, identity.value]).sort(), [
      ['employee_code', '', 'e1004'],
      ['upstream_subject', world.idp.entityId, 'nid-olle'],
    ]);
    const again = await loginAs('prov', 'olle');
    assert.equal((await tokensFrom(rp, again.page, again.verifier)).claims()!.sub, claims.sub);
    const created = (await audits('account.created')).filter((row) => row.detail.via === 'saml.prov');
    assert.equal(created.length, 1);
  });

  test('linking by personal identity number reaches the account that holds it', async () => {
    const { page, verifier } = await loginAs('pnr', 'anna');
    const claims = (await tokensFrom(rp, page, verifier)).claims()!;
    const anna = await pv.portvakt.accounts.findByIdentity('username', 'anna');
    assert.equal(claims.sub, anna!.id);
    assert.equal(claims[PNR_CLAIM], '198506142382');
    const linked = (await audits('account.linked')).at(-1)!;
    assert.equal(linked.detail.by, 'se_personal_number');
    assert.equal(linked.detail.subject, 'nid-anna');
  });

  test('linking by employee number, and a refusal for a person without an account', async () => {
    const erik = await pv.portvakt.accounts.create({
      givenName: 'Erik',
      familyName: 'Ek',
      identities: [{ type: 'employee_code', issuer: '', value: 'E1002', verified: true }],
    });
    const { page, verifier } = await loginAs('emp', 'erik');
    assert.equal((await tokensFrom(rp, page, verifier)).claims()!.sub, erik.id);
    assert.equal((await audits('account.linked')).at(-1)!.detail.by, 'employee_code');

    const refused = await loginAs('emp', 'sara');
    assert.equal(refused.page.status, 400);
    assert.match(refused.page.html, /There is no account connected to you here/);
    assert.match(refused.page.html, /Try again/);
    const failure = (await audits('login.upstream')).at(-1)!;
    assert.deepEqual(
      [failure.outcome, failure.detail.reason, failure.detail.subject],
      ['failure', 'no_account', 'nid-sara'],
    );
  });

  test('linking by e-mail only for a domain the IdP is authoritative for', async () => {
    const { page, verifier } = await loginAs('mail', 'bjorn');
    const bjorn = await pv.portvakt.accounts.findByIdentity('username', 'bjorn');
    assert.equal((await tokensFrom(rp, page, verifier)).claims()!.sub, bjorn!.id);
    assert.equal((await audits('account.linked')).at(-1)!.detail.by, 'email');

    await pv.portvakt.accounts.create({
      givenName: 'Sara',
      identities: [{ type: 'email', issuer: '', value: 'sara.lind@kommun.example', verified: true }],
    });
    const refused = await loginAs('mail', 'sara');
    assert.match(
      refused.page.html,
      /There is no account connected to you here/,
      'kommun.example is not an authoritative domain',
    );
  });

  test('proving an existing account with its password links it, once', async () => {
    const hash = await pv.portvakt.passwords.hash(DEMO_PASSWORD);
    const sara = await pv.portvakt.accounts.create(
      {
        givenName: 'Sara',
        familyName: 'Lind',
        identities: [{ type: 'username', issuer: '', value: 'sara', verified: true }],
      },
      hash,
    );
    const { page: linkPage, agent, verifier } = await loginAs('prove', 'sara');
    assert.ok(linkPage.url.endsWith('/saml.prove/link'), linkPage.url);
    assert.match(linkPage.html, /first time you log in with Staff \(prove\)/);
    const wrong = await agent.submit(linkPage, '/saml.prove/link', { username: 'sara', password: 'not-the-password' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /The username or password is not correct/);
    const done = await agent.submit(wrong, '/saml.prove/link', { username: 'sara', password: DEMO_PASSWORD });
    assert.equal((await tokensFrom(rp, done, verifier)).claims()!.sub, sara.id);
    assert.equal((await audits('account.linked')).at(-1)!.detail.by, 'password');

    const again = await loginAs('prove', 'sara');
    assert.equal(
      (await tokensFrom(rp, again.page, again.verifier)).claims()!.sub,
      sara.id,
      'the second login needs no password',
    );
  });

  test('a person who cancels at the IdP is told so and may try again', async () => {
    const agent = new UserAgent(pv.issuer, 'sv');
    const started = await startStaffLogin(agent, world, rp, {
      params: { [AUTHN_PROVIDER]: 'urn:portvakt:authn:saml.prov' },
    });
    const page = await postToAcs(agent, await answerAtIdp(world, started.loginPage, 'cancel'));
    assert.equal(page.status, 400);
    assert.match(page.html, /Din organisations inloggningstjänst loggade inte in dig/);
    assert.equal((await audits('login.upstream')).at(-1)!.detail.reason, 'status');
  });
});
