// A login that has ended is no dead end. After it finished, the browser's Back button (or a form
// sent again) reaches a login screen that no longer exists; the page says what happened and links
// back to the service the login came from, which lets a still logged-in person straight in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

describe('a login that has ended', () => {
  let pv: TestPortvakt;
  before(async () => {
    pv = await startPortvakt({
      config: {
        clients: [
          TEST_CLIENT,
          {
            ...TEST_CLIENT,
            client_id: 'with-home',
            client_name: 'Kursportalen',
            client_uri: 'https://kurser.example/',
          },
        ],
      },
    });
  });
  after(() => pv.close());

  async function finishedLogin(clientId: string) {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(await discover(pv.issuer, clientId), {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const form = await agent.open(url.toString());
    const done = await agent.submit(form, '/password', { username: 'anna', password: DEMO_PASSWORD });
    assert.match(done.url, /^http:\/\/127\.0\.0\.1:9\/callback\?code=/);
    return { agent, form };
  }

  test('Back to the password screen: what happened, and a link to the service', async () => {
    const { agent, form } = await finishedLogin(TEST_CLIENT.client_id);
    const back = await agent.open(form.url);
    assert.equal(back.status, 400);
    assert.match(back.html, /This login is no longer open: it has already finished, or took too long\./);
    assert.match(back.html, /<a class="button" href="http:\/\/127\.0\.0\.1:9\/logged-out">Back to Test RP<\/a>/);
    // The form sent again (the browser's "resubmit") gets the same page, not an error with no way on.
    const again = await agent.submit(form, '/password', { username: 'anna', password: DEMO_PASSWORD });
    assert.match(again.html, /Back to Test RP/);
  });

  test("the service's own home page is preferred where it registered one", async () => {
    const { agent, form } = await finishedLogin('with-home');
    const back = await agent.open(form.url);
    assert.match(back.html, /<a class="button" href="https:\/\/kurser\.example\/">Back to Kursportalen<\/a>/);
  });

  test('a browser that never saw a login gets the message without a link', async () => {
    const page = await new UserAgent(pv.issuer, 'en').open(`${pv.issuer}/interaction/${'x'.repeat(21)}`);
    assert.equal(page.status, 400);
    assert.match(page.html, /This login is no longer open/);
    assert.doesNotMatch(page.html, /Back to/);
  });
});
