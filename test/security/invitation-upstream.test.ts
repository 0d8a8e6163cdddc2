// Abusing an invitation's round trip to ID-porten: an answer used twice, carried to another browser,
// a login's answer brought to an invitation and an invitation's to a login, a level below the
// policy's minimum, an issuer that proves no identity number, and an invitation accepted meanwhile.
// Every refusal ends with what did not happen: no account for the number, the invitation as it was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACR } from '../../src/provider/vocabulary.ts';
import type { SimulatedPerson } from '../../simulators/oidc-idp/index.ts';
import { findForm, UserAgent, type Page } from '../support/user-agent.ts';
import {
  answerFor,
  atHelseid,
  atIdporten,
  invite,
  loginThrough,
  proveAddress,
  startNorwegianWorld,
  type NorwegianWorld,
} from '../support/norwegian-invitations.ts';

const STRICT_SECRET = 'idporten-strict-secret-0123456789';
const PLAIN_SECRET = 'idporten-plain-secret-01234567890';

describe('an invitation’s round trip to an upstream issuer', () => {
  let world: NorwegianWorld;
  let emails = 0;
  before(async () => {
    world = await startNorwegianWorld({
      policy: {
        methods: ['oidc.idporten', 'oidc.helseid', 'oidc.idporten-strict', 'oidc.plain', 'password'],
        provisioning: 'jit',
        invitationCompletion: 'eid',
        minimumAcr: ACR.loa3,
      },
      extra: (idporten) => [
        // The same ID-porten, trusted for less: "substantial" (MinID) is loa2 here, below the minimum.
        {
          entry: {
            name: 'idporten-strict',
            preset: 'idporten',
            label: { sv: 'ID-porten (strikt)', nb: 'ID-porten (streng)', en: 'ID-porten (strict)' },
            issuer: idporten.issuer,
            caPem: idporten.caPem,
            clientId: 'portvakt-idporten-strict',
            clientAuth: { method: 'client_secret_post', secret: STRICT_SECRET },
            linking: { onNoMatch: 'provision' },
            assurance: { claim: 'acr', levels: { 'idporten-loa-substantial': { acr: ACR.loa2, amr: ['mfa'] } } },
          },
          client: registration('idporten-strict', STRICT_SECRET),
        },
        // The same issuer with no `nationalId` mapping: it logs people in, but proves no number here.
        {
          entry: {
            name: 'plain',
            label: { sv: 'Vanlig', nb: 'Vanlig', en: 'Plain' },
            issuer: idporten.issuer,
            caPem: idporten.caPem,
            clientId: 'portvakt-plain',
            clientAuth: { method: 'client_secret_post', secret: PLAIN_SECRET },
            scopes: ['openid', 'profile'],
            linking: { onNoMatch: 'provision' },
          },
          client: registration('plain', PLAIN_SECRET),
        },
      ],
    });
  });
  after(async () => {
    await world?.close();
  });

  /** The entry's registration at the simulator: its own client, Portvakt's callback for it. */
  function registration(name: string, secret: string) {
    return (portvaktIssuer: string) => ({
      client_id: `portvakt-${name}`,
      client_secret: secret,
      token_endpoint_auth_method: 'client_secret_post' as const,
      redirect_uris: [`${portvaktIssuer}/upstream/oidc/${name}/callback`],
    });
  }

  /** A fresh invitation and a browser bound to it, on the eID choice. */
  async function boundBrowser() {
    emails += 1;
    const email = `invited.${emails}@example.org`;
    const link = await invite(world, email);
    const agent = new UserAgent(world.pv.issuer, 'nb');
    const choice = await proveAddress(world, agent, link, email);
    const { rows } = await world.pv.portvakt.db.query<{ id: string }>('SELECT id FROM invitations WHERE email = $1', [
      email,
    ]);
    return { email, link, agent, choice, id: rows[0]!.id };
  }

  const invitationState = async (id: string) =>
    (
      await world.pv.portvakt.db.query<{ state: string; account_id: string | null }>(
        'SELECT state, account_id FROM invitations WHERE id = $1',
        [id],
      )
    ).rows[0]!;

  const lastFailure = async () => (await world.pv.portvakt.audit.find({ type: 'login.upstream', latest: 1 }))[0]!;

  /** Refused with `status` and `message`, audited with `reason`; nothing made for `who`, the invitation pending. */
  async function assertRefused(
    page: Page,
    expected: { status: number; message: RegExp; reason: string; invitation: string; who: SimulatedPerson },
  ) {
    assert.equal(page.status, expected.status, `${page.url}\n${page.html}`);
    assert.match(page.html, expected.message);
    assert.doesNotMatch(page.html, /Du er klar/);
    const audit = await lastFailure();
    assert.deepEqual([audit.outcome, audit.detail.reason], ['failure', expected.reason]);
    assert.deepEqual(
      await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', expected.who.nationalId!),
      [],
      'no account holds the number',
    );
    assert.deepEqual(await invitationState(expected.invitation), { state: 'pending', account_id: null });
  }

  test('an issuer that proves no identity number is not offered, and its start is refused', async () => {
    const { agent, choice, id } = await boundBrowser();
    assert.match(choice.html, /\/eid\/oidc\.idporten\/start/);
    assert.doesNotMatch(choice.html, /oidc\.plain/, 'no button for it');
    const csrf = findForm(choice.html, '/eid/oidc.idporten/start').hidden;
    const base = new URL(choice.url).pathname;
    const started = await agent.open(`${base}/eid/oidc.plain/start`, { method: 'POST', form: csrf });
    assert.equal(new URL(started.url).origin, world.pv.issuer, 'never sent to the issuer');
    assert.equal(new URL(started.url).pathname, base, 'back to the invitation');
    // Nor without the page's CSRF token, for one that is offered.
    const forged = await agent.open(`${base}/eid/oidc.idporten/start`, { method: 'POST', form: {} });
    assert.equal(forged.status, 403);
    const { rows } = await world.pv.portvakt.db.query('SELECT method FROM upstream_round_trips WHERE uid = $1', [
      `invitation:${id}`,
    ]);
    assert.deepEqual(rows, [], 'no round trip began');
    assert.deepEqual(await invitationState(id), { state: 'pending', account_id: null });
  });

  test('an answer used once cannot be used again, in this browser or a copy of it', async () => {
    const kari = atIdporten('Kari');
    const { agent, choice, id } = await boundBrowser();
    const answer = await answerFor(world, agent, choice, 'idporten', kari);
    const copy = new UserAgent(world.pv.issuer, 'nb');
    copy.adoptCookies(agent);
    const ready = await agent.open(answer);
    assert.match(ready.html, /Du er klar/);
    const [account] = await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', kari.nationalId!);

    for (const browser of [agent, copy]) {
      const replay = await browser.open(answer);
      assert.ok(replay.status >= 400, `${replay.status} ${replay.url}`);
      assert.doesNotMatch(replay.html, /Du er klar/);
    }
    const direct = await copy.open('/invitation/upstream/oidc.idporten/callback');
    assert.equal(direct.status, 400);
    assert.match(direct.html, /kunne ikke knyttes til en invitasjon i denne nettleseren/);
    assert.deepEqual(
      (await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', kari.nationalId!)).map((a) => a.id),
      [account!.id],
    );
    assert.deepEqual(await invitationState(id), { state: 'accepted', account_id: account!.id });
    assert.equal(
      (await world.pv.portvakt.audit.find({ type: 'invitation.accepted', accountId: account!.id })).length,
      1,
      'accepted once',
    );
  });

  test('an answer carried to another browser is refused, and the round trip is spent', async () => {
    const erik = atIdporten('Erik');
    const { agent, choice, id } = await boundBrowser();
    const answer = await answerFor(world, agent, choice, 'idporten', erik);
    // Another person's browser, bound to an invitation of its own.
    const other = await boundBrowser();
    const elsewhere = await other.agent.open(answer);
    await assertRefused(elsewhere, {
      status: 400,
      message: /kunne ikke knyttes til en invitasjon i denne nettleseren/,
      reason: 'state',
      invitation: id,
      who: erik,
    });
    assert.deepEqual(await invitationState(other.id), { state: 'pending', account_id: null });
    // And in a browser bound to nothing.
    const stranger = new UserAgent(world.pv.issuer, 'nb');
    const lost = await stranger.open('/invitation/upstream/oidc.idporten/callback');
    assert.equal(lost.status, 400);
    assert.equal((await lastFailure()).detail.reason, 'browser');
    // The answer is not the starting browser's any more either; a new round trip is.
    assert.ok((await agent.open(answer)).status >= 400);
    const again = await agent.open(await answerFor(world, agent, choice, 'idporten', erik));
    assert.match(again.html, /Du er klar/);
  });

  test('a login’s answer does not complete an invitation, nor an invitation’s a login', async () => {
    const ola = atIdporten('Ola');
    const marta = atIdporten('Marta');
    const { agent, choice, id } = await boundBrowser();
    // One browser, two round trips to ID-porten: a login at the service, and the invitation.
    const login = await loginThrough(world, agent, 'idporten', ola);
    const invited = await answerFor(world, agent, choice, 'idporten', marta);
    const query = (url: string) => new URL(url).search.slice(1);
    const uid = new URL(login.callback).searchParams.get('state')!;

    // The invitation's answer at the login's callback: the login's round trip expects its own state.
    const atLogin = await agent.open(`/interaction/${uid}/oidc.idporten/callback?${query(invited)}`);
    assert.equal(atLogin.status, 400);
    assert.match(atLogin.html, /Svaret fra innloggingstjenesten hørte ikke til denne innloggingen/);
    assert.equal((await lastFailure()).detail.reason, 'state');
    assert.deepEqual(await invitationState(id), { state: 'pending', account_id: null });
    assert.deepEqual(await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', marta.nationalId!), []);

    // The login's answer at the invitation's callback: there is no answer of this invitation to take.
    const atInvitation = await agent.open(`/invitation/upstream/oidc.idporten/callback?${query(login.callback)}`);
    await assertRefused(atInvitation, {
      status: 400,
      message: /kunne ikke knyttes til en invitasjon/,
      reason: 'state',
      invitation: id,
      who: ola,
    });

    // The invitation's own answer, through the registered callback, still completes it.
    const ready = await agent.open(invited);
    assert.match(ready.html, /Du er klar/);
    const [account] = await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', marta.nationalId!);
    assert.deepEqual(await invitationState(id), { state: 'accepted', account_id: account!.id });
    assert.deepEqual(await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', ola.nationalId!), []);
  });

  test('a level below the policy’s minimum, or one the table does not know, is refused', async () => {
    const { agent, choice, id } = await boundBrowser();
    const ola = atIdporten('Ola');
    const weak = await agent.open(await answerFor(world, agent, choice, 'idporten-strict', ola));
    await assertRefused(weak, {
      status: 400,
      message: /Identifiseringen kunne ikke brukes for denne invitasjonen/,
      reason: 'acr_too_low',
      invitation: id,
      who: ola,
    });
    assert.equal((await lastFailure()).detail.acr, ACR.loa2);
    const ingrid = atIdporten('Ingrid');
    const unknown = await agent.open(await answerFor(world, agent, weak, 'idporten-strict', ingrid));
    await assertRefused(unknown, {
      status: 400,
      message: /Identifiseringen kunne ikke brukes/,
      reason: 'assurance',
      invitation: id,
      who: ingrid,
    });
  });

  test('an invitation accepted meanwhile, in another tab, is not completed again', async () => {
    const ingrid = atIdporten('Ingrid');
    const kari = atHelseid('Kari');
    const { agent, choice, id } = await boundBrowser();
    const first = await answerFor(world, agent, choice, 'idporten', ingrid);
    const tab = new UserAgent(world.pv.issuer, 'nb');
    tab.adoptCookies(agent);
    const done = await tab.open(await answerFor(world, tab, choice, 'helseid', kari));
    assert.match(done.html, /Du er klar/);
    const [account] = await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', kari.nationalId!);

    const late = await agent.open(first);
    assert.equal(late.status, 410);
    assert.match(late.html, /Denne invitasjonen kan ikke brukes lenger/);
    assert.equal((await lastFailure()).detail.reason, 'accepted');
    assert.deepEqual(await world.pv.portvakt.accounts.findAllByIdentity('no_national_id', ingrid.nationalId!), []);
    assert.deepEqual(await invitationState(id), { state: 'accepted', account_id: account!.id });
  });
});
