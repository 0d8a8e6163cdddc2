// docs/admin-api.yaml is the admin API's contract: every operation it describes is called on a real
// Portvakt and every answer is validated against the schema the document gives for its status (an
// undescribed status fails); an operation the run never calls, or a route the document lacks,
// fails too. Every operation refuses a request without a token (401) and a token without the
// admin scope (403), and a refused change changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as oidc from 'openid-client';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, TEST_PERSONS, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { adminClient } from '../support/admin-client.ts';
import { passwordLogin, QUICK_LOCKOUT } from './admin-support.ts';
import { adminRouter } from '../../src/admin/router.ts';
import type { InteractionServices } from '../../interactions/context.ts';
import { createLogger } from '../../src/log.ts';

interface Operation {
  operationId: string;
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, { content?: unknown }> };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const SCHEMAS_ID = 'https://portvakt.invalid/admin-api/schemas';
const NO_ID = '00000000-0000-4000-8000-000000000000';

const document = parse(await readFile(new URL('../../docs/admin-api.yaml', import.meta.url), 'utf8')) as Document;
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.has(method))
    .map(([method, operation]) => ({ path, method, ...(operation as Operation) })),
);

/** The document's schemas under $defs, for a strict JSON Schema 2020-12 validator (OpenAPI 3.1's dialect). */
function validator() {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats.default(ajv);
  const refs = (value: unknown, base: string) =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${base}#/$defs/`)) as object;
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: refs(document.components.schemas, '') });
  return (operation: Operation, status: number) => {
    let response = operation.responses[String(status)];
    assert.ok(response, `${operation.operationId} answered ${status}, which the document does not describe`);
    if (response.$ref) response = document.components.responses[response.$ref.split('/').pop()!] as typeof response;
    const schema = response.content?.['application/json']?.schema;
    assert.ok(schema, `${operation.operationId} ${status} has no JSON schema`);
    return ajv.compile(refs(schema, SCHEMAS_ID));
  };
}

