// A relying party on another site POSTs its authorization request as a form, in Chromium. The
// Lax session cookie is not sent with a cross-site POST, but the 303 turns the request into the
// top-level GET a redirect makes, which carries it: the second client gets its code by single
// sign-on, without a login screen.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { launchBrowser } from '../support/browser.ts';

describe('a POSTed authorization request from another site, in Chromium', () => {
  let pv: TestPortvakt;
  let browser: Browser;
  let rp: oidc.Configuration;
  let site: Server;
  let RP_SITE = '';
  let CLIENT = TEST_CLIENT;
  let form = '';
  before(async () => {
    // The relying party on another site than Portvakt's 127.0.0.1: its start page holds the form,
    // its callback receives the code.
    site = createServer((request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(request.url?.startsWith('/start') ? form : '<!doctype html><title>RP</title><p>back</p>');
    });
    await new Promise<void>((resolve) => site.listen(0, 'localhost', resolve));
    RP_SITE = `http://localhost:${(site.address() as AddressInfo).port}`;
    CLIENT = { ...TEST_CLIENT, redirect_uris: [`${RP_SITE}/callback`] };
    [pv, browser] = await Promise.all([startPortvakt({ config: { clients: [CLIENT] } }), launchBrowser()]);
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await browser?.close();
    await pv?.close();
    site?.close();
  });

  test('after a login, the form from another site is answered by single sign-on', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    await page.goto(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: CLIENT.redirect_uris[0]!,
          scope: 'openid',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    await page.getByLabel(/Användarnamn|Brukernavn|Username/).fill('anna');
    await page.getByLabel(/^(Lösenord|Passord|Password)$/).fill(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${RP_SITE}/callback?**`);

    const fields = {
      client_id: TEST_CLIENT.client_id,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: CLIENT.redirect_uris[0]!,
      state: 'from-the-form',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const inputs = Object.entries(fields)
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
      .join('');
    form = `<!doctype html><title>RP</title><form method="post" action="${pv.issuer}/auth">${inputs}<button>Log in</button></form>`;
    await page.goto(`${RP_SITE}/start`);
    const posted = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url() === `${pv.issuer}/auth`,
    );
    await page.getByRole('button', { name: 'Log in' }).click();
    const request = await posted;
    assert.equal(
      request.headers().cookie,
      undefined,
      'the cross-site POST itself carries no session cookie (SameSite=Lax)',
    );
    await page.waitForURL(`${RP_SITE}/callback?**`);
    const callback = new URL(page.url());
    assert.equal(callback.searchParams.get('state'), 'from-the-form');
    assert.ok(callback.searchParams.get('code'), 'the code comes by single sign-on, no login screen in between');
    await context.close();
  });
});
