// The storage contract, run against both engines Portvakt supports: PGlite in a temporary folder and
// a real PostgreSQL server. The same SQL must mean the same thing on both. Covered: oidc-provider's
// adapter (upsert, find, findByUid, findByUserCode, consume, destroy, revokeByGrantId), the stores
// whose single-use and expiry promises the login's security rests on, and the promise each domain
// repository is trusted for (accounts, throttle, audit, invitations, second factors, privacy
// notices, notifications waiting for a summary). Expiry is tested by ageing a row in place, not by waiting.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../adapters/database.ts';
import { migrate } from '../../adapters/migrate.ts';
import { SqlAdapter, storedClients } from '../../adapters/oidc-adapter.ts';
import { EidOrders } from '../../adapters/eid-orders.ts';
import { UpstreamLogins } from '../../adapters/upstream-logins.ts';
import { LoginProgressStore } from '../../adapters/login-progress.ts';
import { endAccountSessions } from '../../adapters/account-sessions.ts';
import { sweepExpired } from '../../adapters/sweep.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { AccountRepository } from '../../src/accounts/repository.ts';
import { Invitations } from '../../src/accounts/invitations.ts';
import { PrivacyAcceptances } from '../../src/accounts/privacy-notices.ts';
import { SecondFactors } from '../../src/accounts/second-factors.ts';
import { createAuditLog } from '../../src/security/audit.ts';
import { Throttle } from '../../src/security/throttle.ts';
import pino from 'pino';
import { codeEngines } from '../../src/security/one-time-codes.ts';
import { configSchema } from '../../src/config/schema.ts';
import { Notifications } from '../../src/notify/notifications.ts';
import { claimDueSummaries } from '../../src/notify/weekly-summary.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';

interface Engine {
  name: string;
  open(): Promise<{ db: Database; close(): Promise<void> }>;
}

