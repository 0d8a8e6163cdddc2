// No user enumeration through "forgot password": an address with an account and one without get
// the same pages, whatever code is typed, once the per-login tokens and the address are set aside.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

describe('forgot password tells nobody which addresses have accounts', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({ config: { ...messaging.config, policies: { default: { methods: ['password'] } } } });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  /** The page with what differs by construction (uid, CSRF token, the typed address) taken out. */
  const comparable = (page: Page, address: string) =>
    page.html.replace(/\/interaction\/[\w-]+/g, '/interaction/UID').replace(/name="csrf" value="[^"]+"/g, 'name="csrf" value="CSRF"').replaceAll(address, 'ADDRESS');

  async function codeAnswer(address: string, code: string): Promise<{ sent: Page; answer: Page }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, { redirect_uri: TEST_CLIENT.redirect_uris[0]!, scope: 'openid', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    const login = await agent.open(url.toString());
    const sent = await agent.submit(await agent.open(`${login.url}/reset`), '/password/reset', { email: address });
    return { sent, answer: await agent.submit(sent, '/password/reset/code', { code }) };
  }

  for (const code of ['123456', 'ABCDEF', '']) {
    test(`a wrong code ${JSON.stringify(code)} reads the same for an address with an account and one without`, async () => {
      const known = await codeAnswer('bjorn.berg@example.org', code);
      const unknown = await codeAnswer('nobody.here@example.org', code);
      assert.equal(known.sent.status, unknown.sent.status);
      assert.equal(comparable(known.sent, 'bjorn.berg@example.org'), comparable(unknown.sent, 'nobody.here@example.org'));
      assert.equal(known.answer.status, unknown.answer.status);
      assert.equal(comparable(known.answer, 'bjorn.berg@example.org'), comparable(unknown.answer, 'nobody.here@example.org'));
      assert.match(known.answer.html, /not correct or no longer valid/);
    });
  }
});
