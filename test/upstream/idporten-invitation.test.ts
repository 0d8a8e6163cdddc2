// Norwegian persons complete an invitation with ID-porten or HelseID, and come back to an account
// switched off for disuse, as Swedish persons do with BankID and Freja: the issuer's verified
// fødselsnummer or D-number makes the account or finds the one that holds it, the service's next
// login in the same browser goes straight in, and an operator's switch-off is not undone by a login.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACR } from '../../src/provider/vocabulary.ts';
import * as oidc from 'openid-client';
import { TEST_CLIENT } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { pickAt } from '../support/idp-browser.ts';
import { UserAgent } from '../support/user-agent.ts';
import {
  answerFor,
  atHelseid,
  atIdporten,
  claimsOf,
  invite,
  loginThrough,
  OTHER_CLIENT,
  proveAddress,
  startLogin,
  startNorwegianWorld,
  type NorwegianWorld,
} from '../support/norwegian-invitations.ts';

describe('invitations completed with ID-porten or HelseID', () => {
  let world: NorwegianWorld;
  before(async () => {
    const policy = {
      methods: ['oidc.idporten', 'oidc.helseid', 'password'],
      provisioning: 'jit' as const,
      invitationCompletion: 'eid' as const,
      minimumAcr: ACR.loa3,
    };
    world = await startNorwegianWorld({ policy, otherPolicy: { ...policy, invitationDetails: ['organisation'] } });
  });
  after(async () => {
    await world?.close();
  });

  const holders = (number: string) => world.pv.portvakt.accounts.findAllByIdentity('no_national_id', number);
  const invitationRow = async (email: string) =>
    (
      await world.pv.portvakt.db.query<{ id: string; account_id: string | null; state: string }>(
        'SELECT id, account_id, state FROM invitations WHERE email = $1',
        [email],
      )
    ).rows[0]!;

  test('ID-porten makes the account with the verified number, and the service’s login goes straight in', async () => {
    const ingrid = atIdporten('Ingrid');
    const email = 'ingrid.haugen@example.org';
    const link = await invite(world, email);
    const agent = new UserAgent(world.pv.issuer, 'nb');
    const choice = await proveAddress(world, agent, link, email);
    assert.match(choice.html, /identifiser deg med e-legitimasjon/);
    assert.match(choice.html, /Gå videre til ID-porten/);
    assert.match(choice.html, /Gå videre til HelseID/);
    assert.doesNotMatch(choice.html, /name="flow"/, 'no BankID or Freja here');

    const sent = await agent.submit(choice, '/eid/oidc.idporten/start');
    assert.ok(sent.url.startsWith(world.idporten.issuer), sent.url);
    const answer = await pickAt(world.idporten, sent.url, ingrid.sub);
    const state = new URL(answer).searchParams.get('state') ?? '';
    assert.match(state, /^[\w-]{43}$/, 'a random state');
    assert.ok(!link.includes(state), 'not the invitation’s token');
    const ready = await agent.open(answer);
    assert.equal(new URL(ready.url).pathname, '/invitation/upstream/oidc.idporten/callback');
    assert.match(ready.html, /Du er klar/);
    assert.match(ready.html, /Du har allerede identifisert deg/);

    const [account, ...others] = await holders(ingrid.nationalId!);
    assert.equal(others.length, 0);
    assert.deepEqual(
      account!.identities.find((identity) => identity.type === 'no_national_id'),
      { type: 'no_national_id', issuer: '', value: ingrid.nationalId, verified: true },
    );
    assert.deepEqual([account!.givenName, account!.familyName, account!.email], ['Ingrid', 'Haugen', email]);
    const row = await invitationRow(email);
    assert.deepEqual([row.account_id, row.state], [account!.id, 'accepted']);
    const [created] = await world.pv.portvakt.audit.find({ type: 'account.created', accountId: account!.id });
    assert.deepEqual(
      [created!.detail.via, created!.detail.method, created!.detail.issuer],
      ['invitation', 'oidc.idporten', world.idporten.issuer],
    );
    const [accepted] = await world.pv.portvakt.audit.find({ type: 'invitation.accepted', accountId: account!.id });
    assert.deepEqual([accepted!.detail.method, accepted!.detail.linked], ['oidc.idporten', false]);

    // The hand-off: the service's next login in this browser needs no second identification.
    const claims = await claimsOf(world, await startLogin(world, agent));
    assert.equal(claims.sub, account!.id);
    assert.deepEqual([claims.acr, claims.amr], [ACR.loa3, ['mfa']]);
    const [handedOff] = await world.pv.portvakt.audit.find({ type: 'login.upstream', accountId: account!.id });
    assert.deepEqual([handedOff!.detail.method, handedOff!.detail.via], ['oidc.idporten', 'invitation']);
    assert.equal((await agent.open(link)).status, 410, 'the link worked once');
  });

  test('what the issuer does not give is asked for after it, and the service’s login still goes straight in', async () => {
    const marta = atIdporten('Marta');
    const email = 'marta.kowalska@example.org';
    const link = await invite(world, email, OTHER_CLIENT.client_id);
    const agent = new UserAgent(world.pv.issuer, 'nb');
    const form = await agent.open(
      await answerFor(world, agent, await proveAddress(world, agent, link, email), 'idporten', marta),
    );
    assert.equal(new URL(form.url).pathname, '/invitation/details');
    assert.match(form.html, /Noen flere opplysninger/);
    const done = await agent.submit(form, '/invitation/details', { organisation: 'Helse Eksempel HF' });
    assert.match(done.html, /Du er klar/);
    const [account] = await holders(marta.nationalId!);
    assert.equal(account!.organisation, 'Helse Eksempel HF');
    const other = await discover(world.pv.issuer, OTHER_CLIENT.client_id);
    const straight = await agent.open(
      oidc
        .buildAuthorizationUrl(other, {
          redirect_uri: OTHER_CLIENT.redirect_uris[0]!,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.match(straight.url, /^http:\/\/127\.0\.0\.1:9\/other\?code=/, 'the D-number’s proof went on');
  });

  test('an invitation for a number an account already holds, verified, links to that account (HelseID)', async () => {
    const erik = atHelseid('Erik');
    const existing = await world.pv.portvakt.accounts.create({
      givenName: 'Erik',
      familyName: 'Lie',
      email: 'erik.lie@example.org',
      identities: [
        { type: 'email', issuer: '', value: 'erik.lie@example.org', verified: true },
        { type: 'no_national_id', issuer: '', value: erik.nationalId!, verified: true },
      ],
    });
    const email = 'erik.lie@helse-eksempel.example';
    const link = await invite(world, email);
    const agent = new UserAgent(world.pv.issuer, 'nb');
    const ready = await agent.open(
      await answerFor(world, agent, await proveAddress(world, agent, link, email), 'helseid', erik),
    );
    assert.match(ready.html, /Du er klar/);
    assert.deepEqual(
      (await holders(erik.nationalId!)).map((holder) => holder.id),
      [existing.id],
    );
    assert.equal((await invitationRow(email)).account_id, existing.id);
    const after = (await world.pv.portvakt.accounts.findById(existing.id))!;
    assert.ok(
      after.identities.some((identity) => identity.type === 'email' && identity.value === email && identity.verified),
      'the invited address joins the account',
    );
    const [linked] = await world.pv.portvakt.audit.find({ type: 'account.linked', accountId: existing.id });
    assert.deepEqual([linked!.detail.via, linked!.detail.method], ['invitation', 'oidc.helseid']);
    const claims = await claimsOf(world, await startLogin(world, agent));
    assert.equal(claims.sub, existing.id);
  });
});

describe('an account switched off, and a login with ID-porten or HelseID', () => {
  let world: NorwegianWorld;
  before(async () => {
    world = await startNorwegianWorld({
      policy: { methods: ['oidc.idporten', 'oidc.helseid', 'password'], provisioning: 'jit' },
    });
  });
  after(async () => {
    await world?.close();
  });

  async function accountOf(givenName: string, email: string) {
    return world.pv.portvakt.accounts.create({
      givenName,
      email,
      locale: 'nb',
      identities: [
        { type: 'email', issuer: '', value: email, verified: true },
        { type: 'no_national_id', issuer: '', value: atIdporten(givenName).nationalId!, verified: true },
      ],
    });
  }

  test('switched off for disuse: the number’s login switches it back on, welcomes back and audits', async () => {
    const account = await accountOf('Kari', 'kari.nordmann@helse-eksempel.example');
    await world.pv.portvakt.accounts.setStatus(account.id, 'deactivated', 'inactivity');
    const agent = new UserAgent(world.pv.issuer, 'nb');
    const { callback, verifier } = await loginThrough(world, agent, 'idporten', atIdporten('Kari'));
    const claims = await claimsOf(world, { page: await agent.open(callback), verifier });
    assert.equal(claims.sub, account.id);
    assert.equal((await world.pv.portvakt.accounts.findById(account.id))!.status, 'active');
    const welcome = world.messaging.outbox.list({ to: 'kari.nordmann@helse-eksempel.example' })[0];
    assert.match(welcome?.text ?? '', /ble kontoen aktivert igjen, velkommen tilbake/);
    const events = await world.pv.portvakt.audit.find({ type: 'account.reactivated', accountId: account.id });
    assert.deepEqual(
      events.map((event) => event.detail.via),
      ['oidc.idporten'],
    );

    // And through HelseID, the other issuer, likewise.
    await world.pv.portvakt.accounts.setStatus(account.id, 'deactivated', 'inactivity');
    const elsewhere = new UserAgent(world.pv.issuer, 'nb');
    const again = await loginThrough(world, elsewhere, 'helseid', atHelseid('Kari'));
    const second = await claimsOf(world, { page: await elsewhere.open(again.callback), verifier: again.verifier });
    assert.equal(second.sub, account.id);
    assert.equal((await world.pv.portvakt.accounts.findById(account.id))!.status, 'active');
  });

  test('switched off by an operator: the login is refused with whom to contact, and it stays off', async () => {
    const email = 'ola.nordmann@helse-eksempel.example';
    const account = await accountOf('Ola', email);
    await world.pv.portvakt.accounts.setStatus(account.id, 'deactivated', 'operator');
    const agent = new UserAgent(world.pv.issuer, 'nb');
    const { callback } = await loginThrough(world, agent, 'idporten', atIdporten('Ola'));
    const refused = await agent.open(callback);
    assert.equal(refused.status, 403);
    assert.match(refused.html, /Kontoen din er deaktivert\. Kontakt/);
    assert.ok(!refused.url.startsWith(TEST_CLIENT.redirect_uris[0]!), 'no code for the service');
    assert.equal((await world.pv.portvakt.accounts.findById(account.id))!.status, 'deactivated');
    assert.deepEqual(world.messaging.outbox.list({ to: email }), [], 'no welcome back');
    const [event] = await world.pv.portvakt.audit.find({ type: 'account.reactivation_refused', accountId: account.id });
    assert.deepEqual([event!.detail.via, event!.detail.reason], ['oidc.idporten', 'operator']);
    assert.deepEqual(await world.pv.portvakt.audit.find({ type: 'account.reactivated', accountId: account.id }), []);
    assert.equal(
      (await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', atIdporten('Ola').nationalId!)).length,
      1,
    );
  });
});