let server: TestPostgres | undefined;
const ENGINES: Engine[] = [
  {
    name: 'PGlite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'portvakt-contract-'));
      const db = await openDatabase({ dataDir: dir });
      return {
        db,
        async close() {
          await db.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      server ??= await startPostgres();
      const db = await openDatabase({ url: await server.createDatabase(), dataDir: '' });
      return { db, close: () => db.close() };
    },
  },
];

after(async () => {
  await server?.close();
});

/** Moves a row's expiry into the past, as the clock would. */
async function age(db: Database, table: string, where: string, value: string): Promise<void> {
  await db.query(`UPDATE ${table} SET expires_at = now() - interval '1 second' WHERE ${where} = $1`, [value]);
}

for (const engine of ENGINES) {
  describe(`storage contract on ${engine.name}`, () => {
    let db: Database;
    let close: () => Promise<void>;
    const sealer = createSealer(randomBytes(32).toString('base64'));
    before(async () => {
      ({ db, close } = await engine.open());
      await migrate(db);
    });
    after(async () => {
      await close?.();
    });

    describe('the oidc-provider adapter', () => {
      test('upsert then find gives the payload back; a second upsert replaces it; kinds do not mix', async () => {
        const sessions = new SqlAdapter(db, 'Session');
        const grants = new SqlAdapter(db, 'Grant');
        await sessions.upsert('s1', { uid: 'u1', accountId: 'a', jti: 's1' }, 600);
        assert.deepEqual(await sessions.find('s1'), { uid: 'u1', accountId: 'a', jti: 's1' });
        await sessions.upsert('s1', { uid: 'u1', accountId: 'b', jti: 's1' }, 600);
        assert.equal((await sessions.find('s1'))?.accountId, 'b');
        assert.equal(await grants.find('s1'), undefined, 'the same id under another kind is another row');
        assert.equal(await sessions.find('missing'), undefined);
        assert.equal(await sessions.find('bad\u0000id'), undefined, 'an id PostgreSQL cannot store is simply absent');
      });

      test('a payload without expiry lives until destroyed; one past its expiry is not found', async () => {
        const clients = new SqlAdapter(db, 'Client');
        await clients.upsert('c1', { client_id: 'c1', client_name: 'One' }, 0);
        assert.deepEqual(
          (await storedClients(db)).map((client) => client.id),
          ['c1'],
        );
        const codes = new SqlAdapter(db, 'AuthorizationCode');
        await codes.upsert('ac1', { jti: 'ac1', grantId: 'g-exp' }, 60);
        await age(db, 'oidc_payloads', 'id', 'ac1');
        assert.equal(await codes.find('ac1'), undefined);
        await clients.destroy('c1');
        assert.equal(await clients.find('c1'), undefined);
      });

      test('findByUid and findByUserCode find live rows only', async () => {
        const sessions = new SqlAdapter(db, 'Session');
        await sessions.upsert('s2', { uid: 'uid-2', jti: 's2' }, 600);
        assert.equal((await sessions.findByUid('uid-2'))?.jti, 's2');
        assert.equal(await sessions.findByUid('uid-none'), undefined);
        const devices = new SqlAdapter(db, 'DeviceCode');
        await devices.upsert('d1', { userCode: 'ABCD-EFGH', jti: 'd1' }, 600);
        assert.equal((await devices.findByUserCode('ABCD-EFGH'))?.jti, 'd1');
        await age(db, 'oidc_payloads', 'id', 'd1');
        assert.equal(await devices.findByUserCode('ABCD-EFGH'), undefined);
      });

      test('consume marks the payload with the time it was used, in seconds', async () => {
        const codes = new SqlAdapter(db, 'AuthorizationCode');
        await codes.upsert('ac2', { jti: 'ac2' }, 60);
        const before = Math.floor(Date.now() / 1000) - 5;
        await codes.consume('ac2');
        const consumed = (await codes.find('ac2'))?.consumed;
        assert.equal(typeof consumed, 'number');
        assert.ok((consumed as number) >= before && (consumed as number) <= before + 65);
      });

      test('revokeByGrantId removes every kind of that grant and nothing else', async () => {
        const access = new SqlAdapter(db, 'AccessToken');
        const refresh = new SqlAdapter(db, 'RefreshToken');
        await access.upsert('at1', { jti: 'at1', grantId: 'g1' }, 600);
        await refresh.upsert('rt1', { jti: 'rt1', grantId: 'g1' }, 600);
        await access.upsert('at2', { jti: 'at2', grantId: 'g2' }, 600);
        await access.revokeByGrantId('g1');
        assert.equal(await access.find('at1'), undefined);
        assert.equal(await refresh.find('rt1'), undefined);
        assert.equal((await access.find('at2'))?.grantId, 'g2');
      });

      test('finds asked for together are answered each with its own copy', async () => {
        const access = new SqlAdapter(db, 'AccessToken');
        const refresh = new SqlAdapter(db, 'RefreshToken');
        await access.upsert('at3', { jti: 'at3', scope: 'openid' }, 600);
        await refresh.upsert('rt3', { jti: 'rt3' }, 600);
        const [first, second, other, none] = await Promise.all([
          access.find('at3'),
          access.find('at3'),
          refresh.find('rt3'),
          refresh.find('at3'),
        ]);
        assert.equal(first?.jti, 'at3');
        assert.equal(other?.jti, 'rt3');
        assert.equal(none, undefined);
        first!.scope = 'changed';
        assert.equal(second?.scope, 'openid', 'one asker changing its payload does not change the other’s');
      });
    });

    describe('one-time codes', () => {
      test('used once, counted before compared, never across purposes, and gone when aged', async () => {
        const codes = codeEngines(db, 'contract-key', { lifetimeSeconds: 300, maxAttempts: 3 });
        const account = await new AccountRepository(db).create({ email: 'x@example.org', identities: [] });
        const code = await codes.login.issue('uid-1', {
          accountId: account.id,
          channel: 'email',
          destination: 'x@example.org',
        });
        assert.deepEqual(await codes.reset.check('uid-1', code), { result: 'none' }, 'a login code is no reset code');
        assert.deepEqual(await codes.login.check('uid-1', code, randomUUID()), { result: 'none' }, 'nor another’s');
        assert.equal((await codes.login.check('uid-1', code.toLowerCase(), account.id)).result, 'accepted');
        assert.deepEqual(await codes.login.check('uid-1', code, account.id), { result: 'none' }, 'used once');

        const invited = await codes.invitation.issue('inv-1', { channel: 'email', destination: 'y@example.org' });
        const attempts = await Promise.all(
          Array.from({ length: 6 }, () => codes.invitation.check('inv-1', invited === '000000' ? '111111' : '000000')),
        );
        assert.ok(
          attempts.every((outcome) => outcome.result !== 'accepted'),
          'parallel wrong guesses are all refused',
        );
        assert.equal((await codes.invitation.check('inv-1', invited)).result, 'exhausted', 'the limit held');

        await codes.address.issue(account.id, {
          accountId: account.id,
          channel: 'email',
          destination: 'z@example.org',
        });
        assert.equal((await codes.address.pending(account.id))?.destination, 'z@example.org');
        await age(db, 'one_time_codes', 'uid', `address:${account.id}`);
        assert.equal(await codes.address.pending(account.id), undefined);
        assert.ok((await sweepExpired(db)) >= 1, 'the sweep removes what has expired');
      });
    });

    describe('the domain repositories', () => {
      test('accounts: found by an identity in any case, a verified one told apart, removed with the account', async () => {
        const accounts = new AccountRepository(db);
        const made = await accounts.create({
          email: 'Kari@Example.org',
          identities: [{ type: 'email', issuer: '', value: 'kari@example.org', verified: false }],
        });
        assert.equal((await accounts.findByIdentity('email', 'kari@example.org'))?.id, made.id);
        assert.equal(await accounts.findVerifiedHolder('email', 'kari@example.org'), undefined, 'not yet verified');
        await accounts.verifyIdentity(made.id, 'email', 'kari@example.org');
        assert.equal((await accounts.findVerifiedHolder('email', 'kari@example.org'))?.id, made.id);
        assert.equal(await accounts.delete(made.id), true);
        assert.equal(await accounts.findByIdentity('email', 'kari@example.org'), undefined);
      });

      test('throttle: parallel hits are all counted, a lock holds, a reset clears', async () => {
        const throttle = new Throttle(db);
        const states = await Promise.all(Array.from({ length: 8 }, () => throttle.hit('contract:key', 60)));
        assert.deepEqual(
          states.map((state) => state.count).sort((a, b) => a - b),
          [1, 2, 3, 4, 5, 6, 7, 8],
          'no hit lost to a race',
        );
        await throttle.lock('contract:key', 30);
        assert.ok((await throttle.state('contract:key')).lockedForSeconds > 0);
        await throttle.reset('contract:key');
        assert.equal((await throttle.state('contract:key')).count, 0);
      });

      test('audit: events come back masked, filtered, and the latest first when asked', async () => {
        const audit = createAuditLog(db, pino({ level: 'silent' }));
        await audit.record({ type: 'login.eid', outcome: 'success', detail: { personalNumber: '198506142382' } });
        await audit.record({ type: 'login.eid', outcome: 'failure', detail: { reason: 'one' } });
        await audit.record({ type: 'login.eid', outcome: 'failure', detail: { reason: 'two' } });
        const [latest] = await audit.find({ type: 'login.eid', outcome: 'failure', latest: 1 });
        assert.equal(latest?.detail.reason, 'two');
        const all = await audit.find({ type: ['login.eid'] });
        assert.deepEqual(
          all.map((event) => event.outcome),
          ['success', 'failure', 'failure'],
          'oldest first',
        );
        assert.equal(all[0]!.detail.personalNumber, '19850614****', 'stored masked');
      });

      test('invitations: the address is proven once for its own e-mail, and an invitation is accepted once', async () => {
        const invitations = new Invitations(db, 'contract-key');
        const accounts = new AccountRepository(db);
        const { invitation, token } = await invitations.create({
          email: 'new@example.org',
          invitedBy: 'contract',
          lifetimeSeconds: 600,
        });
        assert.equal((await invitations.findByToken(token))?.id, invitation.id);
        assert.equal(await invitations.proveEmail(invitation.id, 'other@example.org'), false, 'another address');
        assert.equal(await invitations.proveEmail(invitation.id, 'new@example.org'), true);
        const account = await accounts.create({ identities: [] });
        const accepted = await Promise.all([
          invitations.transaction((tx) => invitations.accept(tx, invitation.id, account.id)),
          invitations.transaction((tx) => invitations.accept(tx, invitation.id, account.id)),
        ]);
        assert.deepEqual(accepted.sort(), [false, true], 'two racing acceptances: one wins');
      });

      test('second factors: a recovery code works once, even for two racing logins', async () => {
        const factors = new SecondFactors(db, sealer, 'contract-key');
        const account = await new AccountRepository(db).create({ identities: [] });
        const [code] = await factors.newRecoveryCodes(account.id, 2);
        const used = await Promise.all([
          factors.useRecoveryCode(account.id, code!),
          factors.useRecoveryCode(account.id, code!),
        ]);
        assert.deepEqual(used.sort(), [false, true]);
        await factors.addPhoneNumber(account.id, '+46701740605');
        assert.deepEqual(await factors.phoneNumbers(account.id), ['+46701740605']);
      });

      test('notifications: racing summary claims take each account’s waiting notifications once', async () => {
        const accounts = new AccountRepository(db);
        const weekAgo = new Date(Date.now() - 8 * 86_400_000);
        const notifications = new Notifications({
          db,
          accounts,
          audit: createAuditLog(db, pino({ level: 'silent' })),
          senders: { email: { send: () => Promise.reject(new Error('a weekly account gets nothing now')) } },
          config: configSchema.parse({}),
          logger: pino({ level: 'silent' }),
          clock: () => weekAgo,
        });
        const owners: string[] = [];
        for (let index = 0; index < 6; index += 1) {
          const account = await accounts.create({ email: `weekly${index}@example.org`, identities: [] });
          await accounts.updateProfile(account.id, { notificationPreference: 'weekly' });
          for (const kind of ['news', 'reminder'] as const)
            assert.equal(
              (await notifications.deliver(account.id, { kind, subject: kind, text: kind })).outcome,
              'queued',
            );
          owners.push(account.id);
        }
        const at = { now: new Date(), dueBefore: new Date(Date.now() - 7 * 86_400_000), limit: 2 };
        const racing = (await Promise.all(Array.from({ length: 4 }, () => claimDueSummaries(db, at)))).flat();
        const rest = await claimDueSummaries(db, { ...at, limit: 10 });
        const claimed = [...racing, ...rest].filter((claim) => claim.items.length > 0);
        assert.deepEqual(claimed.map((claim) => claim.account.id).sort(), [...owners].sort(), 'each account once');
        assert.ok(
          claimed.every((claim) => claim.items.length === 2),
          'with all that waited',
        );
        assert.deepEqual(await claimDueSummaries(db, { ...at, limit: 10 }), [], 'nothing is owed twice');
      });

      test('privacy notices: an acceptance is per account, notice and version', async () => {
        const acceptances = new PrivacyAcceptances(db);
        const account = await new AccountRepository(db).create({ identities: [] });
        await acceptances.accept(account.id, 'survey', '2026-01', 'datainsamling');
        assert.equal(await acceptances.hasAccepted(account.id, 'survey', '2026-01'), true);
        assert.equal(await acceptances.hasAccepted(account.id, 'survey', '2026-02'), false, 'a new version asks again');
      });
    });

    describe('login state kept between requests', () => {
      test('an eID result finishes one login only, and a same-device result waits for the return', async () => {
        const orders = new EidOrders(db, sealer);
        const order = {
          uid: 'i-1',
          method: 'bankid',
          ref: randomUUID(),
          flow: 'sameDevice' as const,
          secret: 'qr-secret',
          launchToken: 'launch',
          returnNonce: 'nonce-1',
          startedAt: Date.now(),
        };
        await orders.begin(order, 300);
        assert.equal((await orders.find('i-1', 'bankid'))?.secret, 'qr-secret', 'sealed and opened again');
        assert.equal(await orders.claimPoll('i-1', 'bankid', 60_000), true);
        assert.equal(await orders.claimPoll('i-1', 'bankid', 60_000), false, 'one poll per interval across instances');
        await orders.update('i-1', 'bankid', { state: 'complete', result: { person: 'p' } });
        assert.equal(await orders.takeResult('i-1', 'bankid', { bindsReturn: true }), undefined, 'not returned yet');
        assert.equal(await orders.markReturned('i-1', 'bankid', 'wrong-nonce'), false);
        assert.equal(await orders.markReturned('i-1', 'bankid', 'nonce-1'), true);
        assert.deepEqual(await orders.takeResult('i-1', 'bankid', { bindsReturn: true }), { person: 'p' });
        assert.equal(await orders.takeResult('i-1', 'bankid', { bindsReturn: true }), undefined, 'taken once');
      });

      test('an upstream answer is claimed once, and an assertion is seen once', async () => {
        const upstream = new UpstreamLogins(db, sealer);
        await upstream.begin(
          { uid: 'i-2', method: 'saml.staff', relayState: 'rs-1', secrets: { requestId: 'r1' } },
          300,
        );
        assert.deepEqual(await upstream.claimByRelayState('rs-1', 'saml.staff'), {
          uid: 'i-2',
          secrets: { requestId: 'r1' },
        });
        assert.equal(
          await upstream.claimByRelayState('rs-1', 'saml.staff'),
          undefined,
          'a replayed answer finds nothing',
        );
        const expires = new Date(Date.now() + 60_000);
        assert.equal(await upstream.firstUse('https://idp.example', 'assertion-1', expires), true);
        assert.equal(await upstream.firstUse('https://idp.example', 'assertion-1', expires), false);
      });

      test('login progress is kept per interaction, sealed, and ended with the account’s sessions', async () => {
        const progress = new LoginProgressStore<'totp' | 'sms'>(db, sealer);
        const account = await new AccountRepository(db).create({ identities: [] });
        await progress.save(
          { uid: 'i-3', stage: 'second_factor', accountId: account.id, method: 'password', amr: ['pwd'], acr: 'loa1' },
          300,
        );
        await progress.setPendingTotp('i-3', 'JBSWY3DPEHPK3PXP');
        const found = await progress.find('i-3');
        assert.equal(found?.pendingTotp, 'JBSWY3DPEHPK3PXP');
        const { rows } = await db.query<{ pending_totp: string }>(
          "SELECT pending_totp FROM login_progress WHERE uid = 'i-3'",
        );
        assert.notEqual(rows[0]!.pending_totp, 'JBSWY3DPEHPK3PXP', 'the secret is stored sealed');
        const sessions = new SqlAdapter(db, 'Session');
        await sessions.upsert('s9', { jti: 's9', accountId: account.id }, 600);
        const ended = await endAccountSessions(db, account.id);
        assert.equal(ended.revoked, 1);
        assert.equal(await sessions.find('s9'), undefined);
        assert.equal(await progress.find('i-3'), undefined, 'a login in progress for the account stops');
      });
    });
  });
}
