// Freja eID+ failing in the ways a real outside service fails: down for maintenance, slower than
// the configured timeout, or answering something that is not its API. Portvakt talks to it through
// a TLS relay that passes calls on to the Freja simulator or injects the fault. The person gets a
// clear translated message, a relying party whose person gives up gets a standard error, no order
// is left waiting, and logins work again as soon as the fault ends.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { CertificateAuthority } from '../../simulators/pki.ts';
import type { FrejaSimulator } from '../../simulators/freja/index.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { startEidWorld, type EidWorld } from '../support/eid.ts';

type Fault = 'none' | 'maintenance' | 'slow' | 'garbage';
const TIMEOUT_MS = 1000;
const CALLBACK = 'http://127.0.0.1:9/callback';

interface FaultyRelay {
  url: string;
  caPem: string;
  /** The fault for calls whose path contains `only` (every call without it). */
  inject(fault: Fault, only?: string): void;
  close(): Promise<void>;
}

/** A TLS server with its own CA (Portvakt is configured to trust it) in front of the simulator. */
async function startFaultyRelay(freja: FrejaSimulator): Promise<FaultyRelay> {
  const authority = CertificateAuthority.create('freja relay');
  const certificate = authority.issue({ commonName: 'relay', use: 'server', hosts: ['127.0.0.1'] });
  let fault: Fault = 'none';
  let only: string | undefined;
  const server = createServer({ key: certificate.keyPem, cert: certificate.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const applies = fault !== 'none' && (only === undefined || (req.url ?? '').includes(only));
      if (applies && fault === 'maintenance')
        return void res
          .writeHead(503, { 'content-type': 'text/html', 'retry-after': '600' })
          .end('<h1>Down for maintenance</h1>');
      if (applies && fault === 'garbage')
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>this is not Freja</html>');
      const pass = () =>
        forward(freja, req.url ?? '/', Buffer.concat(chunks)).then(
          (answer) => void res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body),
          () => void res.destroy(),
        );
      // Slow: the answer comes, but only after Portvakt stopped waiting for it.
      if (applies && fault === 'slow') setTimeout(() => void pass(), TIMEOUT_MS * 3);
      else void pass();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caPem: authority.certPem,
    inject(next, path) {
      fault = next;
      only = path;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forward(freja: FrejaSimulator, path: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(path, freja.apiUrl), {
      method: 'POST',
      ca: freja.caCertPem,
      pfx: freja.clientPfx,
      passphrase: freja.clientPassphrase,
      agent: false,
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Freja eID+ faults', () => {
  let world: EidWorld;
  let relay: FaultyRelay;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'portvakt-freja-faults-'));
    world = await startEidWorld();
    relay = await startFaultyRelay(world.freja);
    const eid = world.config({ frejaMinRegistrationLevel: 'BASIC' }) as { freja: Record<string, unknown> };
    pv = await startPortvakt({
      config: {
        // The configured client certificate and signing certificates stay: only the address and the CA it answers with change.
        freja: {
          ...eid.freja,
          baseUrl: relay.url,
          serverCaPem: relay.caPem,
          timeouts: { requestMs: TIMEOUT_MS, pollIntervalMs: 1000 },
        } as never,
        policies: { default: { methods: ['password', 'freja'] } },
        clients: [TEST_CLIENT],
      },
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await relay?.close();
    await world?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(language: 'sv' | 'en') {
    relay.inject('none');
    const verifier = oidc.randomPKCECodeVerifier();
    const agent = new UserAgent(pv.issuer, language);
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's',
    });
    let page = await agent.open(url.toString());
    if (!page.url.endsWith('/freja')) page = await agent.open(`${page.url.replace(/\/(login)?$/, '')}/freja`);
    return { agent, verifier, page };
  }

  async function answer(status: Page, decision: 'approve' | 'decline') {
    const reference = /data-qr-content="([^"]+)"/.exec(status.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(reference, `no Freja link on the page:\n${status.html}`);
    const post = (path: string, form: Record<string, string>) =>
      fetch(new URL(path, world.freja.appUrl), { method: 'POST', body: new URLSearchParams(form) });
    const opened = await (await post('/open', { person: 'anna', reference, lang: 'en' })).text();
    const authRef = /name="authRef" value="([^"]+)"/.exec(opened)?.[1];
    assert.ok(authRef, `the app did not show the request:\n${opened}`);
    await post(`/${decision}`, { person: 'anna', authRef, lang: 'en' });
  }

  async function untilDone(agent: UserAgent, status: Page): Promise<Page> {
    for (let attempt = 0; attempt < 15; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const page = await agent.open(status.url);
      if (!page.html.includes('/freja/cancel')) return page;
    }
    throw new Error('the transaction never finished');
  }

  async function waitingOrders(): Promise<number> {
    const { rows } = await pv.portvakt.db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM eid_orders WHERE method = 'freja' AND state = 'pending'",
    );
    return rows[0]!.count;
  }

  /** The fault is gone: a whole login through the same relay ends with tokens. */
  async function loginWorks(): Promise<void> {
    const { agent, verifier, page } = await start('en');
    const status = await agent.submit(page, '/freja/start', { flow: 'qr' });
    await answer(status, 'approve');
    const done = await untilDone(agent, status);
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
    });
    assert.ok(tokens.claims()!.sub);
  }

  test('in maintenance: a translated "cannot be reached", another way offered, a standard error if abandoned', async () => {
    const { agent, page } = await start('sv');
    relay.inject('maintenance');
    const refused = await agent.submit(page, '/freja/start', { flow: 'qr' });
    assert.ok(refused.status < 500 || refused.status === 503, `a page, not a crash: ${refused.status}`);
    assert.match(refused.html, /role="alert"[^>]*>[^<]*Freja går inte att nå just nu/, 'the Swedish message');
    assert.match(refused.html, /logga in på annat sätt/);
    assert.doesNotMatch(refused.html, /maintenance|503|stack/i, 'nothing of the upstream answer leaks');
    assert.equal(await waitingOrders(), 0, 'no order is left waiting');

    const abandoned = await agent.submit(refused, '/abort');
    const back = new URL(abandoned.url);
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 's');

    await loginWorks();
  });

  test('slower than the timeout: the person waits no longer than the timeout, then is told in English', async () => {
    const { agent, page } = await start('en');
    relay.inject('slow');
    const began = performance.now();
    const refused = await agent.submit(page, '/freja/start', { flow: 'qr' });
    const waited = performance.now() - began;
    assert.ok(waited < TIMEOUT_MS * 2.5, `answered after ${waited.toFixed(0)} ms`);
    assert.match(refused.html, /role="alert"[^>]*>[^<]*Freja cannot be reached right now/);
    assert.equal(await waitingOrders(), 0);
    await loginWorks();
  });

  test('maintenance, then a timeout, on the result poll while the person is in the app: the login still finishes', async () => {
    const { agent, verifier, page } = await start('en');
    const status = await agent.submit(page, '/freja/start', { flow: 'qr' });
    relay.inject('maintenance', 'getOneResult');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.match((await agent.open(status.url)).html, /\/freja\/cancel/, 'still waiting after the maintenance answer');
    relay.inject('slow', 'getOneResult');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.match((await agent.open(status.url)).html, /\/freja\/cancel/, 'and after a poll that timed out');
    relay.inject('none');
    await answer(status, 'approve');
    const done = await untilDone(agent, status);
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
    });
    assert.ok(tokens.claims()!.sub);
  });

  test('garbage while the person is in the app: a calm error, the order closed, then logins resume', async () => {
    const { agent, page } = await start('en');
    const status = await agent.submit(page, '/freja/start', { flow: 'qr' });
    assert.match(status.html, /\/freja\/cancel/, 'the order started normally');
    relay.inject('garbage', 'getOneResult');
    const failed = await untilDone(agent, status);
    assert.ok(failed.status < 500, `a page, not a crash: ${failed.status}`);
    // The status region the page polls announces it (role="status", aria-live), in the error style.
    assert.match(failed.html, /class="error"[^>]*>An unexpected error occurred\. Try again in a moment/);
    assert.match(failed.html, /Choose another way/);
    assert.doesNotMatch(failed.html, /this is not Freja/);
    assert.equal(await waitingOrders(), 0, 'the order is not left waiting');
    const abandoned = new URL((await agent.submit(failed, '/abort')).url);
    assert.equal(abandoned.searchParams.get('error'), 'access_denied');
    await loginWorks();
  });
});
