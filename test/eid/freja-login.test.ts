// Whole Freja eID+ logins through Portvakt's screens over HTTP, with the Freja simulator playing
// the service (mutual TLS, signed results) and its app page playing the person's phone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const COMPUTER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36';

describe('Freja eID+ login', () => {
  let world: EidWorld;
  let pv: TestPortvakt;
  let config: oidc.Configuration;
  let demanding: oidc.Configuration;
  before(async () => {
    world = await startEidWorld();
    pv = await startPortvakt({
      config: {
        // BASIC lets every person answer, so Portvakt itself must refuse a level below the policy's.
        ...world.config({ frejaMinRegistrationLevel: 'BASIC' }),
        policies: {
          default: { methods: ['password'] },
          eid: { methods: ['bankid', 'freja'] },
          loa3: { methods: ['freja'], minimumAcr: 'http://id.elegnamnden.se/loa/1.0/loa3', provisioning: 'jit' },
        },
        clients: [
          { ...TEST_CLIENT, login_policy: 'eid' },
          { ...TEST_CLIENT, client_id: 'loa3-rp', redirect_uris: ['http://127.0.0.1:9/loa3'], login_policy: 'loa3' },
        ],
      },
    });
    [config, demanding] = await Promise.all([discover(pv.issuer), discover(pv.issuer, 'loa3-rp')]);
  });
  after(async () => {
    await pv?.close();
    await world?.close();
  });

  async function start(
    rp: oidc.Configuration,
    redirectUri: string,
    flow: 'qr' | 'sameDevice',
    agent = new UserAgent(pv.issuer, 'sv', { headers: { 'user-agent': PHONE } }),
  ) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: redirectUri,
      scope: 'openid https://id.oidc.se/scope/naturalPersonNumber',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's',
    });
    let page = await agent.open(url.toString());
    if (!page.url.endsWith('/freja')) page = await agent.open(`${page.url}/freja`);
    const choice = page;
    const status = await agent.submit(page, '/freja/start', { flow });
    return { agent, verifier, status, choice };
  }

  /** The person opens the link in the simulated app and answers. */
  async function answer(status: Page, person: string, decision: 'approve' | 'decline') {
    const qr = /data-qr-content="([^"]+)"/.exec(status.html)?.[1]?.replaceAll('&amp;', '&');
    const launch = /href="([^"]*\?ref=[^"]+)"/.exec(status.html)?.[1]?.replaceAll('&amp;', '&');
    const reference = qr ?? (launch ? new URL(launch).searchParams.get('ref') : undefined);
    assert.ok(reference, `no Freja link on the page:\n${status.html}`);
    const post = (path: string, form: Record<string, string>) =>
      fetch(new URL(path, world.freja.appUrl), { method: 'POST', body: new URLSearchParams(form) });
    const opened = await (await post('/open', { person, reference, lang: 'en' })).text();
    const authRef = /name="authRef" value="([^"]+)"/.exec(opened)?.[1];
    assert.ok(authRef, `the app did not show the request:\n${opened}`);
    await post(`/${decision}`, { person, authRef, lang: 'en' });
  }

  async function untilDone(agent: UserAgent, status: Page): Promise<Page> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const page = await agent.open(status.url);
      if (!page.html.includes('/freja/cancel')) return page;
    }
    throw new Error('the transaction never finished');
  }

  test('Anna logs in with Freja eID+ by QR code and reaches the same account as with BankID', async () => {
    const { agent, verifier, status } = await start(config, 'http://127.0.0.1:9/callback', 'qr');
    assert.match(status.html, /<svg/);
    await answer(status, 'anna', 'approve');
    const done = await untilDone(agent, status);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
    });
    const claims = tokens.claims()!;
    assert.equal(claims.acr, 'http://id.elegnamnden.se/loa/1.0/loa3');
    assert.equal(claims['https://id.oidc.se/claim/personalIdentityNumber'], ANNA_PNR);
    const anna = await pv.portvakt.accounts.findByIdentity('se_personal_number', ANNA_PNR);
    assert.equal(claims.sub, anna!.id);
  });

  test('the same-device link leads to the app, and a decline is shown in Swedish', async () => {
    const { agent, status } = await start(config, 'http://127.0.0.1:9/callback', 'sameDevice');
    assert.match(status.html, /Öppna Freja eID/);
    await answer(status, 'anna', 'decline');
    const failed = await untilDone(agent, status);
    assert.equal(failed.status, 400);
    assert.match(failed.html, /Försök igen/);
    assert.match(failed.html, /avbr/i, 'the Freja cancellation message');
  });

  test('on a computer only the QR code is offered, since Freja eID has no app for computers; a phone gets both', async () => {
    const computer = new UserAgent(pv.issuer, 'sv', { headers: { 'user-agent': COMPUTER } });
    const { choice, status } = await start(config, 'http://127.0.0.1:9/callback', 'qr', computer);
    assert.doesNotMatch(choice.html, /value="sameDevice"/);
    assert.match(choice.html, /value="qr"/);
    assert.match(status.html, /Öppna Freja-appen, tryck på ”Skanna QR”/, 'the caption names the app');
    assert.doesNotMatch(status.html, /på den här enheten istället/);
    const phone = await start(config, 'http://127.0.0.1:9/callback', 'qr');
    assert.match(phone.choice.html, /value="sameDevice"/);
  });

  test('a registration level below the policy’s assurance level is refused', async () => {
    const { agent, status } = await start(demanding, 'http://127.0.0.1:9/loa3', 'qr');
    await answer(status, 'bjorn', 'approve');
    const refused = await untilDone(agent, status);
    assert.match(refused.html, /säkerhetsnivå/);
    const events = await pv.portvakt.audit.find({ type: 'login.eid', outcome: 'failure' });
    assert.deepEqual(
      [events.at(-1)!.detail.reason, events.at(-1)!.detail.registrationLevel],
      ['acr_too_low', 'EXTENDED'],
    );
  });

  test('a transaction nobody answers expires after two minutes', async () => {
    const { agent, status } = await start(config, 'http://127.0.0.1:9/callback', 'qr');
    world.clock.advance(121_000);
    const expired = await untilDone(agent, status);
    assert.match(expired.html, /Försök igen/);
  });
});
