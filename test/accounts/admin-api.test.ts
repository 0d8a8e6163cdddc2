// The admin API: only client-credentials tokens with the admin scope get in (RFC 6750 answers
// otherwise), every input is validated, accounts are listed without secrets and with masked
// identity numbers, and a deactivated account cannot log in until it is reactivated.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { parse } from 'yaml';
import { readFile } from 'node:fs/promises';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import { adminClient } from '../support/admin-client.ts';
import { adminRouter } from '../../src/admin/router.ts';
import type { InteractionServices } from '../../interactions/context.ts';
import { createLogger } from '../../src/log.ts';
import { accountsCommand } from '../../app/cli/accounts.ts';
import { createOutput } from '../../app/cli/output.ts';

const SECRET_ADMIN = {
  client_id: 'secret-admin',
  client_secret: 'secret-admin-secret-0123456789abcdefghijk',
  grant_types: ['client_credentials' as const],
  response_types: [] as 'code'[],
  scope: 'admin',
};

describe('admin API', () => {
  let pv: TestPortvakt;
  let admin = '';
  let plain = '';
  before(async () => {
    const operator = await adminClient();
    pv = await startPortvakt({ config: { clients: [TEST_CLIENT, operator.metadata, SECRET_ADMIN] } });
    admin = await operator.token(pv.issuer);
    // The relying party may use client credentials too, but its registered scope has no admin.
    plain = (await oidc.clientCredentialsGrant(await discover(pv.issuer))).access_token;
  });
  after(() => pv?.close());

  const call = (path: string, init: { method?: string; token?: string | undefined; body?: string } = {}) =>
    fetch(`${pv.issuer}/admin/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ?? null,
    });

  test('an admin client with only a secret gets its token but not the API, unless the configuration allows secrets', async () => {
    const secretToken = (
      await oidc.clientCredentialsGrant(await discover(pv.issuer, SECRET_ADMIN.client_id, SECRET_ADMIN.client_secret), {
        scope: 'admin',
      })
    ).access_token;
    const refused = await call('/accounts', { token: secretToken });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.match(
      ((await refused.json()) as { error_description: string }).error_description,
      /private_key_jwt or tls_client_auth/,
    );
    const weak = (await pv.portvakt.audit.find({ type: 'admin.refused' })).filter(
      (event) => event.detail.reason === 'weak_client_auth',
    );
    assert.deepEqual(
      weak.map((event) => event.clientId),
      ['secret-admin'],
    );

    const lenient = await startPortvakt({
      config: { admin: { allowSecretClients: true }, clients: [TEST_CLIENT, SECRET_ADMIN] },
    });
    try {
      const token = (
        await oidc.clientCredentialsGrant(
          await discover(lenient.issuer, SECRET_ADMIN.client_id, SECRET_ADMIN.client_secret),
          { scope: 'admin' },
        )
      ).access_token;
      assert.equal(
        (await fetch(`${lenient.issuer}/admin/v1/accounts`, { headers: { authorization: `Bearer ${token}` } })).status,
        200,
      );
    } finally {
      await lenient.close();
    }
  });

  test('no token is 401, an unknown token 401 invalid_token, a token without the admin scope 403', async () => {
    const missing = await call('/accounts');
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer realm="portvakt-admin"/);
    const unknown = await call('/accounts', { token: 'not-a-real-token' });
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const narrow = await call('/accounts', { token: plain });
    assert.equal(narrow.status, 403);
    assert.match(narrow.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
    assert.equal(((await narrow.json()) as { error: string }).error, 'insufficient_scope');
    const unexplained = (await pv.portvakt.audit.find({ type: 'admin.refused' })).filter(
      (event) => !('reason' in event.detail),
    );
    assert.deepEqual(
      unexplained.map((event) => event.clientId),
      [undefined, undefined, TEST_CLIENT.client_id],
    );
    // A user's access token is not a client-credentials token, whatever it may do elsewhere.
    const { tokens } = await loginWithPassword(await discover(pv.issuer), { issuer: pv.issuer });
    assert.equal((await call('/accounts', { token: tokens.access_token })).status, 401);
  });

  test('bad input is a 400 with a JSON error, never a 500', async () => {
    const cases: [string, { method?: string; body?: string }][] = [
      ['/invitations', { method: 'POST', body: '{"email": ' }],
      ['/invitations', { method: 'POST', body: '[]' }],
      ['/invitations', { method: 'POST', body: JSON.stringify({ email: 'not an address' }) }],
      ['/invitations', { method: 'POST', body: JSON.stringify({ email: 'a@example.org', surprise: true }) }],
      ['/invitations', { method: 'POST', body: JSON.stringify({ email: 'a@example.org', locale: 'de' }) }],
      [
        '/invitations',
        { method: 'POST', body: JSON.stringify({ email: 'a@example.org', client_id: 'no-such-client' }) },
      ],
      ['/invitations?state=lost', {}],
      ['/accounts?limit=0', {}],
      ['/accounts?status=everything', {}],
      ['/accounts/not-a-uuid', {}],
      ['/invitations/not-a-uuid/resend', { method: 'POST' }],
    ];
    for (const [path, init] of cases) {
      const response = await call(path, { ...init, token: admin });
      const body = (await response.json()) as { error: string; error_description: string };
      assert.equal(response.status, 400, `${init.method ?? 'GET'} ${path}: ${JSON.stringify(body)}`);
      assert.equal(body.error, 'invalid_request');
      assert.ok(body.error_description);
    }
    const huge = await call('/invitations', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ email: 'a@example.org', organisation: 'x'.repeat(200_000) }),
    });
    assert.equal(huge.status, 413);
    const missing = await call('/accounts/00000000-0000-4000-8000-000000000000', { token: admin });
    assert.equal(missing.status, 404);
  });

  test('accounts are listed without secrets and with masked identity numbers', async () => {
    const response = await call('/accounts?status=active&limit=10', { token: admin });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.doesNotMatch(text, /argon2|198506142382/);
    const { accounts } = JSON.parse(text) as {
      accounts: { id: string; identities: { type: string; value: string }[] }[];
    };
    const anna = accounts.find((account) => account.identities.some((identity) => identity.value === 'anna'))!;
    assert.equal(anna.identities.find((identity) => identity.type === 'se_personal_number')?.value, '19850614****');
    const one = (await (await call(`/accounts/${anna.id}`, { token: admin })).json()) as { id: string };
    assert.equal(one.id, anna.id);
    const paged = (await (await call('/accounts?limit=1&offset=1', { token: admin })).json()) as {
      accounts: unknown[];
    };
    assert.equal(paged.accounts.length, 1);
    // Reading personal data is itself audited: who, from where, what.
    const calls = (await pv.portvakt.audit.find({ type: 'admin.call' })).filter(
      (event) => event.detail.target === anna.id,
    );
    assert.equal(calls.length, 1);
    assert.deepEqual(
      [calls[0]!.clientId, calls[0]!.detail.method, calls[0]!.detail.route, calls[0]!.detail.status],
      ['admin-api', 'GET', '/admin/v1/accounts/:id', 200],
    );
    assert.ok(calls[0]!.ip, 'with the source address');
  });

  test('a deactivated account cannot log in with its password until it is reactivated', async () => {
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    const rp = await discover(pv.issuer);
    const off = await call(`/accounts/${anna.id}/deactivate`, { method: 'POST', token: admin });
    const switchedOff = (await off.json()) as { status: string; deactivated_reason: string };
    assert.deepEqual([switchedOff.status, switchedOff.deactivated_reason], ['deactivated', 'operator']);
    // The right password hears the truth: switched off, not "unused for a long time".
    await assert.rejects(
      loginWithPassword(rp, { issuer: pv.issuer, username: 'anna', password: DEMO_PASSWORD }),
      (error: Error) => {
        assert.match(error.message, /Ditt konto är avstängt\. Kontakta supporten för tjänsten/);
        assert.doesNotMatch(error.message, /använts på länge/);
        return true;
      },
    );
    const on = await call(`/accounts/${anna.id}/reactivate`, { method: 'POST', token: admin });
    assert.equal(((await on.json()) as { status: string }).status, 'active');
    const { tokens } = await loginWithPassword(rp, { issuer: pv.issuer, username: 'anna', password: DEMO_PASSWORD });
    assert.equal(tokens.claims()!.sub, anna.id);
    const events = await pv.portvakt.audit.find({
      type: ['account.deactivated', 'account.reactivated'],
      accountId: anna.id,
    });
    assert.deepEqual(
      events.map((event) => [event.type, event.detail.by]),
      [
        ['account.deactivated', 'admin-api'],
        ['account.reactivated', 'admin-api'],
      ],
    );
  });

  test('an operator merges two accounts: the retired one logs in as the survivor and its sub is listed', async () => {
    const external = await pv.portvakt.accounts.create(
      {
        givenName: 'Mona',
        familyName: 'Privat',
        identities: [{ type: 'username', issuer: '', value: 'mona.privat', verified: true }],
      },
      await pv.portvakt.passwords.hash(DEMO_PASSWORD),
    );
    const employee = await pv.portvakt.accounts.create({
      givenName: 'Mona',
      familyName: 'Ansatt',
      identities: [{ type: 'employee_code', issuer: '', value: 'mon42', verified: true }],
    });
    assert.equal(
      (
        await call(`/accounts/${employee.id}/merge`, {
          method: 'POST',
          token: admin,
          body: JSON.stringify({ retired_id: employee.id }),
        })
      ).status,
      409,
    );
    assert.equal(
      (
        await call(`/accounts/${employee.id}/merge`, {
          method: 'POST',
          token: admin,
          body: JSON.stringify({ retired: external.id }),
        })
      ).status,
      400,
    );
    const merged = await call(`/accounts/${employee.id}/merge`, {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ retired_id: external.id }),
    });
    assert.equal(merged.status, 200);
    assert.equal(await pv.portvakt.accounts.findById(external.id), undefined, 'the retired account is gone');
    const { tokens } = await loginWithPassword(await discover(pv.issuer), {
      issuer: pv.issuer,
      username: 'mona.privat',
      password: DEMO_PASSWORD,
    });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, employee.id, 'its password now opens the survivor');
    assert.deepEqual(claims.previous_subs, [external.id]);
    assert.equal(
      (
        await call(`/accounts/${external.id}/merge`, {
          method: 'POST',
          token: admin,
          body: JSON.stringify({ retired_id: employee.id }),
        })
      ).status,
      404,
    );
  });

  test('invitations are listed by state and revoked once', async () => {
    const created = await call('/invitations', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ email: 'Someone@Example.org', organisation: 'Region Norr' }),
    });
    assert.equal(created.status, 201);
    const invitation = (await created.json()) as { id: string; email: string; expires_at: string; email_sent: boolean };
    assert.equal(invitation.email, 'someone@example.org');
    assert.equal(invitation.email_sent, false, 'no e-mail sender is configured here, and the answer says so');
    assert.ok(Date.parse(invitation.expires_at) > Date.now() + (pv.config.accounts.invitationSeconds - 60) * 1000);
    const pending = (await (await call('/invitations?state=pending', { token: admin })).json()) as {
      invitations: { id: string }[];
    };
    assert.ok(pending.invitations.some((entry) => entry.id === invitation.id));
    assert.equal((await call(`/invitations/${invitation.id}`, { method: 'DELETE', token: admin })).status, 200);
    assert.equal((await call(`/invitations/${invitation.id}`, { method: 'DELETE', token: admin })).status, 409);
    const revoked = (await (await call('/invitations?state=revoked', { token: admin })).json()) as {
      invitations: { id: string }[];
    };
    assert.deepEqual(
      revoked.invitations.map((entry) => entry.id),
      [invitation.id],
    );
  });

  test('the CLI deactivates and shows accounts with masked numbers', async () => {
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    let printed = '';
    const out = createOutput(true, (text) => void (printed += text));
    await accountsCommand(pv.portvakt, { action: 'deactivate', id: anna.id, values: {} }, out);
    assert.equal((await pv.portvakt.accounts.findById(anna.id))?.status, 'deactivated');
    await accountsCommand(pv.portvakt, { action: 'reactivate', id: anna.id, values: {} }, out);
    printed = '';
    await accountsCommand(pv.portvakt, { action: 'show', id: anna.id, values: {} }, out);
    const shown = JSON.parse(printed) as { status: string; identities: { value: string }[] };
    assert.equal(shown.status, 'active');
    assert.ok(shown.identities.some((identity) => identity.value === '19850614****'));
  });

  test('every route of the admin router is described in docs/admin-api.yaml', async () => {
    const document = parse(await readFile(new URL('../../docs/admin-api.yaml', import.meta.url), 'utf8')) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: {
        securitySchemes: Record<
          string,
          { type: string; flows?: { clientCredentials?: { scopes: Record<string, string> } } }
        >;
      };
    };
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.components.securitySchemes.clientCredentials?.flows?.clientCredentials?.scopes.admin);
    const services = {
      config: pv.config,
      logger: createLogger('silent'),
      db: pv.portvakt.db,
      codeKey: 'route-listing',
      provider: pv.portvakt.provider,
      audit: pv.portvakt.audit,
      accounts: pv.portvakt.accounts,
      senders: {},
    } as unknown as InteractionServices;
    const routes = adminRouter(services).stack.flatMap((layer) =>
      layer.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => ({
          method: method.toLowerCase(),
          path: String(layer.path)
            .replace(/^\/admin\/v1/, '')
            .replace(/:(\w+)/g, '{$1}'),
        })),
    );
    assert.ok(routes.length >= 8);
    for (const route of routes)
      assert.ok(
        document.paths[route.path]?.[route.method],
        `${route.method.toUpperCase()} ${route.path} is missing from docs/admin-api.yaml`,
      );
  });
});
