// BankID on the same device is bound to the browser that started it: an approval made on another
// device from a forwarded start link completes at BankID, but the starting browser never logs in
// without the return carrying the order's nonce. A login that ends, finished another way or
// abandoned, cancels the orders it left open at BankID,
// and BankID's risk assessment is kept with the evidence.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { BankIdClient, type BankIdError } from '../../src/eid/bankid/index.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const POLL_GAP_MS = 2100;
const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_GAP_MS));

describe('binding a BankID order to its browser', () => {
  let world: EidWorld;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    world = await startEidWorld();
    pv = await startPortvakt({
      config: { ...world.config(), policies: { default: { methods: ['bankid', 'password'] } } },
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await world?.close();
  });

  async function started(flow: 'qr' | 'sameDevice'): Promise<{ agent: UserAgent; status: Page; verifier: string }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's',
      nonce: 'n',
    });
    const first = await agent.open(url.toString());
    const choice = await agent.open(new URL('bankid', `${first.url}/`).toString());
    return { agent, status: await agent.submit(choice, '/bankid/start', { flow }), verifier };
  }
  const launchToken = (page: Page) =>
    new URL(/href="([^"]*autostarttoken[^"]*)"/.exec(page.html)![1]!.replaceAll('&amp;', '&')).searchParams.get(
      'autostarttoken',
    )!;
  const bankId = () =>
    new BankIdClient({
      baseUrl: world.bankid.apiUrl,
      pfx: world.bankid.clientPfx,
      passphrase: world.bankid.clientPassphrase,
      ca: world.bankid.caCertPem,
    });

  test('an approval on another device does not log the starting browser in', async () => {
    const { agent, status } = await started('sameDevice');
    // The attacker forwards the start link; the victim opens it on their own phone and approves.
    const victimsApp = world.bankid.app.autoStart(launchToken(status), ANNA_PNR);
    victimsApp.approve();
    assert.equal(victimsApp.status, 'complete', 'BankID itself completed the order');

    for (let round = 0; round < 2; round += 1) {
      await pause();
      const poll = await agent.open(`${new URL(status.url).pathname.replace(/status$/, 'poll')}`);
      assert.equal(JSON.parse(poll.html).state, 'pending', 'the live status keeps waiting');
      const page = await agent.open(status.url);
      assert.equal(new URL(page.url).pathname, new URL(status.url).pathname, 'no redirect to the relying party');
      assert.match(page.html, /Waiting for the BankID app to send you back here/);
    }

    // The return lands on the victim's phone, in a browser without the login: it finishes nothing.
    const victimsBrowser = new UserAgent(pv.issuer, 'en');
    const elsewhere = await victimsBrowser.open(victimsApp.returnTo!);
    assert.ok(
      !elsewhere.url.startsWith(TEST_CLIENT.redirect_uris[0]!),
      'no code for the browser the app returned to either',
    );
    const after = await agent.open(status.url);
    assert.doesNotMatch(after.url, /code=/);
    const logins = await pv.portvakt.audit.find({ type: 'login.eid', outcome: 'success' });
    assert.equal(logins.length, 0, 'nobody logged in');
  });

  test('a nonce from another order does not count as this order’s return', async () => {
    const one = await started('sameDevice');
    const other = await started('sameDevice');
    const firstApp = world.bankid.app.autoStart(launchToken(one.status), ANNA_PNR);
    firstApp.approve();
    const otherNonce = new URL(
      world.bankid.app.autoStart(launchToken(other.status), '198503122387').returnTo!,
    ).searchParams.get('nonce')!;
    await pause();
    const wrong = await one.agent.open(`${one.status.url}?nonce=${encodeURIComponent(otherNonce)}`);
    assert.match(wrong.html, /could not be tied to this browser/);
    const done = await one.agent.open(firstApp.returnTo!);
    assert.ok(done.url.startsWith(TEST_CLIENT.redirect_uris[0]!), 'its own return still finishes the login');
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(done.url), {
      pkceCodeVerifier: one.verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    assert.equal(tokens.claims()!.acr, 'http://id.elegnamnden.se/loa/1.0/loa3');
  });

  test('a QR order is unchanged: scanned and approved, the polling browser logs in, and the risk is kept', async () => {
    const { agent, status } = await started('qr');
    world.bankid.app.scanQr(/data-qr-content="([^"]+)"/.exec(status.html)![1]!, ANNA_PNR).approve();
    await pause();
    const done = await agent.open(status.url);
    assert.ok(done.url.startsWith(TEST_CLIENT.redirect_uris[0]!), done.html);
    const [login] = await pv.portvakt.audit.find({ type: 'login.eid', outcome: 'success', latest: 1 });
    assert.equal(login!.detail.risk, 'low', 'Portvakt asked BankID for returnRisk and kept the answer');
  });

  test('a login finished another way cancels the BankID order it left open', async () => {
    const { agent, status } = await started('qr');
    const { rows } = await pv.portvakt.db.query<{ ref: string }>(
      "SELECT ref FROM eid_orders WHERE method = 'bankid' AND state = 'pending' ORDER BY started_at DESC LIMIT 1",
    );
    const chooser = await agent.open(status.url.replace(/\/bankid\/status$/, ''));
    const form = await agent.open(new URL('password', `${chooser.url}/`).toString());
    const done = await agent.submit(form, '/password', { username: 'bjorn', password: DEMO_PASSWORD });
    assert.ok(done.url.startsWith(TEST_CLIENT.redirect_uris[0]!), done.html);
    const client = bankId();
    try {
      await assert.rejects(
        client.collect(rows[0]!.ref),
        (error: BankIdError) => error.code === 'invalidParameters',
        'the app no longer asks about a login that is over',
      );
    } finally {
      client.close();
    }
  });

  test('cancelling the whole login cancels the open order at BankID', async () => {
    const { agent, status } = await started('qr');
    const { rows } = await pv.portvakt.db.query<{ ref: string }>(
      "SELECT ref FROM eid_orders WHERE method = 'bankid' AND state = 'pending' ORDER BY started_at DESC LIMIT 1",
    );
    const chooser = await agent.open(new URL('.', status.url.replace(/\/bankid\/status$/, '/')).toString());
    const left = await agent.submit(chooser, '/abort');
    assert.match(left.url, /error=access_denied/);
    const client = bankId();
    try {
      await assert.rejects(
        client.collect(rows[0]!.ref),
        (error: BankIdError) => error.code === 'invalidParameters',
        'BankID no longer knows the order',
      );
    } finally {
      client.close();
    }
  });
});
