// Back-channel logout between two portals that share one Portvakt session: logging out from one
// ends the other's session too. Logout tokens that fail a check of section 2.6 change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, SignJWT } from 'jose';
import type { Browser } from 'playwright-core';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startKompetensportal } from '../../samples/kompetensportal/index.ts';
import { startLaringsportal } from '../../samples/laringsportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from './free-port.ts';
import { confirmPortvaktLogout, expectPortvaktLogin, passwordLogin } from './pages.ts';

const EVENT = { 'http://schemas.openid.net/event/backchannel-logout': {} };

describe('Back-channel logout across sample portals', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let kompetens: RunningPortal;
  let laring: RunningPortal;
  before(async () => {
    const [kompetensPort, laringPort] = [await freePort(), await freePort()];
    const kompetensClient = portalClient('kompetensportal', kompetensPort);
    // Læringsportal asks for Portvakt's session id in its tokens; Kompetensportal goes by the person.
    const laringClient = portalClient('laringsportal', laringPort, { backchannel_logout_session_required: true });
    [pv, browser] = await Promise.all([
      startPortvakt({ config: { clients: [kompetensClient, laringClient] } }),
      launchBrowser(),
    ]);
    const common = { issuer: pv.issuer, host: '127.0.0.1', allowInsecureIssuer: true };
    kompetens = await startKompetensportal({
      ...common,
      port: kompetensPort,
      clientId: kompetensClient.client_id,
      clientSecret: kompetensClient.client_secret,
    });
    laring = await startLaringsportal({
      ...common,
      port: laringPort,
      clientId: laringClient.client_id,
      clientSecret: laringClient.client_secret,
    });
  });
  after(async () => {
    await browser?.close();
    await kompetens?.close();
    await laring?.close();
    await pv?.close();
  });

  test('logging out from Kompetensportal ends the Læringsportal session of that Portvakt session only', async () => {
    const elsewhere = await browser.newContext({ locale: 'nb-NO' });
    const other = await elsewhere.newPage();
    await other.goto(`${laring.url}/kurs`);
    await passwordLogin(other, pv.issuer, 'anna');
    await other.waitForURL(`${laring.url}/kurs`);

    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${kompetens.url}/mina-sidor`);
    await passwordLogin(page, pv.issuer, 'anna');
    await page.waitForURL(`${kompetens.url}/mina-sidor`);
    // The second portal's login rides on Portvakt's session: no password asked.
    await page.goto(`${laring.url}/kurs`);
    await page.waitForURL(`${laring.url}/kurs`);
    assert.match(await page.locator('main').innerText(), /Innlogget som Anna Andersson/);

    await page.goto(`${kompetens.url}/mina-sidor`);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await confirmPortvaktLogout(page);
    await page.waitForURL(`${kompetens.url}/`);
    const ended = await context.request.get(`${laring.url}/kurs`, { maxRedirects: 0 });
    assert.equal(ended.status(), 302);
    assert.equal(ended.headers().location, '/login?returnTo=%2Fkurs');
    await page.goto(`${laring.url}/kurs`);
    await expectPortvaktLogin(page, pv.issuer);
    // The logout token named this browser's Portvakt session (`sid`), not every session of Anna's.
    // Asked without following redirects, since a silent login through Portvakt would hide the answer.
    const still = await elsewhere.request.get(`${laring.url}/kurs`, { maxRedirects: 0 });
    assert.equal(still.status(), 200);
    assert.match(await still.text(), /Innlogget som Anna Andersson/);
    await Promise.all([context.close(), elsewhere.close()]);
  });

  test('a logout token that fails a check ends no session', async () => {
    const keys = await generateKeyPair('RS256');
    const claims = { sub: 'someone', jti: 'j1', events: EVENT };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt' })
      .setIssuer(pv.issuer)
      .setAudience('laringsportal')
      .setIssuedAt()
      .sign(keys.privateKey);
    for (const token of [forged, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJzb21lb25lIn0.', 'not-a-jwt']) {
      const response = await fetch(`${laring.url}/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }),
      });
      assert.equal(response.status, 400, token.slice(0, 20));
      assert.deepEqual(await response.json(), { error: 'invalid_request' });
    }
    const empty = await fetch(`${laring.url}/backchannel-logout`, { method: 'POST' });
    assert.equal(empty.status, 400);
  });
});
