// BankID in a real browser: the chooser, the QR page whose code the script refreshes every second,
// and the login finishing on its own once the person approves in the (simulated) app.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { launchBrowser, screenshot, seriousViolations } from '../support/browser.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';

describe('BankID in Chromium', () => {
  let world: EidWorld;
  let pv: TestPortvakt;
  let browser: Browser;
  let rp: oidc.Configuration;
  let callbackServer: Server;
  let CALLBACK = '';
  before(async () => {
    // The relying party's callback, a real server: it only has to answer the browser.
    callbackServer = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>RP</title>'),
    );
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    CALLBACK = `http://127.0.0.1:${(callbackServer.address() as { port: number }).port}/callback`;
    world = await startEidWorld();
    [pv, browser] = await Promise.all([
      startPortvakt({
        config: {
          ...world.config(),
          policies: { default: { methods: ['bankid', 'freja', 'password'] } },
          clients: [{ ...TEST_CLIENT, redirect_uris: [CALLBACK] }],
        },
      }),
      launchBrowser(),
    ]);
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await browser?.close();
    await pv?.close();
    await world?.close();
    callbackServer?.close();
  });

  test('the QR code animates and the login completes by itself after approval', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' });
    const page = await context.newPage();
    const verifier = oidc.randomPKCECodeVerifier();
    await page.goto(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: CALLBACK,
          scope: 'openid',
          state: 'b',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'chooser-sv');
    await page.getByRole('link', { name: 'BankID' }).click();
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: /annan enhet/ }).click();
    await page.waitForSelector('[data-eid-qr] svg');
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'bankid-qr-sv');
    const first = await page.getAttribute('[data-eid-qr]', 'data-qr-content');
    await page.waitForFunction(
      (previous) =>
        (
          globalThis as unknown as {
            document: { querySelector(s: string): { getAttribute(a: string): string } | null };
          }
        ).document
          .querySelector('[data-eid-qr]')
          ?.getAttribute('data-qr-content') !== previous,
      first,
      { timeout: 5000 },
    );
    const current = (await page.getAttribute('[data-eid-qr]', 'data-qr-content'))!;
    assert.notEqual(current, first, 'the script refreshed the QR code without a reload');
    world.bankid.app.scanQr(current, ANNA_PNR).approve();
    await page.waitForURL((url) => url.toString().startsWith(CALLBACK), { timeout: 15_000 });
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(page.url()), {
      pkceCodeVerifier: verifier,
      expectedState: 'b',
    });
    assert.equal(tokens.claims()!.acr, 'http://id.elegnamnden.se/loa/1.0/loa3');
    await context.close();
  });

  test('the QR code goes once the app has the order, and closing the tab cancels the order at BankID', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: CALLBACK,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    await page.getByRole('link', { name: /BankID/ }).click();
    await page.getByRole('button', { name: /another device/ }).click();
    await page.waitForSelector('[data-eid-qr] svg');
    const order = world.bankid.app.scanQr((await page.getAttribute('[data-eid-qr]', 'data-qr-content'))!, ANNA_PNR);
    await page.waitForSelector('figure.qr', { state: 'hidden', timeout: 10_000 });
    assert.equal(order.status, 'pending', 'the person has the order in the app');
    const stateOfOrder = async () =>
      (
        await pv.portvakt.db.query<{ state: string }>(
          "SELECT state FROM eid_orders WHERE method = 'bankid' ORDER BY started_at DESC LIMIT 1",
        )
      ).rows[0]?.state;
    const cancelEvent = async () =>
      (await pv.portvakt.audit.find({ type: 'login.eid', outcome: 'info' })).find((event) => event.detail.cancelled);
    await page.close();
    // The cancel is audited last, once BankID has been told: wait for that, not for the row.
    for (let attempt = 0; attempt < 100 && !(await cancelEvent()); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await stateOfOrder(), 'cancelled', 'leaving the page cancelled the order');
    assert.equal((await cancelEvent())?.detail.cancelled, true, 'here and at BankID, audited as a cancel would be');
    await context.close();
  });
});
