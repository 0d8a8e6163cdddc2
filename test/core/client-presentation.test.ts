// What a client registers about itself for people to see (Dynamic Client Registration §2): its
// logo, privacy policy and terms appear on the login screens; https only, and the logo's origin is
// the one image source the page's CSP then adds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { UserAgent } from '../support/user-agent.ts';

const IAT = 'registration-token-for-tests-0123456789';

describe('client logo, policy and terms on the login screens', () => {
  let pv: TestPortvakt;
  before(async () => {
    pv = await startPortvakt({ config: { registration: { initialAccessToken: IAT } } });
  });
  after(() => pv?.close());

  const register = (metadata: Record<string, unknown>) =>
    fetch(`${pv.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${IAT}` },
      body: JSON.stringify({ redirect_uris: ['https://rp.example.org/cb'], client_name: 'Skolwebben', ...metadata }),
    });

  test('the chooser shows them, and the CSP allows exactly the logo’s origin', async () => {
    const response = await register({
      logo_uri: 'https://cdn.example.org/skolwebben.png',
      policy_uri: 'https://rp.example.org/privacy',
      tos_uri: 'https://rp.example.org/terms',
    });
    assert.equal(response.status, 201);
    const client = (await response.json()) as { client_id: string };
    const agent = new UserAgent(pv.issuer, 'en');
    const page = await agent.open(
      `${pv.issuer}/auth?${new URLSearchParams({ client_id: client.client_id, response_type: 'code', scope: 'openid', redirect_uri: 'https://rp.example.org/cb', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
    );
    assert.match(
      page.html,
      /<img class="client-logo" src="https:\/\/cdn\.example\.org\/skolwebben\.png" alt="Skolwebben logo"/,
    );
    assert.match(
      page.html,
      /<a href="https:\/\/rp\.example\.org\/privacy" rel="noopener">Skolwebben privacy policy<\/a>/,
    );
    assert.match(
      page.html,
      /<a href="https:\/\/rp\.example\.org\/terms" rel="noopener">Skolwebben terms of service<\/a>/,
    );
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /img-src 'self' data: https:\/\/cdn\.example\.org(;|$)/);
  });

  test('http, javascript: or unparsable presentation URIs are refused at registration', async () => {
    for (const metadata of [
      { logo_uri: 'http://cdn.example.org/logo.png' },
      { policy_uri: 'javascript:alert(1)' },
      { tos_uri: 'not a url' },
    ]) {
      const response = await register(metadata);
      assert.equal(response.status, 400, JSON.stringify(metadata));
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_client_metadata');
    }
  });
});
