// Single logout with the upstream SAML IdP in both directions: a relying party's logout also ends
// the IdP session, and the IdP's logout request ends the Portvakt session (with back-channel
// logout to the relying party). A logout request without the IdP's signature changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';
import { answerAtIdp, postToAcs, startSamlWorld, startStaffLogin, tokensFrom, type SamlWorld } from './saml-world.ts';

const LOGGED_OUT = TEST_CLIENT.post_logout_redirect_uris[0]!;

describe('single logout with the upstream SAML IdP', () => {
  let world: SamlWorld;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let backchannel: Server;
  const logoutTokens: string[] = [];

  before(async () => {
    backchannel = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => void (body += chunk.toString()));
      req.on('end', () => {
        logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => backchannel.listen(0, '127.0.0.1', resolve));
    world = await startSamlWorld();
    pv = await startPortvakt({
      config: {
        saml: [world.samlConfig('staff', { linking: { onNoMatch: 'provision' } })],
        policies: { default: { methods: ['saml.staff'] } },
        clients: [
          {
            ...TEST_CLIENT,
            backchannel_logout_uri: `http://127.0.0.1:${(backchannel.address() as AddressInfo).port}/backchannel`,
          },
        ],
      },
    });
    await world.trust(pv.issuer, 'staff');
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await world?.close();
    await new Promise<void>((resolve) => backchannel.close(() => resolve()));
  });

  async function login(person: string) {
    const agent = new UserAgent(pv.issuer, 'en');
    const started = await startStaffLogin(agent, world, rp);
    const tokens = await tokensFrom(
      rp,
      await postToAcs(agent, await answerAtIdp(world, started.loginPage, person)),
      started.verifier,
    );
    return { agent, tokens };
  }

  /** Whether the browser still has a Portvakt session: prompt=none answers without a login. */
  async function hasSession(agent: UserAgent): Promise<boolean> {
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      prompt: 'none',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    const answer = new URL((await agent.open(url.toString())).url);
    return answer.searchParams.has('code') && !answer.searchParams.has('error');
  }

  async function audits(): Promise<{ outcome: string; detail: Record<string, unknown> }[]> {
    return pv.portvakt.audit.find({ type: 'logout.upstream' });
  }

  test('a relying party’s logout ends the IdP session too, then returns to the relying party', async () => {
    const { agent, tokens } = await login('anna');
    assert.ok(world.idp.loggedIn().includes('anna'));
    const confirm = await agent.open(
      oidc.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: LOGGED_OUT }).toString(),
    );
    assert.match(
      confirm.headers.get('content-security-policy') ?? '',
      new RegExp(`form-action 'self'.* ${world.idp.url}`),
      'the form may lead on to the IdP',
    );
    const toIdp = await agent.submit(confirm, '/session/end/confirm', { logout: 'yes' });
    assert.ok(toIdp.url.startsWith(`${world.idp.url}/slo?SAMLRequest=`), toIdp.url);
    const idpAnswer = await world.idpFetch(toIdp.url);
    assert.equal(idpAnswer.status, 302, idpAnswer.html);
    assert.deepEqual(world.idp.loggedIn(), [], 'the IdP ended its session');
    const back = await agent.open(idpAnswer.location!);
    assert.equal(back.url, LOGGED_OUT);
    assert.equal(await hasSession(agent), false);
    assert.deepEqual(
      (await audits()).map((row) => [row.outcome, row.detail.stage]),
      [
        ['info', 'sent'],
        ['success', 'answered'],
      ],
    );
  });

  test('the IdP’s logout request ends the Portvakt session and tells the relying party', async () => {
    const { agent, tokens } = await login('erik');
    assert.equal(await hasSession(agent), true);
    assert.equal((await oidc.tokenIntrospection(rp, tokens.refresh_token ?? tokens.access_token)).active, true);
    logoutTokens.length = 0;
    const atPortvakt = await agent.open(world.idp.logoutUrl('erik'));
    assert.ok(atPortvakt.url.startsWith(`${world.idp.url}/slo?SAMLResponse=`), atPortvakt.url);
    const confirmed = await world.idpFetch(atPortvakt.url);
    assert.match(confirmed.html, /The service has logged you out/, 'the IdP accepted Portvakt’s signed answer');
    assert.equal(await hasSession(agent), false);
    assert.equal(logoutTokens.length, 1);
    const claims = JSON.parse(Buffer.from(logoutTokens[0]!.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      events: object;
    };
    assert.equal(claims.sub, tokens.claims()!.sub);
    assert.ok('http://schemas.openid.net/event/backchannel-logout' in claims.events);
    assert.equal((await audits()).at(-1)!.detail.sessions, 1);
    assert.equal(
      (await oidc.tokenIntrospection(rp, tokens.refresh_token ?? tokens.access_token)).active,
      false,
      'the session’s tokens ended with it',
    );
    const grants = await pv.portvakt.db.query(
      "SELECT 1 FROM oidc_payloads WHERE kind = 'Grant' AND payload->>'accountId' = $1",
      [tokens.claims()!.sub],
    );
    assert.equal(grants.rows.length, 0, 'and so did its grant');
  });

  test('a logout request counts once: replaying its URL is refused', async () => {
    const { agent } = await login('erik');
    const url = world.idp.logoutUrl('erik');
    const first = await agent.open(url);
    assert.ok(first.url.startsWith(`${world.idp.url}/slo?SAMLResponse=`), first.url);
    const again = await agent.open(url);
    assert.equal(again.status, 400);
    const last = (await audits()).at(-1)!;
    assert.deepEqual([last.outcome, last.detail.reason], ['failure', 'replay']);
  });

  test('a logout request without the IdP’s signature is refused and ends nothing', async () => {
    const { agent } = await login('sara');
    const forged = new URL(world.idp.logoutUrl('sara'));
    forged.searchParams.delete('Signature');
    const page = await agent.open(forged.toString());
    assert.equal(page.status, 400);
    assert.equal(await hasSession(agent), true);
    const last = (await audits()).at(-1)!;
    assert.deepEqual([last.outcome, last.detail.reason], ['failure', 'signature']);
  });
});
