// The launch link and QR content, and the simulated app page that stands in for the phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authRefFromAppLink, frejaAppLink, frejaQrContent } from '../../src/eid/freja/links.ts';
import { app, startHarness, type Harness } from './support.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

describe('links', () => {
  test('the app link percent-encodes the reference, and the QR code carries the same link', () => {
    const authRef = 'ab+c/d==';
    assert.equal(frejaAppLink(authRef), 'frejaeid://bindUserToTransaction?transactionReference=ab%2Bc%2Fd%3D%3D');
    assert.equal(frejaQrContent(authRef), frejaAppLink(authRef));
    assert.equal(authRefFromAppLink(frejaAppLink(authRef)), authRef);
  });

  test('an origin to return to is added and encoded', () => {
    const link = frejaAppLink('ref', { originAppScheme: 'https://id.example.org/freja/return?x=1 2' });
    assert.equal(
      link,
      'frejaeid://bindUserToTransaction?transactionReference=ref&originAppScheme=https%3A%2F%2Fid.example.org%2Ffreja%2Freturn%3Fx%3D1%202',
    );
  });

  test('text that is not an app link has no reference', () => {
    assert.equal(authRefFromAppLink('https://example.org/?transactionReference=x'), undefined);
    assert.equal(authRefFromAppLink('not a link'), undefined);
  });
});

describe('the simulated app', () => {
  test('a link in the query string fills the form, escaped', async () => {
    const page = await app.home(h.sim, {
      person: 'anna',
      ref: 'frejaeid://bindUserToTransaction?transactionReference="><script>alert(1)</script>',
    });
    assert.doesNotMatch(page, /<script>/);
    assert.match(page, /&quot;&gt;&lt;script&gt;/);
    assert.match(page, /<option value="anna" selected>/);
  });

  test('a bare reference whose + became a space in a query string still opens', async () => {
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    const mangled = `  ${authRef.replaceAll('+', ' ')}  `;
    assert.match(await app.open(h.sim, 'anna', mangled), /A service asks you to log in/);
    assert.equal((await h.client.getOneResult(authRef)).status, 'DELIVERED_TO_MOBILE');
    await h.client.cancel(authRef);
  });

  test('an unknown reference or person is explained, not an error page', async () => {
    assert.match(
      await app.open(h.sim, 'anna', 'frejaeid://bindUserToTransaction?transactionReference=nothing'),
      /No such request/,
    );
    assert.match(await app.open(h.sim, 'nobody', 'x'), /Choose a person/);
  });

  test('speaks Swedish and Norwegian as well', async () => {
    assert.match(await app.home(h.sim, { lang: 'sv' }), /lang="sv"[\s\S]*Detta är inte Freja eID/);
    const norwegian = await fetch(h.sim.appUrl, { headers: { 'accept-language': 'nb-NO,nb;q=0.9' } });
    assert.match(await norwegian.text(), /Dette er ikke Freja eID/);
  });

  test('unknown paths are 404 and pages forbid scripts', async () => {
    assert.equal((await fetch(new URL('/admin', h.sim.appUrl))).status, 404);
    const home = await fetch(h.sim.appUrl);
    assert.match(home.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });
});
