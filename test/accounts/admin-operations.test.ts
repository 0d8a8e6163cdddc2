// What the operator's part of the admin API does: key rotation as the command line does it, the
// audit log paged newest first on a cursor that inserts do not shift, account lockouts listed and
// lifted one at a time, and policies and clients shown as resolved, without secrets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { adminClient } from '../support/admin-client.ts';
import { passwordLogin, QUICK_LOCKOUT } from './admin-support.ts';
import { clientsCommand } from '../../app/cli/clients.ts';
import { createOutput } from '../../app/cli/output.ts';

interface Page<T> {
  events: T[];
  next_cursor: string | null;
}
interface Event {
  id: number;
  type: string;
  account_id: string | null;
  detail: Record<string, unknown>;
}
interface Lockout {
  id: string;
  kind: string;
  scope: string;
  account_id: string;
  address: string | null;
}

describe('admin API for operators', () => {
  let pv: TestPortvakt;
  let admin = '';
  before(async () => {
    const operator = await adminClient();
    pv = await startPortvakt({
      config: {
        ...QUICK_LOCKOUT,
        networks: { office: ['10.20.0.0/16'] },
        policies: {
          default: { methods: ['password'] },
          staff: {
            methods: ['password', 'bankid'],
            minimumAcr: 'http://id.elegnamnden.se/loa/1.0/loa3',
            secondFactor: 'outsideTrustedNetworks',
            trustedNetworks: ['office'],
          },
        },
        clients: [TEST_CLIENT, operator.metadata, { ...TEST_CLIENT, client_id: 'staff-rp', login_policy: 'staff' }],
      },
    });
    admin = await operator.token(pv.issuer);
  });
  after(() => pv?.close());

  const get = async <T>(path: string, method = 'GET'): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${pv.issuer}/admin/v1${path}`, {
      method,
      headers: { accept: 'application/json', authorization: `Bearer ${admin}` },
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  const attempt = (from: string, username: string, password: string) => passwordLogin(pv, from, username, password);

  test('a rotation keeps retired keys as long as the longest lifetime plus five minutes, and is audited', async () => {
    const before = await pv.portvakt.keys.list();
    const { status, body } = await get<{ retain_seconds: number; keys: { kid: string; state: string }[] }>(
      '/keys/rotate',
      'POST',
    );
    assert.equal(status, 200);
    const { ttl } = pv.config;
    assert.equal(body.retain_seconds, Math.max(ttl.idToken, ttl.accessToken, ttl.session) + 300);
    const wasNext = before.filter((key) => key.state === 'next').map((key) => key.kid);
    const nowActive = body.keys.filter((key) => key.state === 'active').map((key) => key.kid);
    assert.deepEqual(nowActive.sort(), wasNext.sort(), 'the published next keys are the active ones now');
    const [rotated] = await pv.portvakt.audit.find({ type: 'keys.rotated', latest: 1 });
    assert.deepEqual(rotated?.detail, { retainSeconds: body.retain_seconds, by: 'admin-api' });
  });

  test('audit pages run newest first, and events recorded between pages shift nothing', async () => {
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!.id;
    for (let n = 0; n < 5; n += 1)
      await pv.portvakt.audit.record({
        type: 'account.updated',
        outcome: 'success',
        accountId: anna,
        detail: { n, number: '198506142382' },
      });
    const query = `/audit-events?type=account.updated&accountId=${anna}&limit=2`;
    const first = (await get<Page<Event>>(query)).body;
    await pv.portvakt.audit.record({ type: 'account.updated', outcome: 'success', accountId: anna, detail: { n: 5 } });
    const second = (await get<Page<Event>>(`${query}&cursor=${first.next_cursor}`)).body;
    const third = (await get<Page<Event>>(`${query}&cursor=${second.next_cursor}`)).body;
    assert.deepEqual(
      [...first.events, ...second.events, ...third.events].map((event) => event.detail.n),
      [4, 3, 2, 1, 0],
    );
    assert.equal(third.next_cursor, null);
    assert.ok(
      first.events.every((event) => event.detail.number === '19850614****'),
      'numbers stay masked',
    );

    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.deepEqual((await get<Page<Event>>(`/audit-events?from=${future}`)).body.events, []);
    const refused = await get<{ error: string; error_description: string }>(
      `/audit-events?from=${future}&to=2020-01-01T00:00:00Z`,
    );
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_request');
    assert.match(refused.body.error_description, /^from: from must not be later than to/);
    assert.match((await get<{ error_description: string }>('/audit-events?limit=0')).body.error_description, /^limit:/);
    assert.match(
      (await get<{ error_description: string }>('/audit-events?accountId=x')).body.error_description,
      /^accountId:/,
    );
  });

  test('a guessing address and its account are listed; lifting both lets the owner in from there', async () => {
    const bjorn = (await pv.portvakt.accounts.findByLoginName('bjorn'))!.id;
    for (const guess of ['Wrong-1', 'Wrong-2', 'Wrong-3']) await attempt('198.51.100.20', 'bjorn', guess);
    assert.equal(await attempt('198.51.100.20', 'bjorn', DEMO_PASSWORD), false);
    const { lockouts } = (await get<{ lockouts: Lockout[] }>('/lockouts')).body;
    const bjorns = lockouts.filter((lockout) => lockout.account_id === bjorn);
    assert.deepEqual(bjorns.map((lockout) => `${lockout.kind} ${lockout.scope} ${lockout.address}`).sort(), [
      'password account null',
      'password account_address 198.51.100.20',
    ]);
    assert.doesNotMatch(JSON.stringify(lockouts), /bjorn/, 'no login name is shown');

    const address = bjorns.find((lockout) => lockout.scope === 'account_address')!;
    assert.equal((await get(`/lockouts/${address.id}`, 'DELETE')).status, 200);
    const left = (await get<{ lockouts: Lockout[] }>('/lockouts')).body.lockouts.filter((l) => l.account_id === bjorn);
    assert.deepEqual(
      left.map((lockout) => lockout.scope),
      ['account'],
      'only the lifted lock ended',
    );
    assert.equal((await get(`/lockouts/${left[0]!.id}`, 'DELETE')).status, 200);
    assert.equal(await attempt('198.51.100.20', 'bjorn', DEMO_PASSWORD), true);
    const unlocked = await pv.portvakt.audit.find({ type: 'account.unlocked', accountId: bjorn });
    assert.deepEqual(
      unlocked.map((event) => [event.detail.scope, event.detail.by]),
      [
        ['account_address', 'admin-api'],
        ['account', 'admin-api'],
      ],
    );
    assert.equal((await get(`/lockouts/${address.id}`, 'DELETE')).status, 404, 'a lifted lock is gone');
  });

  test('policies are shown as resolved and clients without secrets, static or registered', async () => {
    const staff = (await get<Record<string, unknown>>('/policies/staff')).body;
    assert.deepEqual(
      {
        methods: staff.methods,
        minimum_acr: staff.minimum_acr,
        second_factor: staff.second_factor,
        trusted_networks: staff.trusted_networks,
        trusted_network_names: staff.trusted_network_names,
        second_factors: staff.second_factors,
      },
      {
        methods: ['password', 'bankid'],
        minimum_acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
        second_factor: 'outsideTrustedNetworks',
        trusted_networks: ['10.20.0.0/16'],
        trusted_network_names: ['office'],
        second_factors: ['totp', 'sms', 'email'],
      },
    );
    const names = (await get<{ policies: { name: string }[] }>('/policies')).body.policies.map((p) => p.name);
    assert.deepEqual(names.sort(), ['default', 'staff']);

    await clientsCommand(
      pv.portvakt,
      { action: 'add', id: 'cli-rp', values: { name: 'CLI RP', redirect: ['https://rp.example.org/cb'] } },
      createOutput(true, () => undefined),
    );
    const listed = await get<{ clients: { client_id: string; source: string; login_policy: string }[] }>('/clients');
    assert.doesNotMatch(JSON.stringify(listed.body), /"client_secret"|test-rp-secret/);
    const sources = Object.fromEntries(listed.body.clients.map((client) => [client.client_id, client.source]));
    assert.deepEqual(sources, {
      'test-rp': 'configuration',
      'admin-api': 'configuration',
      'staff-rp': 'configuration',
      'portvakt-account': 'configuration',
      'cli-rp': 'registered',
    });
    const cli = (await get<Record<string, unknown>>('/clients/cli-rp')).body;
    assert.equal(cli.token_endpoint_auth_method, 'client_secret_basic');
    assert.equal(cli.source, 'registered');
    assert.equal((await get<{ login_policy: string }>('/clients/staff-rp')).body.login_policy, 'staff');
  });
});
