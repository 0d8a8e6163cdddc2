// Passkeys through an account's life, over HTTP with a software authenticator: binding from the
// account page (refused after a password alone, allowed after a fresh second factor), told to the
// person with a link that undoes it; the offer after a login (only after two factors); an
// invitation completed with a passkey; and the export, merge, deletion and operator reset.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { exportAccount } from '../../src/accounts/account-export.ts';
import { mergeAccounts } from '../../src/accounts/merge.ts';
import { usersCommand } from '../../app/cli/users.ts';
import { createOutput } from '../../app/cli/output.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { adminClient } from '../support/admin-client.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { discover } from '../support/relying-party.ts';
import { assert as answer, createCredential, type SoftCredential } from '../support/soft-authenticator.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const CALLBACK = 'http://127.0.0.1:9/callback';
const ANNA = 'anna.andersson@example.org';
const TEXT = { sv: 'Text', nb: 'Tekst', en: 'Text' };

describe('passkeys on the account page, after a login, in invitations and in an account’s life', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let origin: string;
  let token: string;

  before(async () => {
    messaging = await startMessaging();
    const operator = await adminClient();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        oneTimeCodes: { sendsPerHour: 20, resendAfterSeconds: 10 },
        accounts: { accountPagePolicy: 'account' },
        policies: {
          default: { methods: ['passkey', 'password'], secondFactors: ['email', 'passkey'], offerPasskey: true },
          account: { methods: ['passkey', 'password'], secondFactors: ['email', 'passkey'] },
          invited: { methods: ['passkey'], invitationCompletion: 'passkey' },
          noticed: {
            methods: ['passkey', 'password'],
            secondFactors: ['email', 'passkey'],
            offerPasskey: true,
            privacyNotice: 'terms',
          },
        },
        privacyNotices: {
          terms: { version: '1', controller: TEXT, purpose: TEXT, legalBasis: TEXT, retention: TEXT, rights: TEXT },
        },
        clients: [
          TEST_CLIENT,
          {
            ...TEST_CLIENT,
            client_id: 'invited-rp',
            client_name: 'Invited RP',
            redirect_uris: [CALLBACK],
            login_policy: 'invited',
          },
          {
            ...TEST_CLIENT,
            client_id: 'noticed-rp',
            client_name: 'Noticed RP',
            redirect_uris: [CALLBACK],
            login_policy: 'noticed',
          },
          operator.metadata,
        ],
      },
    });
    origin = new URL(pv.issuer).origin;
    token = await operator.token(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  function csrfOf(page: Page): string {
    return /name="csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? assert.fail(page.html);
  }

  /** A form post as the page's own forms make it: its CSRF token and the fields. */
  function post(agent: UserAgent, page: Page, path: string, fields: Record<string, string> = {}): Promise<Page> {
    return agent.open(path, { method: 'POST', form: { csrf: csrfOf(page), ...fields } });
  }

  async function options(
    agent: UserAgent,
    page: Page,
    path: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await agent.open(path, { method: 'POST', form: { csrf: csrfOf(page) } });
    return { status: response.status, body: JSON.parse(response.html) };
  }

  async function accountLogin(username: string): Promise<{ agent: UserAgent; page: Page }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const chooser = await agent.open('/account');
    const form = await agent.open(`${/\/interaction\/[^/?#]+/.exec(new URL(chooser.url).pathname)![0]}/password`);
    const page = await agent.submit(form, '/password', { username, password: DEMO_PASSWORD });
    assert.equal(new URL(page.url).pathname, '/account', page.html);
    return { agent, page };
  }

  /** The account page's step-up: the password again, then a code by e-mail. */
  async function stepUp(agent: UserAgent, username: string, to: string): Promise<Page> {
    const chooser = await agent.open('/account/step-up');
    const form = await agent.open(`${/\/interaction\/[^/?#]+/.exec(new URL(chooser.url).pathname)![0]}/password`);
    let page = await agent.submit(form, '/password', { username, password: DEMO_PASSWORD });
    if (page.html.includes('/second-factor/choose'))
      page = await agent.submit(page, '/second-factor/choose', { factor: 'email' });
    const back = await agent.submit(page, '/second-factor/code', { code: messaging.latestCode(to) });
    assert.equal(new URL(back.url).pathname, '/account', back.html);
    return back;
  }

  async function passkeyRows(username: string) {
    const account = (await pv.portvakt.accounts.findByLoginName(username))!;
    return { account, passkeys: await pv.portvakt.passkeys.list(account.id) };
  }

  test('a password alone cannot bind a passkey on the account page; a fresh second factor can, and the person hears of it', async () => {
    const { agent, page } = await accountLogin('anna');
    assert.match(page.html, /To create a passkey, first confirm it is you/);
    assert.doesNotMatch(page.html, /data-passkey="register"/, 'no passkey form after a password alone');
    const refusedOptions = await options(agent, page, '/account/passkeys/options');
    assert.equal(refusedOptions.status, 403);
    // Even with a registration answer in hand, the post is refused before it is read.
    const refused = await post(agent, page, '/account/passkeys', { credential: '{}', name: 'sneaky' });
    assert.equal(refused.status, 403);
    assert.equal((await passkeyRows('anna')).passkeys.length, 0);

    const fresh = await stepUp(agent, 'anna', ANNA);
    assert.match(fresh.html, /data-passkey="register"/);
    const { body } = await options(agent, fresh, '/account/passkeys/options');
    assert.equal((body.authenticatorSelection as { userVerification: string }).userVerification, 'required');
    assert.equal((body.authenticatorSelection as { residentKey: string }).residentKey, 'required');
    const { response } = createCredential(body as never, { origin });
    const before = messaging.outbox.list({ to: ANNA }).length;
    const added = await post(agent, fresh, '/account/passkeys', {
      credential: JSON.stringify(response),
      name: '  Work\u0007 laptop  ',
    });
    assert.match(added.html, /The passkey has been created/);
    assert.match(added.html, /<strong>Work laptop<\/strong>/, 'the name is cleaned of control characters and spaces');
    const notice = messaging.outbox
      .list({ to: ANNA })
      .slice(0, messaging.outbox.list({ to: ANNA }).length - before)
      .find((message) => message.text.includes('Work laptop'));
    assert.ok(notice, 'the new passkey is told to her address');

    // The same answer again: its challenge was taken.
    const replay = await post(agent, added, '/account/passkeys', {
      credential: JSON.stringify(response),
      name: 'again',
    });
    assert.equal(replay.status, 400);
    assert.equal((await passkeyRows('anna')).passkeys.length, 1);

    // Renaming checks the name; an empty one is refused with a message.
    const { passkeys } = await passkeyRows('anna');
    const empty = await post(agent, added, '/account/passkeys/rename', { id: passkeys[0]!.credentialId, name: '   ' });
    assert.equal(empty.status, 400);
    assert.match(empty.html, /Enter a name/);
    await post(agent, added, '/account/passkeys/rename', { id: passkeys[0]!.credentialId, name: 'Office laptop' });
    assert.equal((await passkeyRows('anna')).passkeys[0]!.name, 'Office laptop');

    // "This was not me": the link in the notice removes the passkey and ends every session.
    const link = /(http:\/\/\S+\/account\/undo\/[\w-]+)/.exec(notice!.text)![1]!;
    const reader = new UserAgent(pv.issuer, 'en');
    const undone = await reader.submit(await reader.open(link), '/account/undo/');
    assert.equal(undone.status, 200, undone.html);
    assert.equal((await passkeyRows('anna')).passkeys.length, 0, 'the undo removed the passkey');
  });

  test('removing a passkey needs a fresh second factor and is told to the person', async () => {
    const { agent } = await accountLogin('anna');
    const fresh = await stepUp(agent, 'anna', ANNA);
    const { body } = await options(agent, fresh, '/account/passkeys/options');
    await post(agent, fresh, '/account/passkeys', {
      credential: JSON.stringify(createCredential(body as never, { origin }).response),
      name: 'Phone',
    });
    const { passkeys } = await passkeyRows('anna');
    assert.equal(passkeys.length, 1);

    const stale = await accountLogin('anna');
    const refused = await post(stale.agent, stale.page, '/account/passkeys/remove', { id: passkeys[0]!.credentialId });
    assert.equal(refused.status, 403, 'a password alone cannot remove it either');
    assert.equal((await passkeyRows('anna')).passkeys.length, 1);

    const removed = await post(agent, fresh, '/account/passkeys/remove', { id: passkeys[0]!.credentialId });
    assert.match(removed.html, /The passkey has been removed/);
    assert.equal((await passkeyRows('anna')).passkeys.length, 0);
    const notices = messaging.outbox.list({ to: ANNA }).map((message) => message.text);
    // Her account has no language of its own, so notices come in the default one (sv).
    assert.ok(
      notices.some((text) => /togs nyckeln \(passkey\) "Phone" bort/.test(text)),
      notices[0],
    );
  });

  test('the offer after a login comes only after two factors, and "not now" goes on without one', async () => {
    const rp = await discover(pv.issuer);
    const start = async (agent: UserAgent, acr?: string) => {
      const url = oidc.buildAuthorizationUrl(rp, {
        redirect_uri: CALLBACK,
        scope: 'openid',
        prompt: 'login',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        ...(acr ? { acr_values: acr } : {}),
      });
      const chooser = await agent.open(url.toString());
      const base = /\/interaction\/[^/?#]+/.exec(new URL(chooser.url).pathname)![0];
      return { base, form: await agent.open(`${base}/password`) };
    };
    // A password alone: straight to the relying party, no offer.
    const alone = new UserAgent(pv.issuer, 'en');
    const plain = await start(alone);
    const done = await alone.submit(plain.form, '/password', { username: 'bjorn', password: DEMO_PASSWORD });
    assert.ok(new URL(done.url).searchParams.get('code'), 'no offer after a password alone');
    assert.notEqual((await alone.open(`${plain.base}/passkey-offer`)).status, 200);

    // A password and an e-mail code (asked for by acr_values loa2): the offer.
    const agent = new UserAgent(pv.issuer, 'en');
    const stepped = await start(agent, 'http://id.elegnamnden.se/loa/1.0/loa2');
    let page = await agent.submit(stepped.form, '/password', { username: 'bjorn', password: DEMO_PASSWORD });
    if (page.html.includes('/second-factor/choose'))
      page = await agent.submit(page, '/second-factor/choose', { factor: 'email' });
    const offer = await agent.submit(page, '/second-factor/code', {
      code: messaging.latestCode('bjorn.berg@example.org'),
    });
    assert.match(offer.url, /\/passkey-offer$/, offer.html);
    assert.match(offer.html, /Log in faster next time/);
    const skipped = await agent.submit(offer, '/passkey-offer/skip');
    assert.ok(new URL(skipped.url).searchParams.get('code'), 'not now: the login goes on');

    // Taking it: the passkey is made, told, and the login goes on.
    const again = new UserAgent(pv.issuer, 'en');
    const second = await start(again, 'http://id.elegnamnden.se/loa/1.0/loa2');
    page = await again.submit(second.form, '/password', { username: 'bjorn', password: DEMO_PASSWORD });
    if (page.html.includes('/second-factor/choose'))
      page = await again.submit(page, '/second-factor/choose', { factor: 'email' });
    const offered = await again.submit(page, '/second-factor/code', {
      code: messaging.latestCode('bjorn.berg@example.org'),
    });
    const { body } = await options(again, offered, `${second.base}/passkey-offer/options`);
    const made = await again.submit(offered, `${second.base}/passkey-offer`, {
      credential: JSON.stringify(createCredential(body as never, { origin }).response),
      name: 'Bjorn phone',
    });
    assert.ok(new URL(made.url).searchParams.get('code'), made.html);
    assert.equal((await passkeyRows('bjorn')).passkeys[0]?.name, 'Bjorn phone');
  });

  test('single sign-on that only adds a notice offers no passkey: the old proof binds nothing now', async () => {
    await pv.portvakt.passkeys.removeAll((await pv.portvakt.accounts.findByLoginName('bjorn'))!.id);
    const rp = await discover(pv.issuer);
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      acr_values: 'http://id.elegnamnden.se/loa/1.0/loa2',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const chooser = await agent.open(url.toString());
    let page = await agent.submit(
      await agent.open(`${/\/interaction\/[^/?#]+/.exec(new URL(chooser.url).pathname)![0]}/password`),
      '/password',
      { username: 'bjorn', password: DEMO_PASSWORD },
    );
    if (page.html.includes('/second-factor/choose'))
      page = await agent.submit(page, '/second-factor/choose', { factor: 'email' });
    const offer = await agent.submit(page, '/second-factor/code', {
      code: messaging.latestCode('bjorn.berg@example.org'),
    });
    assert.match(offer.url, /\/passkey-offer$/, 'offered right after the two factors');
    await agent.submit(offer, '/passkey-offer/skip');
    // The same browser at a client with a notice: single sign-on runs only the notice step.
    const noticed = await discover(pv.issuer, 'noticed-rp');
    const notice = await agent.open(
      oidc
        .buildAuthorizationUrl(noticed, {
          redirect_uri: CALLBACK,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.match(notice.url, /\/privacy-notice$/, notice.html);
    const done = await agent.submit(notice, '/privacy-notice');
    assert.ok(new URL(done.url).searchParams.get('code'), 'straight on to the client, no passkey offer');
  });

  test('an invitation completed with a passkey makes an account that logs in with it, and nothing else', async () => {
    const email = 'invited.passkey@example.org';
    const created = await fetch(`${pv.issuer}/admin/v1/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, client_id: 'invited-rp', locale: 'en' }),
    });
    assert.equal(created.status, 201);
    const link = /(http:\/\/\S+\/invitation\/[\w-]{43})/.exec(messaging.outbox.list({ to: email })[0]!.text)![1]!;
    const agent = new UserAgent(pv.issuer, 'en');
    const landing = await agent.open(link);
    // Before the address is proven there is nothing to register against.
    const early = await agent.open(`${new URL(link).pathname}/passkey/options`, {
      method: 'POST',
      form: { csrf: csrfOf(landing) },
    });
    assert.equal(new URL(early.url).pathname, new URL(link).pathname, 'sent back to the first step');
    const sent = await agent.submit(landing, '/send');
    const step = await agent.submit(sent, '/code', {
      code: /^\s+(\d{6})\s*$/m.exec(messaging.outbox.list({ to: email })[0]!.text)![1]!,
    });
    assert.match(step.html, /Step 2 of 2: create a passkey/);
    const { body } = await options(agent, step, `${new URL(link).pathname}/passkey/options`);
    const { credential, response } = createCredential(body as never, { origin });
    const ready = await agent.submit(step, '/passkey', { credential: JSON.stringify(response), name: '' });
    assert.match(ready.html, /You are ready/);
    const { account, passkeys } = await passkeyRows(email);
    assert.equal(passkeys.length, 1);
    assert.match(passkeys[0]!.name, /^Passkey created /, 'an unnamed passkey is named by its date');

    // And it logs in, as the invited account.
    const rp = await discover(pv.issuer, 'invited-rp');
    const verifier = oidc.randomPKCECodeVerifier();
    const login = new UserAgent(pv.issuer, 'en');
    const screen = await login.open(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: CALLBACK,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    const base = /\/interaction\/[^/?#]+/.exec(new URL(screen.url).pathname)![0];
    const { body: challenge } = await options(login, screen, `${base}/passkey/options`);
    const back = await login.submit(screen, `${base}/passkey`, {
      credential: JSON.stringify(answer(credential as SoftCredential, challenge as never, { origin })),
    });
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(back.url), { pkceCodeVerifier: verifier });
    assert.equal(tokens.claims()!.sub, account.id);
  });

  test('export lists passkeys without keys; merge moves them; deletion and the operator reset remove them', async () => {
    const ceremonyAgent = await accountLogin('anna');
    const fresh = await stepUp(ceremonyAgent.agent, 'anna', ANNA);
    const { body } = await options(ceremonyAgent.agent, fresh, '/account/passkeys/options');
    await post(ceremonyAgent.agent, fresh, '/account/passkeys', {
      credential: JSON.stringify(createCredential(body as never, { origin }).response),
      name: 'Exported',
    });
    const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
    const exported = (await exportAccount(pv.portvakt.db, anna.id))!;
    assert.equal(exported.passkeys.length, 1);
    assert.equal(exported.passkeys[0]!.name, 'Exported');
    assert.ok(!('publicKey' in exported.passkeys[0]!), 'the public key stays inside');

    const bjorn = (await pv.portvakt.accounts.findByLoginName('bjorn'))!;
    const bjornsBefore = (await pv.portvakt.passkeys.list(bjorn.id)).length;
    await mergeAccounts(pv.portvakt.db, { survivorId: anna.id, retiredId: bjorn.id, reason: 'test' });
    assert.equal(
      (await pv.portvakt.passkeys.list(anna.id)).length,
      1 + bjornsBefore,
      'the retired account’s passkeys follow the person',
    );

    let printed = '';
    await usersCommand(
      pv.portvakt,
      { action: 'reset-passkeys', username: 'anna', values: {}, minLength: 8, maxLength: 128 },
      createOutput(true, (text) => void (printed += text)),
    );
    assert.equal(JSON.parse(printed).passkeysRemoved, 1 + bjornsBefore);
    assert.equal((await pv.portvakt.passkeys.list(anna.id)).length, 0);
    assert.ok(
      messaging.outbox
        .list({ to: ANNA })
        .some((message) => /togs alla nycklar \(passkeys\) bort av support/.test(message.text)),
      'the person is told',
    );

    const email = 'invited.passkey@example.org';
    const invited = (await pv.portvakt.accounts.findByLoginName(email))!;
    assert.equal((await pv.portvakt.passkeys.list(invited.id)).length, 1);
    await pv.portvakt.db.query('DELETE FROM accounts WHERE id = $1', [invited.id]);
    const { rows } = await pv.portvakt.db.query('SELECT 1 FROM passkeys WHERE account_id = $1', [invited.id]);
    assert.equal(rows.length, 0, 'an account’s passkeys go with it');
  });
});
