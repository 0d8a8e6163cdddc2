// Bad input on the account lifecycle's doors: the registration form, the links from e-mails and
// the admin API. Expected, as everywhere: a 4xx with a translated page or a JSON error, never a
// 500 or a stack trace, and nothing stored.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as oidc from 'openid-client';
import { signStamp } from '../../interactions/registration/stamp.ts';
import { loadOrCreateSecret } from '../../src/provider/secrets.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { adminClient } from '../support/admin-client.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, findForm } from '../support/user-agent.ts';

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '%00',
    '%ff%fe',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '{"a":',
    'a'.repeat(5000),
    '\ud800',
    'null',
    '[]',
    '0',
    '19900101-0017',
  ),
);
/** Every byte of the value percent-encoded, so lone surrogates and NULs reach the server as bytes. */
const segment = (value: string) =>
  [...Buffer.from(value)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

describe('bad input on the account lifecycle', () => {
  let pv: TestPortvakt;
  let admin = '';
  before(async () => {
    const operator = await adminClient('fuzz-admin');
    pv = await startPortvakt({
      config: {
        clients: [{ ...TEST_CLIENT, login_policy: 'open' }, operator.metadata],
        policies: { default: { methods: ['password'] }, open: { methods: ['password'], selfRegistration: true } },
        accounts: { organisations: ['Region Exempel'], titles: ['Lärare'] },
      },
    });
    admin = await operator.token(pv.issuer);
  });
  after(() => pv?.close());

  async function expectNoServerError(response: Response, what: string): Promise<void> {
    const body = await response.text();
    assert.ok(response.status < 500, `${what} answered ${response.status}: ${body.slice(0, 300)}`);
    assert.doesNotMatch(body, /at [\w.<>]+ \(.*:\d+:\d+\)|node_modules/, `${what} leaked a stack trace`);
  }

  const count = async (table: string) =>
    (await pv.portvakt.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  test('the registration form stores nothing for hostile values', async () => {
    const rp = await discover(pv.issuer);
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      prompt: 'create',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const page = await agent.open(url.toString());
    const { action, hidden } = findForm(page.html, '/register');
    const uid = /\/interaction\/([^/]+)\//.exec(new URL(action, page.url).pathname)![1]!;
    const cookie = agent.cookieHeader();
    const accountsBefore = await count('accounts');
    const csrfKey = await loadOrCreateSecret(pv.portvakt.db, createSealer(pv.config.secretKey!), 'csrf-key');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          givenName: hostile,
          familyName: hostile,
          personalNumber: hostile,
          email: hostile,
          timeZone: hostile,
          organisation: hostile,
          organisationOther: hostile,
          title: hostile,
        }),
        fc.boolean(),
        async (fields, repeat) => {
          // Stamped as if shown five seconds ago, so the values reach validation instead of the bot checks.
          const body = new URLSearchParams({ ...hidden, ...fields, stamp: signStamp(csrfKey, uid, Date.now() - 5000) });
          if (repeat) body.append('email', 'second@example.org');
          const response = await fetch(new URL(action, page.url), {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: pv.issuer },
            body,
          });
          await expectNoServerError(response, `registration ${body.toString().slice(0, 80)}`);
        },
      ),
      { numRuns: 40 },
    );
    assert.equal(await count('accounts'), accountsBefore, 'no account from hostile values');
  });

  test('activation and invitation links with hostile tokens', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/activate/', '/invitation/'),
        fc.oneof(hostile.map(segment), fc.constantFrom('%ff%fe', '%c0%af', '%00')),
        async (path, token) => {
          const url = `${pv.issuer}${path}${token}`;
          await expectNoServerError(await fetch(url, { redirect: 'manual' }), `GET ${url.slice(0, 80)}`);
          const posted = await fetch(url, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: pv.issuer },
            body: new URLSearchParams({ csrf: token, code: token }),
          });
          await expectNoServerError(posted, `POST ${url.slice(0, 80)}`);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('the admin API answers hostile JSON, ids and queries with 4xx and stores nothing', async () => {
    const invitationsBefore = await count('invitations');
    const accountsBefore = await count('accounts');
    const json = fc.oneof(
      hostile,
      fc.json(),
      fc
        .record({ email: hostile, client_id: hostile, organisation: hostile, locale: hostile, retired_id: hostile })
        .map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'POST /invitations',
          'POST /accounts/ID/merge',
          'POST /invitations/ID/resend',
          'DELETE /invitations/ID',
          'GET /accounts?QUERY',
          'POST /accounts/ID/deactivate',
        ),
        hostile,
        json,
        async (route, id, body) => {
          const [method, template] = route.split(' ') as [string, string];
          const path = template
            .replace('ID', segment(id))
            .replace('QUERY', new URLSearchParams({ status: id, limit: id, offset: id }).toString());
          const response = await fetch(`${pv.issuer}/admin/v1${path}`, {
            method,
            headers: {
              authorization: `Bearer ${admin}`,
              'content-type': 'application/json',
              accept: 'application/json',
            },
            body: method === 'POST' ? body : null,
          });
          await expectNoServerError(response, `${method} ${path} ${body.slice(0, 60)}`);
          assert.notEqual(response.status, 201, `created something from ${body.slice(0, 120)}`);
        },
      ),
      { numRuns: 80 },
    );
    assert.equal(await count('invitations'), invitationsBefore);
    assert.equal(await count('accounts'), accountsBefore);
  });
});
