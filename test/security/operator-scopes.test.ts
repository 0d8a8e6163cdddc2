// Operator scopes are never registrable: the initial access token is handed to relying-party
// integrators, so dynamic registration (and a registered client's update) must not produce a client
// whose tokens open the admin API, whether it asks for the scope or registers no scope at all. And
// no client gets its code in the URL fragment unless it registered that response mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, type AdminClient } from '../support/admin-client.ts';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';

const IAT = 'registration-token-for-tests-0123456789';

describe('operator scopes', () => {
  let pv: TestPortvakt;
  let operator: AdminClient;
  before(async () => {
    operator = await adminClient('operator');
    pv = await startPortvakt({ config: { registration: { initialAccessToken: IAT }, clients: [operator.metadata] } });
  });
  after(async () => {
    await pv?.close();
  });

  async function register(metadata: Record<string, unknown>): Promise<Response> {
    return fetch(`${pv.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${IAT}` },
      body: JSON.stringify(metadata),
    });
  }

  async function tokenFor(clientId: string, secret: string, scope: string): Promise<Response> {
    return fetch(`${pv.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
    });
  }

  async function registrations(): Promise<{ outcome: string; detail: Record<string, unknown> }[]> {
    return pv.portvakt.audit.find({ type: 'client.registered' });
  }

  test('a registration asking for the admin scope is refused with invalid_client_metadata, and audited', async () => {
    const response = await register({
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'admin',
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_client_metadata');
    assert.match(body.error_description, /admin/);
    const last = (await registrations()).at(-1)!;
    assert.equal(last.outcome, 'failure');
    assert.equal(last.detail.scope, 'admin');
  });

  test('a registration with no scope at all cannot mint an admin token, nor reach the admin API', async () => {
    const response = await register({
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      client_name: 'No scope',
    });
    assert.equal(response.status, 201);
    const client = (await response.json()) as {
      client_id: string;
      client_secret: string;
      scope?: string;
      registration_client_uri: string;
      registration_access_token: string;
    };
    assert.doesNotMatch(client.scope ?? '', /\badmin\b/);
    const token = await tokenFor(client.client_id, client.client_secret, 'admin');
    assert.equal(token.status, 400);
    assert.equal(((await token.json()) as { error: string }).error, 'invalid_scope');
    const plain = (await (await tokenFor(client.client_id, client.client_secret, '')).json()) as {
      access_token?: string;
    };
    if (plain.access_token) {
      const api = await fetch(`${pv.issuer}/admin/v1/accounts`, {
        headers: { authorization: `Bearer ${plain.access_token}` },
      });
      assert.equal(api.status, 403);
    }
    assert.equal(
      (await registrations()).at(-1)!.outcome,
      'success',
      'the registration is audited with what it asked for',
    );

    // Nor can the registered client give itself the scope afterwards (RFC 7592 update).
    const update = await fetch(client.registration_client_uri, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${client.registration_access_token}` },
      body: JSON.stringify({
        client_id: client.client_id,
        client_secret: client.client_secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: 'admin',
      }),
    });
    assert.equal(update.status, 400);
    assert.equal(((await update.json()) as { error: string }).error, 'invalid_client_metadata');
  });

  test('an operator’s configured client still gets the admin scope', async () => {
    const api = await fetch(`${pv.issuer}/admin/v1/accounts`, {
      headers: { authorization: `Bearer ${await operator.token(pv.issuer)}` },
    });
    assert.equal(api.status, 200);
  });
});

describe('response modes', () => {
  let pv: TestPortvakt;
  before(async () => {
    pv = await startPortvakt({ config: { registration: { initialAccessToken: IAT } } });
  });
  after(async () => {
    await pv?.close();
  });

  const authorize = (clientId: string, redirect: string, params: Record<string, string>) =>
    fetch(
      `${pv.issuer}/auth?${new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: redirect, code_challenge: 'a'.repeat(43), code_challenge_method: 'S256', ...params })}`,
      { redirect: 'manual' },
    );
  const errorOf = (response: Response) => {
    const location = new URL(response.headers.get('location') ?? '', pv.issuer);
    return (
      new URLSearchParams(location.search).get('error') ?? new URLSearchParams(location.hash.slice(1)).get('error')
    );
  };

  test('a code goes in the fragment only for a client that registered that mode (RFC 9700)', async () => {
    const refused = await authorize('test-rp', 'http://127.0.0.1:9/callback', { response_mode: 'fragment' });
    assert.equal(errorOf(refused), 'invalid_request');
    for (const mode of ['query', 'form_post'])
      assert.ok(
        [200, 303].includes(
          (await authorize('test-rp', 'http://127.0.0.1:9/callback', { response_mode: mode })).status,
        ),
        mode,
      );

    const registered = (await (
      await fetch(`${pv.issuer}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${IAT}` },
        body: JSON.stringify({ redirect_uris: ['https://rp.example.org/cb'], response_modes: ['query', 'fragment'] }),
      })
    ).json()) as { client_id: string; response_modes: string[] };
    assert.deepEqual(registered.response_modes, ['query', 'fragment']);
    const allowed = await authorize(registered.client_id, 'https://rp.example.org/cb', { response_mode: 'fragment' });
    assert.equal(allowed.status, 303, 'a client that registered it gets it');
    assert.equal(errorOf(allowed), null);
  });

  test('an implicit or hybrid request still hears unsupported_response_type, not a response-mode error', async () => {
    for (const type of ['id_token', 'code id_token', 'id_token token']) {
      assert.equal(
        errorOf(
          await authorize('test-rp', 'http://127.0.0.1:9/callback', { response_type: type, nonce: 'n-0S6_WzA2Mj' }),
        ),
        'unsupported_response_type',
        type,
      );
    }
  });
});