describe('the admin API keeps to docs/admin-api.yaml', () => {
  let pv: TestPortvakt;
  let admin = '';
  let plain = '';
  const schemaFor = validator();
  const called = new Map<string, number[]>();

  before(async () => {
    const operator = await adminClient();
    pv = await startPortvakt({
      config: {
        ...QUICK_LOCKOUT,
        clients: [TEST_CLIENT, operator.metadata],
        demo: {
          persons: [
            ...TEST_PERSONS,
            { username: 'cecilia', password: DEMO_PASSWORD, given_name: 'Cecilia', family_name: 'Ceder' },
          ],
        },
      },
    });
    admin = await operator.token(pv.issuer);
    plain = (await oidc.clientCredentialsGrant(await discover(pv.issuer))).access_token;
  });
  after(() => pv?.close());

  async function call(
    operationId: string,
    init: { params?: Record<string, string>; query?: string; body?: unknown; token?: string | null } = {},
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const operation = operations.find((candidate) => candidate.operationId === operationId);
    assert.ok(operation, `no operation ${operationId} in the document`);
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(init.params?.[name] ?? NO_ID),
    );
    const token = init.token === undefined ? admin : init.token;
    const body = operation.method === 'post' ? JSON.stringify(init.body ?? {}) : null;
    const response = await fetch(`${pv.issuer}/admin/v1${path}${init.query ? `?${init.query}` : ''}`, {
      method: operation.method.toUpperCase(),
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== null ? { 'content-type': 'application/json' } : {}),
      },
      body,
    });
    const answer = (await response.json()) as Record<string, unknown>;
    const validate = schemaFor(operation, response.status);
    assert.ok(
      validate(answer),
      `${operationId} ${response.status}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(answer)}`,
    );
    called.set(operationId, [...(called.get(operationId) ?? []), response.status]);
    return { status: response.status, body: answer, headers: response.headers };
  }

  const ok = async (operationId: string, init: Parameters<typeof call>[1] = {}, status = 200) => {
    const answer = await call(operationId, init);
    assert.equal(answer.status, status, `${operationId}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  async function failLogins(username: string, from: string, times: number): Promise<void> {
    for (let attempt = 0; attempt < times; attempt += 1) await passwordLogin(pv, from, username, `Wrong-${attempt}`);
  }

  test('invitations and accounts answer as described', async () => {
    const invitation = await ok('createInvitation', { body: { email: 'new.person@example.org' } }, 201);
    await ok('createInvitation', { body: { email: 'not an address' } }, 400);
    const id = invitation.id as string;
    await ok('listInvitations', { query: 'state=pending&limit=5' });
    await ok('listInvitations', { query: 'limit=0' }, 400);
    await ok('getInvitation', { params: { id } });
    await ok('getInvitation', {}, 404);
    await ok('resendInvitation', { params: { id } });
    await ok('revokeInvitation', { params: { id } });
    await ok('revokeInvitation', { params: { id } }, 409);

    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!.id;
    const bjorn = (await pv.portvakt.accounts.findByLoginName('bjorn'))!.id;
    const cecilia = (await pv.portvakt.accounts.findByLoginName('cecilia'))!.id;
    await ok('listAccounts', { query: 'status=active' });
    const shown = await ok('getAccount', { params: { id: anna } });
    assert.ok(JSON.stringify(shown).includes('19850614****'));
    await ok('getAccount', { params: { id: 'not-a-uuid' } }, 400);
    await ok('deactivateAccount', { params: { id: bjorn } });
    await ok('reactivateAccount', { params: { id: bjorn } });
    await ok('mergeAccount', { params: { id: bjorn }, body: { retired_id: bjorn } }, 409);
    await ok('mergeAccount', { params: { id: bjorn }, body: { retired_id: cecilia } });
    const sent = { kind: 'news', subject: 'Nytt', text: 'En nyhet.' };
    await ok('sendNotification', { params: { id: anna }, body: sent }, 202);
    await ok('sendNotification', { params: { id: anna }, body: { ...sent, kind: 'spam' } }, 400);
  });

  test('keys, the audit log, lockouts, policies and clients answer as described', async () => {
    const { keys } = (await ok('listKeys')) as { keys: { state: string }[] };
    assert.ok(keys.some((key) => key.state === 'active'));
    const rotated = await ok('rotateKeys', {}, 200);
    assert.match(String(rotated.message), /restart/);

    const first = (await ok('listAuditEvents', { query: 'limit=2' })) as { next_cursor: string };
    await ok('listAuditEvents', { query: `limit=2&cursor=${encodeURIComponent(first.next_cursor)}` });
    await ok('listAuditEvents', { query: `type=admin.call&from=2020-01-01T00:00:00Z&clientId=admin-api` });
    await ok('listAuditEvents', { query: 'limit=201' }, 400);
    await ok('listAuditEvents', { query: 'cursor=abc' }, 400);
    await ok('listAuditEvents', { query: 'from=yesterday' }, 400);

    await failLogins('anna', '198.51.100.7', 3);
    const { lockouts } = (await ok('listLockouts')) as { lockouts: { id: string }[] };
    assert.ok(lockouts.length >= 1, 'three failures lock the address out of the account');
    await ok('liftLockout', { params: { id: lockouts[0]!.id } });
    await ok('liftLockout', { params: { id: lockouts[0]!.id } }, 404);
    await ok('liftLockout', { params: { id: 'not.an.id' } }, 400);

    await ok('listPolicies');
    await ok('getPolicy', { params: { name: 'default' } });
    await ok('getPolicy', { params: { name: 'constructor' } }, 404);

    await ok('listClients');
    await ok('getClient', { params: { id: TEST_CLIENT.client_id } });
    await ok('getClient', { params: { id: 'no-such-client' } }, 404);
    await ok('getClient', { params: { id: 'bad id' } }, 400);
  });

  test('every operation refuses no token and a token without the admin scope, and changes nothing', async () => {
    const keysBefore = await pv.portvakt.keys.list();
    await failLogins('bjorn', '198.51.100.8', 3);
    const lockout = ((await ok('listLockouts')) as { lockouts: { id: string }[] }).lockouts[0]!;
    for (const { operationId } of operations) {
      const params = { id: lockout.id, name: 'default' };
      const anonymous = await call(operationId, { params, token: null });
      assert.equal(anonymous.status, 401, operationId);
      assert.doesNotMatch(anonymous.headers.get('www-authenticate') ?? '', /error=/, 'RFC 6750 §3.1: no error code');
      const scoped = await call(operationId, { params, token: plain });
      assert.equal(scoped.status, 403, operationId);
      assert.match(scoped.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
    }
    assert.deepEqual(await pv.portvakt.keys.list(), keysBefore, 'a refused rotation rotates nothing');
    const { lockouts } = (await ok('listLockouts')) as { lockouts: { id: string }[] };
    assert.ok(
      lockouts.some((entry) => entry.id === lockout.id),
      'a refused lift leaves the lockout',
    );
  });

  test('every operation in the document was called, and every route of the router is in the document', () => {
    const missing = operations.filter(({ operationId }) => !called.has(operationId)).map((op) => op.operationId);
    assert.deepEqual(missing, [], 'operations the run never called');
    const succeeded = operations.filter(({ operationId }) => !called.get(operationId)!.some((status) => status < 300));
    assert.deepEqual(
      succeeded.map((op) => op.operationId),
      [],
      'operations never called successfully',
    );
    const services = {
      config: pv.config,
      logger: createLogger('silent'),
      db: pv.portvakt.db,
      provider: pv.portvakt.provider,
      audit: pv.portvakt.audit,
    } as unknown as InteractionServices;
    const routes = adminRouter(services).stack.flatMap((layer) =>
      layer.methods
        .filter((method) => method !== 'HEAD')
        .map(
          (method) =>
            `${method.toLowerCase()} ${String(layer.path)
              .replace(/^\/admin\/v1/, '')
              .replace(/:(\w+)/g, '{$1}')}`,
        ),
    );
    const described = new Set(operations.map((op) => `${op.method} ${op.path}`));
    assert.deepEqual(
      routes.filter((route) => !described.has(route)),
      [],
      'routes docs/admin-api.yaml does not describe',
    );
    assert.equal(new Set(routes).size, described.size, 'the document describes only routes that exist');
  });
});
