// A session is not enough to take an account for good: adding a way in (an e-mail address that
// "forgot password" would then use) or deleting the account needs a fresh second factor, and a
// password reset ends every other session, grant and token of the account, the account page's too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { SqlAdapter } from '../../adapters/oidc-adapter.ts';
import { ACCOUNT_CLIENT_ID, accountPageClient } from '../../src/provider/account-client.ts';
import { loadOrCreateSecret } from '../../src/provider/secrets.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const NEW_PASSWORD = 'Rödbetor-och-7-kål';

describe('changing how one gets into an account', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        accounts: { accountPagePolicy: 'account' },
        policies: {
          default: { methods: ['password'] },
          account: { methods: ['password'], secondFactors: ['sms', 'email'] },
        },
      },
    });
    const csrfKey = await loadOrCreateSecret(pv.portvakt.db, createSealer(pv.config.secretKey!), 'csrf-key');
    await new SqlAdapter(pv.portvakt.db, 'Client').upsert(
      ACCOUNT_CLIENT_ID,
      { ...accountPageClient(pv.config, csrfKey) },
      0,
    );
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function accountPage(
    username: string,
    agent = new UserAgent(pv.issuer, 'en'),
  ): Promise<{ agent: UserAgent; page: Page }> {
    const start = await agent.open('/account');
    const page = start.url.includes('/interaction/')
      ? await agent.submit(start, '/password', { username, password: DEMO_PASSWORD })
      : start;
    assert.equal(new URL(page.url).pathname, '/account', page.html);
    return { agent, page };
  }

  async function waitForCode(to: string): Promise<string> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      try {
        return messaging.latestCode(to);
      } catch {
        // The reset mail is sent after the answer.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`no code reached ${to}`);
  }

  test('a password-only session cannot add the attacker’s address, so "forgot password" cannot use it', async () => {
    const { agent, page } = await accountPage('anna');
    const refused = await agent.submit(page, '/account/emails/add', { email: 'taker@example.net' });
    assert.equal(refused.status, 403);
    assert.equal(messaging.outbox.list({ to: 'taker@example.net' }).length, 0, 'not even the proof code is sent');
    const csrf = /name="csrf" value="([^"]+)"/.exec(refused.html)![1]!;
    const confirm = await agent.open('/account/emails/confirm', { method: 'POST', form: { csrf, code: '123456' } });
    assert.equal(confirm.status, 403, 'the confirmation is closed too, not only the first form');

    const reset = new UserAgent(pv.issuer, 'en');
    const login = await reset.open(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: TEST_CLIENT.redirect_uris[0]!,
          scope: 'openid',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    await reset.submit(await reset.open(`${login.url}/reset`), '/password/reset', { email: 'taker@example.net' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(messaging.outbox.list({ to: 'taker@example.net' }).length, 0, 'the address belongs to no account');
  });

  test('a session alone cannot delete the account', async () => {
    const { agent } = await accountPage('anna');
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    const refused = await agent.submit(await agent.open('/account/delete'), '/account/delete', { confirm: 'yes' });
    assert.equal(refused.status, 403);
    assert.ok(await pv.portvakt.accounts.findById(anna.id));
  });

  test('with a fresh factor an address is added; every address hears of it, and the link undoes it and logs out everywhere', async () => {
    const { agent, page } = await accountPage('anna');
    const second = await agent.submit(await agent.open('/account/step-up'), '/password', {
      username: 'anna',
      password: DEMO_PASSWORD,
    });
    const chosen = second.html.includes('/second-factor/choose')
      ? await agent.submit(second, '/second-factor/choose', { factor: 'email' })
      : second;
    const fresh = await agent.submit(chosen, '/second-factor/code', {
      code: messaging.latestCode('anna.andersson@example.org'),
    });
    assert.equal(new URL(fresh.url).pathname, '/account', fresh.html);
    const sent = await agent.submit(fresh, '/account/emails/add', { email: 'anna.second@example.org' });
    const added = await agent.submit(sent, '/account/emails/confirm', {
      code: /\b(\d{6})\b/.exec(messaging.outbox.list({ to: 'anna.second@example.org' })[0]!.text)![1]!,
    });
    assert.match(added.html, /The e-mail address has been added/);
    void page;

    const notice = messaging.outbox.list({ to: 'anna.andersson@example.org' })[0]!;
    assert.match(
      notice.text,
      /lades e-postadressen anna\.second@example\.org till/,
      'the address the person already had is told (in the default language: the account has none of its own)',
    );
    assert.equal(
      messaging.outbox.list({ to: 'anna.second@example.org' })[0]!.text.includes('lades e-postadressen'),
      true,
      'and so is the new one',
    );
    const link = /(http:\/\/\S+\/account\/undo\/[\w-]+)/.exec(notice.text)![1]!;

    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    const confirm = await new UserAgent(pv.issuer, 'en').open(link);
    assert.match(confirm.html, /Undo and log out everywhere/);
    assert.ok(
      (await pv.portvakt.accounts.findById(anna.id))!.identities.some(
        (identity) => identity.value === 'anna.second@example.org',
      ),
      'opening the link changes nothing',
    );
    const owner = new UserAgent(pv.issuer, 'en');
    const undone = await owner.submit(await owner.open(link), '/account/undo/');
    assert.match(undone.html, /The change is undone and every session has ended/);
    assert.equal(
      (await pv.portvakt.accounts.findById(anna.id))!.identities.some(
        (identity) => identity.value === 'anna.second@example.org',
      ),
      false,
      'the address is gone',
    );
    assert.match((await agent.open('/account')).url, /\/interaction\//, 'the session that added it is over');
    const again = await owner.open(link);
    assert.equal(again.status, 410, 'the link works once');
  });

  test('an address no one has proven since an eID took the account over is confirmed with a code, after a fresh factor', async () => {
    const hash = await pv.portvakt.passwords.hash(DEMO_PASSWORD);
    const account = await pv.portvakt.accounts.create(
      {
        givenName: 'Karin',
        familyName: 'Prov',
        email: 'karin.prov@example.org',
        emailVerified: false,
        identities: [
          { type: 'username', issuer: '', value: 'karin', verified: true },
          { type: 'email', issuer: '', value: 'karin.prov@example.org', verified: false },
        ],
      },
      hash,
    );
    await pv.portvakt.secondFactors.addPhoneNumber(account.id, '+46701112233');
    const { agent, page } = await accountPage('karin');
    assert.match(page.html, /karin\.prov@example\.org[^<]*\(not confirmed\)/);
    const refused = await agent.submit(page, '/account/emails/add', { email: 'karin.prov@example.org' });
    assert.equal(refused.status, 403, 'confirming a way in needs a fresh factor too');
    const second = await agent.submit(await agent.open('/account/step-up'), '/password', {
      username: 'karin',
      password: DEMO_PASSWORD,
    });
    const chosen = second.html.includes('/second-factor/choose')
      ? await agent.submit(second, '/second-factor/choose', { factor: 'sms-0' })
      : second;
    const fresh = await agent.submit(chosen, '/second-factor/code', { code: messaging.latestCode('+46701112233') });
    const sent = await agent.submit(fresh, '/account/emails/add', { email: 'karin.prov@example.org' });
    const code = /\b(\d{6})\b/.exec(messaging.outbox.list({ to: 'karin.prov@example.org' })[0]!.text)![1]!;
    const confirmed = await agent.submit(sent, '/account/emails/confirm', { code });
    assert.match(confirmed.html, /The e-mail address is confirmed/);
    const after = (await pv.portvakt.accounts.findById(account.id))!;
    assert.equal(after.emailVerified, true);
    assert.equal(after.identities.find((identity) => identity.type === 'email')?.verified, true);
  });

  test('a password reset ends every other session: tokens, refresh, silent login and the account page', async () => {
    const intruder = await loginWithPassword(rp, { issuer: pv.issuer, username: 'bjorn' });
    const { agent: intruderPage } = await accountPage('bjorn', intruder.agent);
    assert.ok(intruder.tokens.refresh_token);

    const owner = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const login = await owner.open(url.toString());
    const sent = await owner.submit(await owner.open(`${login.url}/reset`), '/password/reset', {
      email: 'bjorn.berg@example.org',
    });
    const form = await owner.submit(sent, '/password/reset/code', {
      code: await waitForCode('bjorn.berg@example.org'),
    });
    const done = await owner.submit(form, '/password/reset/new', {
      password: NEW_PASSWORD,
      password_repeat: NEW_PASSWORD,
    });
    const fresh = await oidc.authorizationCodeGrant(rp, new URL(done.url), { pkceCodeVerifier: verifier });
    const bjorn = (await pv.portvakt.accounts.findByLoginName('bjorn'))!;
    assert.equal(fresh.claims()!.sub, bjorn.id, 'the login that reset the password goes on');

    await assert.rejects(
      oidc.refreshTokenGrant(rp, intruder.tokens.refresh_token!),
      'the intruder’s refresh token is revoked',
    );
    await assert.rejects(oidc.fetchUserInfo(rp, intruder.tokens.access_token, bjorn.id), 'and the access token');
    const silent = await intruder.agent.open(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: TEST_CLIENT.redirect_uris[0]!,
          scope: 'openid',
          prompt: 'none',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.equal(new URL(silent.url).searchParams.get('error'), 'login_required', 'the provider session is gone');
    const home = await intruderPage.open('/account');
    assert.match(home.url, /\/interaction\//, 'the account page session ended too');
    assert.ok((await oidc.fetchUserInfo(rp, fresh.access_token, bjorn.id)).sub, 'the owner’s new tokens work');
    const passwordSet = await pv.portvakt.audit.find({ type: 'account.password_set', accountId: bjorn.id });
    assert.ok(
      (passwordSet.at(-1)!.detail as { sessionsEnded: number }).sessionsEnded >= 3,
      'the audit event counts what was ended',
    );
    assert.match(
      messaging.outbox.list({ to: 'bjorn.berg@example.org' })[0]!.text,
      /byttes lösenordet via "Glömt lösenordet"/,
    );
    assert.match(
      messaging.outbox.list({ to: '+46701234567' })[0]!.text,
      /Var det inte du\? Öppna http/,
      'the phone numbers hear of it too',
    );
  });
});
