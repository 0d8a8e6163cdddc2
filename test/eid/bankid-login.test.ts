// Whole BankID logins through Portvakt's screens over HTTP, with the BankID simulator playing the
// service and the person's app over real mutual TLS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { BankIdClient, type BankIdError } from '../../src/eid/bankid/index.ts';

const PNR_CLAIM = 'https://id.oidc.se/claim/personalIdentityNumber';
const ASTRID = '198503122387';

const PHONE = 'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36';
const COMPUTER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 Version/18.1 Safari/605.1.15';

describe('BankID login', () => {
  let world: EidWorld;
  let pv: TestPortvakt;
  let jit: oidc.Configuration;
  let strict: oidc.Configuration;
  before(async () => {
    world = await startEidWorld();
    pv = await startPortvakt({
      config: {
        ...world.config(),
        policies: {
          default: { methods: ['password'] },
          eid: { methods: ['bankid', 'freja', 'password'], provisioning: 'jit' },
          strict: { methods: ['bankid'] },
        },
        clients: [
          { ...TEST_CLIENT, login_policy: 'eid' },
          {
            ...TEST_CLIENT,
            client_id: 'strict-rp',
            redirect_uris: ['http://127.0.0.1:9/strict'],
            login_policy: 'strict',
          },
        ],
      },
    });
    [jit, strict] = await Promise.all([discover(pv.issuer), discover(pv.issuer, 'strict-rp')]);
  });
  after(async () => {
    await pv?.close();
    await world?.close();
  });

  async function begin(
    config: oidc.Configuration,
    redirectUri: string,
    params: Record<string, string> = {},
    agent = new UserAgent(pv.issuer, 'en'),
  ) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile https://id.oidc.se/scope/naturalPersonNumber',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's',
      nonce: 'n',
      ...params,
    });
    return { agent, verifier, first: await agent.open(url.toString()) };
  }

  async function startOrder(agent: UserAgent, page: Page, flow: 'qr' | 'sameDevice'): Promise<Page> {
    const choice = page.url.endsWith('/bankid') ? page : await agent.open(new URL('bankid', `${page.url}/`).toString());
    return agent.submit(choice, '/bankid/start', { flow });
  }

  const qrContentOf = (page: Page) =>
    /data-qr-content="([^"]+)"/.exec(page.html)?.[1] ?? assert.fail(`no QR code on the page:\n${page.html}`);
  const messageOf = (page: Page) =>
    /data-eid-message>([^<]*)</.exec(page.html)?.[1] ?? /role="alert">([^<]*)</.exec(page.html)?.[1];

  async function untilDone(agent: UserAgent, status: Page): Promise<Page> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const page = await agent.open(status.url);
      if (!page.html.includes('data-eid-message') || !page.html.includes('/bankid/cancel')) return page;
    }
    throw new Error('the order never finished');
  }

  test('the chooser offers BankID, Freja and password; the QR path logs Anna in with loa3', async () => {
    const { agent, verifier, first } = await begin(jit, 'http://127.0.0.1:9/callback');
    assert.match(first.html, /BankID \(Swedish\)/);
    assert.match(first.html, /Freja eID\+/);
    const status = await startOrder(agent, first, 'qr');
    assert.match(status.html, /<svg/);
    assert.doesNotMatch(status.html, /qrStartSecret/);
    const order = world.bankid.app.scanQr(qrContentOf(status), ANNA_PNR);
    order.approve();
    const done = await untilDone(agent, status);
    const tokens = await oidc.authorizationCodeGrant(jit, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    const claims = tokens.claims()!;
    assert.equal(claims.acr, 'http://id.elegnamnden.se/loa/1.0/loa3');
    assert.deepEqual(claims.amr, ['swk', 'mfa']);
    assert.equal(claims[PNR_CLAIM], ANNA_PNR);
    const anna = await pv.portvakt.accounts.findByIdentity('se_personal_number', ANNA_PNR);
    assert.equal(claims.sub, anna!.id, 'BankID reaches the account that already holds the number');
    const events = await pv.portvakt.audit.find({ type: 'login.eid', outcome: 'success' });
    assert.ok(events.at(-1)!.detail.ocspResponse, 'the completion data is kept with the audit event');
    assert.equal(events.at(-1)!.detail.personalNumber, '19850614****', 'masked in the audit record');
  });

  test('the same-device path returns through the launch link with a checked nonce', async () => {
    const { agent, verifier, first } = await begin(jit, 'http://127.0.0.1:9/callback');
    const status = await startOrder(agent, first, 'sameDevice');
    const launch = /href="([^"]*autostarttoken[^"]*)"/.exec(status.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(launch?.startsWith(world.bankid.appUrl), 'the launch link points at the configured app');
    const token = new URL(launch!).searchParams.get('autostarttoken')!;
    const app = world.bankid.app.autoStart(token, ANNA_PNR);
    app.approve();
    const wrong = await agent.open(`${status.url}?nonce=not-the-nonce`);
    assert.match(wrong.html, /could not be tied to this browser/);
    assert.match(app.returnTo ?? '', /\/bankid\/status\?nonce=/, 'the order’s returnUrl carries the nonce');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const done = await agent.open(app.returnTo!);
    const tokens = await oidc.authorizationCodeGrant(jit, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    assert.equal(tokens.claims()![PNR_CLAIM], ANNA_PNR);
  });

  test('cancelling in Portvakt cancels the order at BankID', async () => {
    const { agent, first } = await begin(jit, 'http://127.0.0.1:9/callback');
    const status = await startOrder(agent, first, 'qr');
    world.bankid.app.scanQr(qrContentOf(status), ANNA_PNR);
    const { rows } = await pv.portvakt.db.query<{ ref: string }>(
      "SELECT ref FROM eid_orders WHERE method = 'bankid' AND state = 'pending' ORDER BY started_at DESC LIMIT 1",
    );
    const back = await agent.submit(status, '/bankid/cancel');
    assert.match(back.html, /On this device/);
    const client = new BankIdClient({
      baseUrl: world.bankid.apiUrl,
      pfx: world.bankid.clientPfx,
      passphrase: world.bankid.clientPassphrase,
      ca: world.bankid.caCertPem,
    });
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

  async function latestOrderRef(): Promise<string> {
    const { rows } = await pv.portvakt.db.query<{ ref: string }>(
      "SELECT ref FROM eid_orders WHERE method = 'bankid' ORDER BY started_at DESC LIMIT 1",
    );
    return rows[0]!.ref;
  }

  async function knownAtBankId(ref: string): Promise<boolean> {
    const client = new BankIdClient({
      baseUrl: world.bankid.apiUrl,
      pfx: world.bankid.clientPfx,
      passphrase: world.bankid.clientPassphrase,
      ca: world.bankid.caCertPem,
    });
    try {
      await client.collect(ref);
      return true;
    } catch (error) {
      if ((error as BankIdError).code === 'invalidParameters') return false;
      throw error;
    } finally {
      client.close();
    }
  }

  test('a collect in maintenance and one that times out, mid-login, do not end it: the login finishes', async () => {
    const { agent, verifier, first } = await begin(jit, 'http://127.0.0.1:9/callback');
    const status = await startOrder(agent, first, 'qr');
    world.bankid.injectFault({ errorCode: 'maintenance' }, { endpoint: 'collect' });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const during = await agent.open(status.url);
    assert.match(during.html, /\/bankid\/cancel/, 'the order is still waiting after the maintenance answer');
    world.bankid.injectFault({ hang: true }, { endpoint: 'collect' });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const afterTimeout = await agent.open(status.url);
    assert.match(afterTimeout.html, /\/bankid\/cancel/, 'and after a collect that was never answered');
    world.bankid.app.scanQr(qrContentOf(afterTimeout), ANNA_PNR).approve();
    const done = await untilDone(agent, status);
    const tokens = await oidc.authorizationCodeGrant(jit, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    assert.equal(tokens.claims()![PNR_CLAIM], ANNA_PNR);
  });

  test('collects that stay unanswered end the login after a while, and the order is cancelled at BankID', async () => {
    const { agent, first } = await begin(jit, 'http://127.0.0.1:9/callback');
    const status = await startOrder(agent, first, 'qr');
    const ref = await latestOrderRef();
    // Two unanswered collects: the first is retried, the second comes after Portvakt's patience ran out.
    world.bankid.injectFault({ errorCode: 'maintenance' }, { endpoint: 'collect', times: 2 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.match((await agent.open(status.url)).html, /\/bankid\/cancel/, 'the first unanswered collect is retried');
    // As if the collects had gone unanswered for longer than Portvakt waits.
    await pv.portvakt.db.query("UPDATE eid_orders SET failing_since = now() - interval '1 minute' WHERE ref = $1", [
      ref,
    ]);
    const failed = await untilDone(agent, status);
    assert.match(failed.html, /try again/i);
    assert.equal(await knownAtBankId(ref), false, 'Portvakt cancelled the order it gave up');
  });

  test('web.deviceIdentifier is this browser’s own, kept 399 days, and not derived from its address or user agent', async () => {
    const identifierOf = async (agent?: UserAgent) => {
      const started = await begin(jit, 'http://127.0.0.1:9/callback', {}, agent);
      const status = await startOrder(started.agent, started.first, 'qr');
      const order = world.bankid.app.scanQr(qrContentOf(status), ANNA_PNR);
      await started.agent.submit(status, '/bankid/cancel');
      return { agent: started.agent, identifier: order.web?.deviceIdentifier };
    };
    const one = await identifierOf();
    assert.match(one.identifier ?? '', /^[0-9a-f]{64}$/);
    const again = await identifierOf(one.agent);
    assert.equal(again.identifier, one.identifier, 'the same browser, the same identifier');
    const other = await identifierOf();
    assert.notEqual(other.identifier, one.identifier, 'another browser from the same address and user agent');
    const cookie = one.agent.setCookieHeaders.find((header) => header.startsWith('portvakt_device='));
    assert.ok(cookie, 'kept in a cookie of its own');
    const expires = Date.parse(/;\s*expires=([^;]+)/i.exec(cookie)?.[1] ?? '');
    const days = (expires - Date.now()) / 86_400_000;
    assert.ok(days > 398 && days <= 399, `kept 399 days, not ${days.toFixed(1)}`);
    assert.match(cookie, /;\s*httponly/i);
  });

  test('on a computer the app is started at once, with a button to fall back on; a phone gets BankID’s link to tap', async () => {
    const computer = new UserAgent(pv.issuer, 'en', { headers: { 'user-agent': COMPUTER } });
    const atDesk = await begin(jit, 'http://127.0.0.1:9/callback', {}, computer);
    const desk = await startOrder(computer, atDesk.first, 'sameDevice');
    assert.match(desk.html, /<a class="button" href="[^"]*autostarttoken=[^"]*" data-eid-launch>Open BankID<\/a>/);
    assert.match(desk.html, /If the app does not start by itself, press the button/);
    assert.match(desk.html, /Trying to start your BankID app/i, 'RFA13: the start was made');
    await computer.submit(desk, '/bankid/cancel');

    const phone = new UserAgent(pv.issuer, 'en', { headers: { 'user-agent': PHONE } });
    const inHand = await begin(jit, 'http://127.0.0.1:9/callback', {}, phone);
    const tap = await startOrder(phone, inHand.first, 'sameDevice');
    assert.match(tap.html, /<a class="button" href="[^"]*autostarttoken=[^"]*">Open BankID<\/a>/);
    assert.doesNotMatch(tap.html, /data-eid-launch/, 'a phone’s browser starts the app only on a tap');
    assert.match(tap.html, /data-eid-message>Start your BankID app\./, 'RFA1 until the person taps');
    await phone.submit(tap, '/bankid/cancel');
  });

  test('the QR code names BankID, offers this device instead on a computer, and goes once the app has the order', async () => {
    const computer = new UserAgent(pv.issuer, 'en', { headers: { 'user-agent': COMPUTER } });
    const { first } = await begin(jit, 'http://127.0.0.1:9/callback', {}, computer);
    const status = await startOrder(computer, first, 'qr');
    assert.match(status.html, /Start the BankID app and tap the QR icon\. Then scan the QR code below\./);
    assert.match(status.html, /name="flow" value="sameDevice">Open BankID on this device instead/);
    world.bankid.app.scanQr(qrContentOf(status), ANNA_PNR);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const scanned = await computer.open(status.url);
    assert.match(scanned.html, /\/bankid\/cancel/, 'still waiting for the person in the app');
    assert.doesNotMatch(scanned.html, /data-eid-qr/, 'no QR code once the app has picked the order up');
    const polled = (await (
      await fetch(new URL(status.url.replace(/\/status$/, '/poll')), {
        headers: { cookie: computer.cookieHeader() },
      })
    ).json()) as { state: string; qr?: string };
    assert.deepEqual([polled.state, polled.qr], ['pending', undefined], 'nor in what the page script is given');
    await computer.submit(scanned, '/bankid/cancel');
  });

  test('going back to the chooser ends the order it left, here and at BankID', async () => {
    const { agent, first } = await begin(jit, 'http://127.0.0.1:9/callback');
    const status = await startOrder(agent, first, 'qr');
    const ref = await latestOrderRef();
    const chooser = await agent.open(status.url.replace(/\/bankid\/status$/, ''));
    assert.match(chooser.html, /Freja eID\+/, 'the chooser again');
    assert.equal(await knownAtBankId(ref), false, 'the order is cancelled at BankID');
    const [event] = await pv.portvakt.audit.find({ type: 'login.eid', outcome: 'info', latest: 1 });
    assert.equal(event?.detail.by, 'back_to_chooser');
  });

  test('a second order for the same person cancels the first, with BankID’s message', async () => {
    const one = await begin(jit, 'http://127.0.0.1:9/callback');
    const firstStatus = await startOrder(one.agent, one.first, 'qr');
    world.bankid.app.scanQr(qrContentOf(firstStatus), ANNA_PNR);
    const two = await begin(jit, 'http://127.0.0.1:9/callback');
    const secondStatus = await startOrder(two.agent, two.first, 'qr');
    world.bankid.app.scanQr(qrContentOf(secondStatus), ANNA_PNR);
    const failed = await untilDone(one.agent, firstStatus);
    assert.equal(failed.status, 400);
    assert.match(messageOf(failed) ?? '', /.+/);
    assert.match(failed.html, /Try again/, 'a new order is offered, never started by itself');
  });

  test('an order nobody picks up fails with startFailed and BankID’s message', async () => {
    const { agent, first } = await begin(jit, 'http://127.0.0.1:9/callback');
    const status = await startOrder(agent, first, 'qr');
    world.clock.advance(31_000);
    const failed = await untilDone(agent, status);
    assert.match(messageOf(failed) ?? '', /BankID app/i);
    assert.match(failed.html, /Try again/);
  });

  test('first login provisions an account for a jit client and is refused for a strict one', async () => {
    const refused = await begin(strict, 'http://127.0.0.1:9/strict');
    assert.ok(refused.first.url.endsWith('/bankid'), 'a single method skips the chooser');
    const status = await startOrder(refused.agent, refused.first, 'qr');
    world.bankid.app.scanQr(qrContentOf(status), ASTRID).approve();
    const page = await untilDone(refused.agent, status);
    assert.match(page.html, /There is no account for you/);
    assert.equal(await pv.portvakt.accounts.findByIdentity('se_personal_number', ASTRID), undefined);

    const welcomed = await begin(jit, 'http://127.0.0.1:9/callback');
    const jitStatus = await startOrder(welcomed.agent, welcomed.first, 'qr');
    world.bankid.app.scanQr(qrContentOf(jitStatus), ASTRID).approve();
    const done = await untilDone(welcomed.agent, jitStatus);
    const tokens = await oidc.authorizationCodeGrant(jit, new URL(done.url), {
      pkceCodeVerifier: welcomed.verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    const userinfo = await oidc.fetchUserInfo(jit, tokens.access_token, tokens.claims()!.sub);
    assert.equal(userinfo.given_name, 'Astrid');
    assert.equal(userinfo[PNR_CLAIM], ASTRID);
  });

  /** A pushed authorization request, authenticated with the client's secret, then the browser's visit. */
  async function beginPushed(params: Record<string, string>) {
    const agent = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = await oidc.buildAuthorizationUrlWithPAR(jit, {
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's',
      nonce: 'n',
      ...params,
    });
    return { agent, first: await agent.open(url.toString()) };
  }

  test('authnProvider skips the chooser; userMessage from an authenticated pushed request reaches the screen', async () => {
    const userMessage = JSON.stringify({
      message: Buffer.from('Logga in för att se dina kurser').toString('base64'),
      mime_type: 'text/plain',
    });
    const { first } = await beginPushed({
      'https://id.oidc.se/param/authnProvider': 'urn:portvakt:authn:bankid',
      'https://id.oidc.se/param/userMessage': userMessage,
    });
    assert.ok(first.url.endsWith('/bankid'));
    assert.match(first.html, /Logga in för att se dina kurser/);
    const bad = await beginPushed({
      'https://id.oidc.se/param/userMessage': '{"message":"x","mime_type":"text/html"}',
    });
    assert.equal(
      new URL(bad.first.url).searchParams.get('error'),
      'invalid_request',
      'a message the profile does not allow is refused even when pushed',
    );
  });

  test('a plain link cannot put its own words on the BankID screen under a real client’s name', async () => {
    const userMessage = JSON.stringify({
      message: Buffer.from('Din kommun: godkänn betalningen').toString('base64'),
      mime_type: 'text/plain',
    });
    const { first } = await begin(jit, 'http://127.0.0.1:9/callback', {
      'https://id.oidc.se/param/userMessage': userMessage,
    });
    const back = new URL(first.url);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(
      back.searchParams.get('error_description') ?? '',
      /signed request object or a pushed authorization request/,
    );
    assert.doesNotMatch(first.html, /godkänn betalningen/);
  });

  test('BankID in maintenance, or answering garbage, gives the person a clear message and a way back', async () => {
    world.bankid.injectFault({ errorCode: 'maintenance' }, { endpoint: 'auth' });
    const { agent, first } = await begin(jit, 'http://127.0.0.1:9/callback');
    const refused = await startOrder(agent, first, 'qr');
    assert.equal(refused.status, 400);
    assert.match(refused.html, /role="alert">[^<]*try again/i, "BankID's RFA5 message");
    assert.match(refused.html, /On this device/, 'the person can start again');

    const status = await agent.submit(refused, '/bankid/start', { flow: 'qr' });
    world.bankid.injectFault(
      { status: 200, rawBody: '<html>not json</html>', contentType: 'text/html' },
      { endpoint: 'collect' },
    );
    const failed = await untilDone(agent, status);
    assert.match(failed.html, /unexpected error/, 'an internal failure is shown as ours, not as a BankID message');
    assert.match(failed.html, /Try again/);
    const { rows } = await pv.portvakt.db.query<{ state: string }>(
      "SELECT state FROM eid_orders WHERE method = 'bankid' ORDER BY started_at DESC LIMIT 1",
    );
    assert.equal(rows[0]?.state, 'failed');
  });
});
