// Operator scopes are never registrable: the initial access token is handed to relying-party
// integrators, so dynamic registration (and a registered client's update) must not produce a client
// whose tokens open the admin API, whether it asks for the scope or registers no scope at all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
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
    return fetch(`${pv.issuer}/reg`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${IAT}` }, body: JSON.stringify(metadata) });
  }

  async function tokenFor(clientId: string, secret: string, scope: string): Promise<Response> {
    return fetch(`${pv.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
    });
  }

  async function registrations(): Promise<{ outcome: string; detail: Record<string, unknown> }[]> {
    return (await pv.portvakt.db.query<{ outcome: string; detail: Record<string, unknown> }>("SELECT outcome, detail FROM audit_events WHERE type = 'client.registered' ORDER BY id")).rows;
  }

  test('a registration asking for the admin scope is refused with invalid_client_metadata, and audited', async () => {
    const response = await register({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'admin' });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_client_metadata');
    assert.match(body.error_description, /admin/);
    const last = (await registrations()).at(-1)!;
    assert.equal(last.outcome, 'failure');
    assert.equal(last.detail.scope, 'admin');
  });

  test('a registration with no scope at all cannot mint an admin token, nor reach the admin API', async () => {
    const response = await register({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [], client_name: 'No scope' });
    assert.equal(response.status, 201);
    const client = (await response.json()) as { client_id: string; client_secret: string; scope?: string; registration_client_uri: string; registration_access_token: string };
    assert.doesNotMatch(client.scope ?? '', /\badmin\b/);
    const token = await tokenFor(client.client_id, client.client_secret, 'admin');
    assert.equal(token.status, 400);
    assert.equal(((await token.json()) as { error: string }).error, 'invalid_scope');
    const plain = (await (await tokenFor(client.client_id, client.client_secret, '')).json()) as { access_token?: string };
    if (plain.access_token) {
      const api = await fetch(`${pv.issuer}/admin/v1/accounts`, { headers: { authorization: `Bearer ${plain.access_token}` } });
      assert.equal(api.status, 403);
    }
    assert.equal((await registrations()).at(-1)!.outcome, 'success', 'the registration is audited with what it asked for');

    // Nor can the registered client give itself the scope afterwards (RFC 7592 update).
    const update = await fetch(client.registration_client_uri, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${client.registration_access_token}` },
      body: JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'admin' }),
    });
    assert.equal(update.status, 400);
    assert.equal(((await update.json()) as { error: string }).error, 'invalid_client_metadata');
  });

  test('an operator’s configured client still gets the admin scope', async () => {
    const api = await fetch(`${pv.issuer}/admin/v1/accounts`, { headers: { authorization: `Bearer ${await operator.token(pv.issuer)}` } });
    assert.equal(api.status, 200);
  });
});
