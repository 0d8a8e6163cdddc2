// One person, two accounts: merged only on verified holdings (an upstream IdP that identifies one
// account proves the number the other holds verified, in a browser with a session for one of
// them), or by an operator; a number someone only typed merges nothing. The relying party then
// sees the survivor's `sub` and learns the retired one in `previous_subs`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { mergeAccounts } from '../../src/accounts/merge.ts';
import { createFindAccount } from '../../src/provider/find-account.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import type { Identity } from '../../src/accounts/types.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { alertOf, AUTHN_PROVIDER, bankIdLogin, codeGrant, consentIfAsked } from './lifecycle-support.ts';
import { startTestIssuer, type TestIssuer } from '../support/oidc-issuer.ts';

const ASTRID = '198503122387';
const OLOF = '198810090665';
const KARI_FNR = '15038500047';
const SECRET = 'pid-client-secret-0123456789abcdef';
const BY_PASSWORD = { [AUTHN_PROVIDER]: 'urn:portvakt:authn:password' };
const SUPPORT = {
  name: { sv: 'servicedesk', nb: 'servicedesk', en: 'the service desk' },
  phone: '010-123 45 67',
};

describe('merging accounts', () => {
  let world: EidWorld;
  let pid: TestIssuer;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;

  before(async () => {
    [world, pid] = await Promise.all([startEidWorld(), startTestIssuer({ name: 'pid issuer' })]);
    pv = await startPortvakt({
      config: {
        ...world.config(),
        accounts: { supportContact: SUPPORT },
        oidcUpstreams: [
          {
            name: 'idporten',
            label: { sv: 'ID-porten', nb: 'ID-porten', en: 'ID-porten' },
            issuer: pid.issuer,
            clientId: 'portvakt',
            caPem: pid.caPem,
            clientAuth: { method: 'client_secret_basic', secret: SECRET },
            scopes: ['openid'],
            nationalId: { claim: 'pid', type: 'no_national_id' },
            linking: { onNoMatch: 'refuse' },
          },
        ],
        policies: { default: { methods: ['password', 'bankid', 'oidc.idporten'], provisioning: 'existing' } },
      },
    });
    pid.register({
      client_id: 'portvakt',
      client_secret: SECRET,
      redirect_uris: [`${pv.issuer}/upstream/oidc/idporten/callback`],
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await Promise.all([world?.close(), pid?.close()]);
  });

  async function account(
    identities: Identity[],
    options: { password?: string; email?: string; ageDays?: number } = {},
  ) {
    const hash = options.password ? await pv.portvakt.passwords.hash(options.password) : undefined;
    const created = await pv.portvakt.accounts.create(
      { givenName: 'Test', familyName: 'Person', email: options.email, identities },
      hash,
    );
    if (options.ageDays)
      await pv.portvakt.db.query('UPDATE accounts SET created_at = now() - make_interval(days => $2) WHERE id = $1', [
        created.id,
        options.ageDays,
      ]);
    return created;
  }
  const typed = (value: string, type: Identity['type'] = 'se_personal_number'): Identity => ({
    type,
    issuer: '',
    value,
    verified: false,
  });
  const proven = (value: string, type: Identity['type'] = 'se_personal_number'): Identity => ({
    type,
    issuer: '',
    value,
    verified: true,
  });
  const named = (type: Identity['type'], value: string): Identity => ({ type, issuer: '', value, verified: true });

  test('mergeAccounts moves what the survivor lacks, keeps a number verified once, and revokes the retired grants', async () => {
    const { db, accounts } = pv.portvakt;
    const retired = await account([named('username', 'merge-old'), typed('199001011270')], {
      password: 'Old-Password-123',
      email: 'old@example.org',
    });
    const survivor = await account([named('employee_code', 'K1001'), proven('199001011270')]);
    await db.query("INSERT INTO phone_numbers (account_id, e164) VALUES ($1, '+46701110000')", [retired.id]);
    await db.query("INSERT INTO oidc_payloads (kind, id, payload) VALUES ('Grant', $1, $2), ('Session', $3, $4)", [
      randomUUID(),
      JSON.stringify({ accountId: retired.id }),
      randomUUID(),
      JSON.stringify({ accountId: retired.id, authorizations: { 'test-rp': { grantId: 'x' } } }),
    ]);

    assert.deepEqual(await mergeAccounts(db, { survivorId: survivor.id, retiredId: retired.id, reason: 'test' }), {
      survivorId: survivor.id,
      retiredId: retired.id,
    });
    assert.equal(await accounts.findById(retired.id), undefined);
    const merged = (await accounts.findById(survivor.id))!;
    assert.deepEqual(
      merged.identities.map((identity) => `${identity.type}:${identity.value}:${identity.verified}`).sort(),
      ['employee_code:k1001:true', 'se_personal_number:199001011270:true', 'username:merge-old:true'],
    );
    assert.equal(merged.email, 'old@example.org', 'a profile field the survivor lacked');
    assert.ok(await accounts.passwordHash(survivor.id), 'the password moved with the login name');
    assert.equal((await db.query('SELECT 1 FROM phone_numbers WHERE account_id = $1', [survivor.id])).rowCount, 1);
    const { rows: payloads } = await db.query<{
      kind: string;
      payload: { accountId: string; authorizations?: unknown };
    }>(
      "SELECT kind, payload FROM oidc_payloads WHERE kind IN ('Grant', 'Session') AND payload->>'accountId' IN ($1, $2)",
      [retired.id, survivor.id],
    );
    assert.deepEqual(
      payloads.map((row) => [row.kind, row.payload.accountId, row.payload.authorizations]),
      [['Session', survivor.id, undefined]],
      'the grant is gone; the session now belongs to the survivor',
    );

    const later = await account([named('username', 'merge-latest')]);
    await mergeAccounts(db, { survivorId: later.id, retiredId: survivor.id, reason: 'test' });
    const { rows } = await db.query<{ retired_id: string; survivor_id: string }>(
      'SELECT retired_id, survivor_id FROM retired_subjects WHERE retired_id IN ($1, $2) ORDER BY merged_at',
      [retired.id, survivor.id],
    );
    assert.deepEqual(
      rows.map((row) => row.survivor_id),
      [later.id, later.id],
      'an older retired id follows to the newest survivor',
    );

    await assert.rejects(mergeAccounts(db, { survivorId: later.id, retiredId: retired.id, reason: 'again' }), (error) =>
      isPortvaktError(error, 'not_found'),
    );
    await assert.rejects(mergeAccounts(db, { survivorId: later.id, retiredId: 'not-a-uuid', reason: 'x' }), (error) =>
      isPortvaktError(error, 'not_found'),
    );
    await assert.rejects(mergeAccounts(db, { survivorId: later.id, retiredId: later.id, reason: 'x' }), (error) =>
      isPortvaktError(error, 'conflict'),
    );
  });

  test('without a session, BankID takes the one account that typed the number, once the person says it is theirs; two such accounts are refused', async () => {
    const only = await account([named('username', 'astrid-typed'), typed(ASTRID)]);
    const asked = await bankIdLogin(world, rp, { issuer: pv.issuer, personalNumber: ASTRID });
    assert.match(asked.page.html, /Is this you\?/, 'the person is asked whether the prepared account is theirs');
    const login = { ...asked, page: await asked.agent.submit(asked.page, '/bankid/confirm', { mine: 'yes' }) };
    assert.equal((await codeGrant(rp, login)).claims()!.sub, only.id);
    assert.equal(
      (await pv.portvakt.accounts.findById(only.id))!.identities.find(
        (identity) => identity.type === 'se_personal_number',
      )?.verified,
      true,
    );

    await account([named('username', 'olof-1'), typed(OLOF)]);
    await account([named('username', 'olof-2'), typed(OLOF)]);
    const refused = await bankIdLogin(world, rp, { issuer: pv.issuer, personalNumber: OLOF });
    assert.match(
      alertOf(refused.page),
      /could not tell which account is yours\. Contact the service desk \(010-123 45 67\) and they/,
    );
    const ambiguous = await pv.portvakt.audit.find({ type: 'account.ambiguous_identity' });
    assert.equal(ambiguous.length, 1);
  });

  test('the Swedish case: an employee who only typed the number proves it with BankID; nothing merges until an operator does', async () => {
    const external = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    const employee = await account([named('employee_code', 'K4711'), typed(ANNA_PNR)], {
      password: 'Employee-Password-1',
    });

    const agent = new UserAgent(pv.issuer, 'en');
    const first = await loginWithPassword(rp, {
      issuer: pv.issuer,
      agent,
      username: 'K4711',
      password: 'Employee-Password-1',
      params: BY_PASSWORD,
    });
    assert.equal(first.tokens.claims()!.sub, employee.id);
    const login = await bankIdLogin(world, rp, {
      issuer: pv.issuer,
      personalNumber: ANNA_PNR,
      agent,
      params: { prompt: 'login' },
    });
    login.page = await agent.submit(login.page, '/session/end/confirm', { logout: 'yes' });
    assert.equal(
      (await codeGrant(rp, login)).claims()!.sub,
      external.id,
      'a typed number in the session merges nothing: the verified holder logs in',
    );
    assert.ok(await pv.portvakt.accounts.findById(employee.id));

    await mergeAccounts(pv.portvakt.db, { survivorId: employee.id, retiredId: external.id, reason: 'admin:test' });
    const tokens = await codeGrant(rp, await bankIdLogin(world, rp, { issuer: pv.issuer, personalNumber: ANNA_PNR }));
    const claims = tokens.claims()!;
    assert.equal(
      claims.sub,
      employee.id,
      'after the operator’s merge the eID reaches the account with the employee code',
    );
    assert.deepEqual(claims.previous_subs, [external.id], 'the ID token names the retired sub');
    const userinfo = await oidc.fetchUserInfo(rp, tokens.access_token, employee.id);
    assert.deepEqual(userinfo.previous_subs, [external.id]);
    const again = await loginWithPassword(rp, {
      issuer: pv.issuer,
      username: 'anna',
      password: 'Employee-Password-1',
      params: BY_PASSWORD,
    });
    assert.equal(
      again.tokens.claims()!.sub,
      employee.id,
      'the external login name now reaches the survivor, whose own password it kept',
    );
  });

  test('a merge by fødselsnummer with the retired sub: ID-porten identifies the session’s account and proves the number another account holds verified', async () => {
    const proved = await account([named('username', 'kari-idporten'), proven(KARI_FNR, 'no_national_id')], {
      ageDays: 10,
    });
    const kari = await account(
      [
        named('username', 'kari'),
        { type: 'upstream_subject', issuer: pid.issuer, value: 'idporten-kari', verified: true },
      ],
      { password: 'Kari-Password-1' },
    );

    const agent = new UserAgent(pv.issuer, 'en');
    const first = await loginWithPassword(rp, {
      issuer: pv.issuer,
      agent,
      username: 'kari',
      password: 'Kari-Password-1',
      params: BY_PASSWORD,
    });
    assert.equal(first.tokens.claims()!.sub, kari.id);

    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid profile',
      state: 's',
      nonce: 'n',
      prompt: 'login',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      [AUTHN_PROVIDER]: 'urn:portvakt:authn:oidc.idporten',
    });
    const atIssuer = await agent.open(url.toString());
    pid.accounts['idporten-kari'] = { claims: { pid: KARI_FNR } };
    pid.next = { account: 'idporten-kari' };
    const back = await pid.follow(atIssuer.url);
    const page = await consentIfAsked(agent, await agent.open(back.toString()));
    const tokens = await codeGrant(rp, { agent, page, verifier });
    assert.equal(tokens.claims()!.sub, proved.id, 'the account with the number verified survives');
    assert.deepEqual(tokens.claims()!.previous_subs, [kari.id]);
    const userinfo = await oidc.fetchUserInfo(rp, tokens.access_token, proved.id);
    assert.deepEqual(userinfo.previous_subs, [kari.id]);

    const survivor = (await pv.portvakt.accounts.findById(proved.id))!;
    assert.ok(
      survivor.identities.some(
        (identity) => identity.type === 'upstream_subject' && identity.value === 'idporten-kari',
      ),
      'the upstream login is linked to the survivor',
    );
    assert.ok(survivor.identities.some((identity) => identity.type === 'username' && identity.value === 'kari'));
    await assert.rejects(
      oidc.fetchUserInfo(rp, first.tokens.access_token, kari.id),
      'the retired account’s tokens stop working',
    );
  });

  test('previous_subs are pairwise for a pairwise client, from one statement', async () => {
    const retired = await account([named('username', 'pairwise-old')]);
    const survivor = await account([named('username', 'pairwise-new')]);
    await mergeAccounts(pv.portvakt.db, { survivorId: survivor.id, retiredId: retired.id, reason: 'test' });
    const find = createFindAccount(pv.portvakt.accounts, { db: pv.portvakt.db, pairwiseSalt: 'salt' });
    const ctx = (client: object) => ({ oidc: { client } }) as unknown as KoaContextWithOIDC;
    const pairwise = await (await find(
      ctx({ subjectType: 'pairwise', sectorIdentifier: 'portal.example' }),
      survivor.id,
    ))!.claims('userinfo', 'openid', {}, []);
    assert.deepEqual(pairwise.previous_subs, [
      createHmac('sha256', 'salt').update(`portal.example|${retired.id}`).digest('base64url'),
    ]);
    const plain = await (await find(ctx({ subjectType: 'public' }), survivor.id))!.claims('id_token', 'openid', {}, []);
    assert.deepEqual(plain.previous_subs, [retired.id]);
    assert.equal(await find(ctx({ subjectType: 'public' }), retired.id), undefined);
  });
});
