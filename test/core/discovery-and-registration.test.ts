// What a relying party learns before it logs anyone in: discovery, JWKS, and dynamic client
// registration (RFC 7591/7592) guarded by the initial access token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { completeLogin } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';
import { DEMO_PASSWORD } from '../support/harness.ts';

const IAT = 'registration-token-for-tests-0123456789';

describe('discovery and registration', () => {
  let pv: TestPortvakt;
  before(async () => {
    pv = await startPortvakt({ config: { registration: { initialAccessToken: IAT } } });
  });
  after(() => pv.close());

  test('discovery follows the Swedish OIDC profile', async () => {
    const metadata = (await (await fetch(`${pv.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    assert.equal(metadata.issuer, pv.issuer);
    for (const level of ['loa2', 'loa3', 'loa4']) {
      assert.ok((metadata.acr_values_supported as string[]).includes(`http://id.elegnamnden.se/loa/1.0/${level}`));
    }
    assert.ok((metadata.claims_supported as string[]).includes('https://id.oidc.se/claim/personalIdentityNumber'));
    assert.ok((metadata.scopes_supported as string[]).includes('https://id.oidc.se/scope/naturalPersonNumber'));
    assert.equal(metadata.claims_parameter_supported, true);
    assert.equal(metadata.request_parameter_supported, true);
    assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(metadata.response_types_supported, ['code']);
    assert.ok((metadata.token_endpoint_auth_methods_supported as string[]).includes('private_key_jwt'));
    for (const alg of ['RS256', 'ES256']) {
      assert.ok((metadata.id_token_signing_alg_values_supported as string[]).includes(alg));
      assert.ok((metadata.userinfo_signing_alg_values_supported as string[]).includes(alg));
    }
    assert.ok(!(metadata.request_object_signing_alg_values_supported as string[]).includes('none'));
    assert.deepEqual(metadata.ui_locales_supported, ['sv', 'nb', 'en']);
    assert.deepEqual(metadata.subject_types_supported, ['public', 'pairwise']);
    for (const endpoint of [
      'registration_endpoint',
      'introspection_endpoint',
      'revocation_endpoint',
      'end_session_endpoint',
      'userinfo_endpoint',
    ]) {
      assert.ok(metadata[endpoint], `${endpoint} is advertised`);
    }
    assert.equal(metadata.backchannel_logout_supported, true);
  });

  test('JWKS publishes public keys only, each with a kid: signing RSA and EC, and RSA for encryption', async () => {
    const { keys } = (await (await fetch(`${pv.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    assert.equal(keys.filter((key) => key.use === 'sig').length, 4, 'RS256 and ES256, each active and next');
    assert.equal(keys.filter((key) => key.use === 'enc').length, 2, 'an RSA encryption key, active and next');
    for (const key of keys) {
      assert.ok(typeof key.kid === 'string' && key.kid.length > 0);
      assert.equal(key.d, undefined, 'no private parts');
    }
    assert.deepEqual(new Set(keys.map((key) => key.kty)), new Set(['RSA', 'EC']));
    const rsa = keys.find((key) => key.kty === 'RSA')!;
    assert.ok(Buffer.from(rsa.n as string, 'base64url').length >= 256, 'RSA keys have at least 2048 bits');
  });

  test('registration without the initial access token is refused', async () => {
    const response = await fetch(`${pv.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://rp.example.org/cb'] }),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_token');
  });

  test('a registered public client must use PKCE; with it a person logs in after consenting', async () => {
    const config = await oidc.dynamicClientRegistration(
      new URL(pv.issuer),
      {
        redirect_uris: ['http://127.0.0.1:9/public-cb'],
        token_endpoint_auth_method: 'none',
        client_name: 'Third party app',
        first_party: undefined,
      },
      oidc.None(),
      { initialAccessToken: IAT, execute: [oidc.allowInsecureRequests] },
    );
    const { client_id: clientId } = config.clientMetadata();
    assert.ok(clientId);

    const agent = new UserAgent(pv.issuer, 'en');
    const withoutPkce = await agent.open(
      `${pv.issuer}/auth?${new URLSearchParams({ client_id: clientId, redirect_uri: 'http://127.0.0.1:9/public-cb', response_type: 'code', scope: 'openid' })}`,
    );
    const refused = new URL(withoutPkce.url);
    assert.equal(refused.searchParams.get('error'), 'invalid_request');
    assert.match(refused.searchParams.get('error_description') ?? '', /PKCE/);

    const plain = await agent.open(
      `${pv.issuer}/auth?${new URLSearchParams({ client_id: clientId, redirect_uri: 'http://127.0.0.1:9/public-cb', response_type: 'code', scope: 'openid', code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' })}`,
    );
    assert.equal(new URL(plain.url).searchParams.get('error'), 'invalid_request');

    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:9/public-cb',
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's1',
    });
    let page = await agent.open(url.toString());
    page = await agent.submit(page, '/password', { username: 'anna', password: DEMO_PASSWORD });
    assert.match(page.html, /Third party app would like access to/, 'third-party clients ask for consent');
    page = await completeLogin(agent, page, 'anna', DEMO_PASSWORD);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's1',
    });
    assert.ok(tokens.access_token);
  });

  test('registration cannot make a client first-party', async () => {
    const response = await fetch(`${pv.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${IAT}` },
      body: JSON.stringify({ redirect_uris: ['https://rp.example.org/cb'], first_party: true }),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_client_metadata');
  });

  test('the management endpoint (RFC 7592) reads and deletes a registration', async () => {
    const response = await fetch(`${pv.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${IAT}` },
      body: JSON.stringify({ redirect_uris: ['https://rp.example.org/cb'], client_name: 'Managed' }),
    });
    assert.equal(response.status, 201);
    const registered = (await response.json()) as {
      registration_client_uri: string;
      registration_access_token: string;
      client_secret: string;
    };
    assert.ok(registered.client_secret);
    const read = await fetch(registered.registration_client_uri, {
      headers: { authorization: `Bearer ${registered.registration_access_token}` },
    });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { client_name: string }).client_name, 'Managed');
    const removed = await fetch(registered.registration_client_uri, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${registered.registration_access_token}` },
    });
    assert.equal(removed.status, 204);
  });

  test('an unregistered redirect_uri is never redirected to', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    const page = await agent.open(
      `${pv.issuer}/auth?${new URLSearchParams({ client_id: 'test-rp', redirect_uri: 'https://evil.example.org/cb', response_type: 'code', scope: 'openid', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' })}`,
    );
    assert.equal(page.status, 400);
    assert.equal(new URL(page.url).origin, pv.issuer, 'stays on Portvakt');
    assert.match(page.html, /invalid_redirect_uri|redirect_uri/);
    assert.match(page.html, /<html lang="en">/);
  });

  test('an implicit response type is not offered', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    const page = await agent.open(
      `${pv.issuer}/auth?${new URLSearchParams({ client_id: 'test-rp', redirect_uri: 'http://127.0.0.1:9/callback', response_type: 'id_token token', scope: 'openid', nonce: 'n' })}`,
    );
    const url = new URL(page.url);
    const error = url.searchParams.get('error') ?? new URLSearchParams(url.hash.slice(1)).get('error');
    assert.equal(error, 'unsupported_response_type');
  });
});
