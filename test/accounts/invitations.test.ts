// Invitations end to end: an integrator invites through the admin API, the e-mail arrives over real
// SMTP, the person proves the address with the e-mailed code and completes what the client's policy
// asks (authenticator app and password, or BankID), then logs in through openid-client. Links that
// expired, were used, revoked or replaced lead nowhere; guessing the code runs out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { invitationsCommand } from '../../app/cli/invitations.ts';
import { adminClient } from '../support/admin-client.ts';
import { createOutput } from '../../app/cli/output.ts';

const ASTRID = '198503122387';

function invitationLink(messaging: Messaging, email: string): string {
  const mail = messaging.outbox
    .list({ to: email })
    .find((message) => /invit/i.test(message.subject ?? '') && /\/invitation\//.test(message.text));
  return (
    /(http:\/\/\S+\/invitation\/[\w-]{43})/.exec(mail?.text ?? '')?.[1] ??
    assert.fail(`no invitation e-mail to ${email}`)
  );
}

function emailedCode(messaging: Messaging, email: string): string {
  return (
    /^\s+(\d{6})\s*$/m.exec(messaging.outbox.list({ to: email })[0]?.text ?? '')?.[1] ??
    assert.fail(`no code e-mailed to ${email}`)
  );
}

async function proveAddress(agent: UserAgent, messaging: Messaging, link: string, email: string): Promise<Page> {
  const landing = await agent.open(link);
  assert.equal(landing.status, 200, landing.html);
  const sent = await agent.submit(landing, '/send');
  assert.match(sent.html, /We have sent a code to/);
  return agent.submit(sent, '/code', { code: emailedCode(messaging, email) });
}

describe('invitations completed with an authenticator app and a password', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let token: string;
  before(async () => {
    messaging = await startMessaging();
    const operator = await adminClient();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        policies: {
          default: {
            methods: ['password'],
            secondFactor: 'always',
            secondFactors: ['totp'],
            passwordRules: { requireDigit: true },
            invitationCompletion: 'authenticatorAndPassword',
          },
        },
        clients: [TEST_CLIENT, operator.metadata],
      },
    });
    token = await operator.token(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function invite(email: string): Promise<{ id: string; link: string }> {
    const response = await fetch(`${pv.issuer}/admin/v1/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, client_id: TEST_CLIENT.client_id, locale: 'en' }),
    });
    const body = (await response.json()) as { id: string; state: string; email_sent: boolean };
    assert.equal(response.status, 201, JSON.stringify(body));
    assert.equal(body.state, 'pending');
    assert.equal(body.email_sent, true);
    return { id: body.id, link: invitationLink(messaging, email) };
  }

  test('an invited person proves the address, enrols an authenticator, chooses a password and logs in', async () => {
    const email = 'new.colleague@example.org';
    const { id, link } = await invite(email);
    const mail = messaging.outbox.list({ to: email })[0]!;
    assert.match(mail.subject!, /You are invited to Test RP/);

    const agent = new UserAgent(pv.issuer, 'en');
    const landing = await agent.open(link);
    assert.match(landing.html, /to create an account for Test RP/);
    const { rows: untouched } = await pv.portvakt.db.query<{ codes: number }>(
      "SELECT count(*)::int AS codes FROM one_time_codes WHERE purpose = 'invitation' AND uid = $1",
      [`invitation:${id}`],
    );
    assert.equal(untouched[0]!.codes, 0, 'opening the link (as a mail scanner does) sends and consumes nothing');

    const enrol = await proveAddress(agent, messaging, link, email);
    assert.match(enrol.html, /<svg/);
    const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(enrol.html)?.[1] ?? assert.fail(enrol.html);

    // The link forwarded to someone without the code gets no further than the code.
    const stranger = new UserAgent(pv.issuer, 'en');
    const forwarded = await stranger.open(link);
    assert.match(forwarded.html, /Send code/);
    assert.doesNotMatch(forwarded.html, /data-totp-secret/);

    const wrongTotp = await agent.submit(enrol, '/authenticator', {
      code: (await generate({ secret })) === '000000' ? '111111' : '000000',
    });
    assert.equal(wrongTotp.status, 400);
    const passwordPage = await agent.submit(wrongTotp, '/authenticator', { code: await generate({ secret }) });
    assert.match(passwordPage.html, /Choose a password/);
    assert.match(passwordPage.html, /<ul aria-labelledby="password-rules">/, 'the rules are listed before typing');
    const { rows: none } = await pv.portvakt.db.query('SELECT 1 FROM identities WHERE value = $1', [email]);
    assert.equal(none.length, 0, 'no account exists before the last step');

    const weak = await agent.submit(passwordPage, '/password', {
      password: 'no digits in here at all',
      password_repeat: 'no digits in here at all',
    });
    assert.equal(weak.status, 400);
    assert.match(weak.html, /role="alert"/);
    const password = 'Long enough 4 anyone';
    const ready = await agent.submit(weak, '/password', { password, password_repeat: password });
    assert.match(ready.html, /You are ready/);
    assert.match(ready.html, /href="http:\/\/127\.0\.0\.1:9\/"/, 'a link to the client');
    assert.equal(
      [...ready.html.matchAll(/<li><code>[A-Z0-9-]+<\/code><\/li>/g)].length,
      10,
      'recovery codes are shown once',
    );

    const account = await pv.portvakt.accounts.findByLoginName(email);
    assert.equal(account?.status, 'active');
    assert.equal(account?.emailVerified, true);
    assert.ok(account?.identities.some((identity) => identity.type === 'email' && identity.verified));
    const { rows: accepted } = await pv.portvakt.db.query<{ state: string; account_id: string }>(
      'SELECT state, account_id FROM invitations WHERE id = $1',
      [id],
    );
    assert.deepEqual(accepted[0], { state: 'accepted', account_id: account!.id });
    const audited = await pv.portvakt.audit.find({ type: 'invitation.accepted', accountId: account!.id });
    assert.equal(audited.length, 1);

    const reused = await new UserAgent(pv.issuer, 'en').open(link);
    assert.equal(reused.status, 410);
    assert.match(reused.html, /can no longer be used/);

    // A real login through openid-client: the password, then the enrolled app's next code.
    const rp = await discover(pv.issuer);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const browser = new UserAgent(pv.issuer, 'en');
    const totp = await browser.submit(await browser.open(url.toString()), '/password', { username: email, password });
    assert.match(totp.html, /second-factor\/totp/);
    const done = await browser.submit(totp, '/second-factor/totp', {
      code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }),
    });
    const claims = (await oidc.authorizationCodeGrant(rp, new URL(done.url), { pkceCodeVerifier: verifier })).claims()!;
    assert.equal(claims.sub, account!.id);
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
  });

  test('wrong codes run out; a new code works again', async () => {
    const email = 'guessing@example.org';
    const { id, link } = await invite(email);
    const agent = new UserAgent(pv.issuer, 'en');
    let page = await agent.submit(await agent.open(link), '/send');
    const code = emailedCode(messaging, email);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let attempt = 1; attempt < pv.config.oneTimeCodes.maxAttempts; attempt += 1) {
      page = await agent.submit(page, '/code', { code: wrong });
      assert.match(page.html, /not right/);
    }
    page = await agent.submit(page, '/code', { code: wrong });
    assert.match(page.html, /too many times/, 'the last wrong try says the code is spent');
    const exhausted = await agent.open(`${link}/code`, {
      method: 'POST',
      form: { csrf: /name="csrf" value="([^"]+)"/.exec(page.html)![1]!, code },
    });
    assert.match(exhausted.html, /too many times/, 'the right code no longer helps once the attempts are spent');
    const { rows: codes } = await pv.portvakt.db.query<{ attempts: number }>(
      'SELECT attempts FROM one_time_codes WHERE uid = $1',
      [`invitation:${id}`],
    );
    assert.ok(codes[0]!.attempts > pv.config.oneTimeCodes.maxAttempts, 'the late right code was counted too');
    const { rows } = await pv.portvakt.db.query<{ email_proven_at: Date | null }>(
      'SELECT email_proven_at FROM invitations WHERE id = $1',
      [id],
    );
    assert.equal(rows[0]!.email_proven_at, null);

    const tooSoon = await agent.submit(exhausted, '/send');
    assert.equal(tooSoon.status, 429, 'a new code waits for the resend pause');
    await pv.portvakt.throttle.reset(`invitation:resend:${id}`);
    const again = await agent.submit(tooSoon, '/send');
    const enrol = await agent.submit(again, '/code', { code: emailedCode(messaging, email) });
    assert.match(enrol.html, /data-totp-secret/);
  });

  test('an address that already has an account makes no second account and points to the login', async () => {
    const email = 'anna.andersson@example.org';
    const { id, link } = await invite(email);
    const agent = new UserAgent(pv.issuer, 'en');
    const enrol = await proveAddress(agent, messaging, link, email);
    const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(enrol.html)![1]!;
    const passwordPage = await agent.submit(enrol, '/authenticator', { code: await generate({ secret }) });
    const refused = await agent.submit(passwordPage, '/password', {
      password: 'Another long 1 here',
      password_repeat: 'Another long 1 here',
    });
    assert.equal(refused.status, 409);
    assert.match(refused.html, /There is already an account with anna\.andersson@example\.org/);
    assert.equal((await pv.portvakt.accounts.findAllByIdentity('email', email)).length, 1);
    const { rows } = await pv.portvakt.db.query<{ state: string }>('SELECT state FROM invitations WHERE id = $1', [id]);
    assert.equal(rows[0]!.state, 'pending');
  });

  test('an invitee who lost the link asks on the login screen and gets a fresh one; the answer is the same as for nobody', async () => {
    const email = 'lost.link@example.org';
    const invited = await invite(email);
    const expiresAt = (
      await pv.portvakt.db.query<{ expires_at: Date }>('SELECT expires_at FROM invitations WHERE id = $1', [invited.id])
    ).rows[0]!.expires_at;
    const ask = async (address: string) => {
      const agent = new UserAgent(pv.issuer, 'en');
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(await discover(pv.issuer), {
        redirect_uri: TEST_CLIENT.redirect_uris[0]!,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const login = await agent.open(url.toString());
      assert.match(login.html, /Have an invitation or forgot your password\?/);
      const form = await agent.open(`${login.url}/reset`);
      assert.match(form.html, /If you were invited, we will send a new link/);
      const answer = await agent.submit(form, '/password/reset', { email: address });
      return answer.html
        .replaceAll(address, '…')
        .replace(/name="csrf" value="[^"]*"/, '')
        .replace(/\/interaction\/[\w-]+/g, '');
    };
    const invitedAnswer = await ask(email);
    const nobodyAnswer = await ask('nobody.at.all@example.org');
    assert.equal(invitedAnswer, nobodyAnswer, 'nothing on the screen tells an invitation apart');
    assert.match(invitedAnswer, /we sent a new link to it instead/);

    const deadline = Date.now() + 5000;
    while (messaging.outbox.list({ to: email }).length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const fresh = invitationLink(messaging, email);
    assert.notEqual(fresh, invited.link);
    assert.equal((await new UserAgent(pv.issuer, 'en').open(invited.link)).status, 410, 'the lost link ends');
    const opened = await new UserAgent(pv.issuer, 'en').open(fresh);
    assert.equal(opened.status, 200);
    assert.match(opened.html, /Send code/);
    const after = (
      await pv.portvakt.db.query<{ expires_at: Date }>('SELECT expires_at FROM invitations WHERE id = $1', [invited.id])
    ).rows[0]!.expires_at;
    assert.ok(Math.abs(after.getTime() - expiresAt.getTime()) < 5000, 'asking does not lengthen the invitation');
    assert.equal(messaging.outbox.list({ to: 'nobody.at.all@example.org' }).length, 0);
    const [event] = await pv.portvakt.audit.find({ type: 'invitation.resent', latest: 1 });
    assert.equal(event!.detail.by, 'invitee');
  });

  test('expired, revoked and replaced links show one calm message', async () => {
    const expired = await invite('expired@example.org');
    await pv.portvakt.db.query("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1", [
      expired.id,
    ]);
    const revoked = await invite('revoked@example.org');
    const deleted = await fetch(`${pv.issuer}/admin/v1/invitations/${revoked.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(((await deleted.json()) as { state: string }).state, 'revoked');
    const replaced = await invite('replaced@example.org');
    const resent = await fetch(`${pv.issuer}/admin/v1/invitations/${replaced.id}/resend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(resent.status, 200);
    const newLink = invitationLink(messaging, 'replaced@example.org');
    assert.notEqual(newLink, replaced.link);

    for (const link of [expired.link, revoked.link, replaced.link]) {
      const page = await new UserAgent(pv.issuer, 'sv').open(link);
      assert.equal(page.status, 410);
      assert.match(page.html, /Den här inbjudan kan inte användas längre/);
    }
    const fresh = await new UserAgent(pv.issuer, 'en').open(newLink);
    assert.equal(fresh.status, 200);
    assert.match(fresh.html, /Send code/);
    const unknown = await new UserAgent(pv.issuer, 'en').open(`${pv.issuer}/invitation/${'A'.repeat(43)}`);
    assert.equal(unknown.status, 410);
  });
});

describe('invitations completed with BankID', () => {
  let world: EidWorld;
  let messaging: Messaging;
  let pv: TestPortvakt;
  before(async () => {
    [world, messaging] = await Promise.all([startEidWorld(), startMessaging()]);
    pv = await startPortvakt({
      config: {
        ...world.config(),
        ...messaging.config,
        accounts: {
          organisations: ['Region Norr', 'Region Syd'],
          titles: [{ value: 'nurse', sv: 'Sjuksköterska', nb: 'Sykepleier', en: 'Nurse' }],
        },
        policies: {
          default: { methods: ['password'] },
          eid: { methods: ['bankid'], invitationCompletion: 'eid' },
          eidDetails: {
            methods: ['bankid'],
            invitationCompletion: 'eid',
            invitationDetails: ['organisation', 'title', 'phone'],
          },
        },
        clients: [
          { ...TEST_CLIENT, login_policy: 'eid' },
          {
            ...TEST_CLIENT,
            client_id: 'details-rp',
            redirect_uris: ['http://127.0.0.1:9/details'],
            login_policy: 'eidDetails',
          },
          { ...TEST_CLIENT, client_id: 'other-rp', redirect_uris: ['http://127.0.0.1:9/other'], login_policy: 'eid' },
        ],
      },
    });
  });
  after(async () => {
    await pv?.close();
    await Promise.all([world?.close(), messaging?.close()]);
  });

  async function inviteByCli(email: string, client = TEST_CLIENT.client_id): Promise<string> {
    let printed = '';
    await invitationsCommand(
      pv.portvakt,
      pv.config,
      {
        action: 'create',
        subject: email,
        values: { client, organisation: 'Region Norr', locale: 'en' },
      },
      createOutput(true, (text) => void (printed += text)),
    );
    const result = JSON.parse(printed) as { id: string; state: string; email_sent: boolean };
    assert.equal(result.state, 'pending');
    assert.equal(result.email_sent, true);
    return invitationLink(messaging, email);
  }

  async function identify(agent: UserAgent, page: Page, personalNumber: string): Promise<Page> {
    assert.match(page.html, /identify yourself with an e-ID/);
    const status = await agent.submit(page, '/eid/start', { flow: 'qr' });
    assert.match(
      status.html,
      /<noscript><meta http-equiv="refresh" content="2"><\/noscript>/,
      'the status page refreshes itself without JavaScript, and only then (WCAG 2.2.1)',
    );
    assert.doesNotMatch(status.html.replace(/<noscript>.*?<\/noscript>/gs, ''), /http-equiv="refresh"/);
    const poll = /data-eid-status="([^"]+)"/.exec(status.html)?.[1] ?? assert.fail('no status for the script');
    const live = (await (
      await fetch(new URL(poll, pv.issuer), { headers: { cookie: agent.cookieHeader() } })
    ).json()) as {
      state: string;
      qrContent?: string;
    };
    assert.equal(live.state, 'pending', 'the script asks instead');
    assert.ok(live.qrContent, 'with the current QR code');
    const qr = /data-qr-content="([^"]+)"/.exec(status.html)?.[1] ?? assert.fail(status.html);
    world.bankid.app.scanQr(qr, personalNumber).approve();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const next = await agent.open(status.url);
      if (!next.html.includes('/cancel')) return next;
    }
    throw new Error('the order never finished');
  }

  test('an invitation made with the CLI creates an account with the verified identity number', async () => {
    const email = 'astrid@example.org';
    const link = await inviteByCli(email);
    assert.match(messaging.outbox.list({ to: email })[0]!.text, /Region Norr has invited you/);
    const agent = new UserAgent(pv.issuer, 'en');
    const choice = await proveAddress(agent, messaging, link, email);
    const ready = await identify(agent, choice, ASTRID);
    assert.match(ready.html, /You are ready/);
    const account = await pv.portvakt.accounts.findByIdentity('se_personal_number', ASTRID);
    assert.equal(account?.givenName, 'Astrid');
    assert.equal(account?.familyName, 'Lindqvist');
    assert.equal(account?.organisation, 'Region Norr');
    assert.ok(account?.identities.some((identity) => identity.type === 'se_personal_number' && identity.verified));
    assert.ok(
      account?.identities.some(
        (identity) => identity.type === 'email' && identity.value === email && identity.verified,
      ),
    );
    assert.equal((await agent.open(link)).status, 410, 'single use');

    // The eID just proved her: the service's next login in this browser needs nothing more.
    assert.match(ready.html, /You have already identified yourself/);
    const copied = new UserAgent(pv.issuer, 'en');
    copied.adoptCookies(agent);
    const rp = await discover(pv.issuer);
    const login = async (browser: UserAgent) => {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(rp, {
        redirect_uri: TEST_CLIENT.redirect_uris[0]!,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      return { page: await browser.open(url.toString()), verifier };
    };
    const straight = await login(agent);
    assert.match(straight.page.url, /^http:\/\/127\.0\.0\.1:9\/callback\?code=/, 'no second identification');
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(straight.page.url), {
      pkceCodeVerifier: straight.verifier,
    });
    assert.equal(tokens.claims()!.sub, account!.id);
    assert.equal(tokens.claims()!.acr, 'http://id.elegnamnden.se/loa/1.0/loa3');
    // Taken once: a copy of the cookie made before that login is worth nothing after it.
    const replay = await login(copied);
    assert.match(replay.page.url, /\/interaction\//, 'the copy meets the login screen');
  });

  test('the details the eID does not give are asked for after it, checked, and the login goes straight on', async () => {
    const email = 'olof@example.org';
    const link = await inviteByCli(email, 'details-rp');
    const agent = new UserAgent(pv.issuer, 'en');
    const form = await identify(agent, await proveAddress(agent, messaging, link, email), '198810090665');
    assert.equal(new URL(form.url).pathname, '/invitation/details');
    assert.match(form.html, /A few more details/);
    assert.match(form.html, /<option value="nurse">Nurse<\/option>/, 'titles in the screen’s language');
    const wrong = await agent.submit(form, '/invitation/details', {
      organisation: 'Region Öst',
      title: 'nurse',
      phone: '08-123 456 78',
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /Choose your organisation from the list/);
    assert.match(wrong.html, /id="phone-error"/);
    assert.match(wrong.html, /value="08-123 456 78"/, 'what was typed stays');
    const done = await agent.submit(wrong, '/invitation/details', {
      organisation: 'Region Syd',
      title: 'nurse',
      phone: '070-123 45 11',
    });
    assert.match(done.html, /You are ready/);
    const account = (await pv.portvakt.accounts.findByIdentity('se_personal_number', '198810090665'))!;
    assert.deepEqual([account.organisation, account.title], ['Region Syd', 'nurse']);
    assert.deepEqual(await pv.portvakt.secondFactors.phoneNumbers(account.id), ['+46701234511']);
    // Done once: the form cannot be sent again, from this browser or any other.
    const again = await agent.open(`${pv.issuer}/invitation/details`);
    assert.equal(again.status, 410);
    // And the login at the inviting service goes straight on.
    const rp = await discover(pv.issuer, 'details-rp');
    const straight = await agent.open(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: 'http://127.0.0.1:9/details',
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.match(straight.url, /^http:\/\/127\.0\.0\.1:9\/details\?code=/);
  });

  test('an identity number that already has an account links the invitation to it', async () => {
    const anna = (await pv.portvakt.accounts.findByIdentity('se_personal_number', ANNA_PNR))!;
    const email = 'anna.work@example.org';
    const link = await inviteByCli(email);
    const agent = new UserAgent(pv.issuer, 'en');
    const ready = await identify(agent, await proveAddress(agent, messaging, link, email), ANNA_PNR);
    assert.match(ready.html, /You are ready/);
    // The proof names the inviting client: another service's login in this browser asks as usual.
    const other = await discover(pv.issuer, 'other-rp');
    const elsewhere = await agent.open(
      oidc
        .buildAuthorizationUrl(other, {
          redirect_uri: 'http://127.0.0.1:9/other',
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.match(elsewhere.url, /\/interaction\//, 'no login for a client the invitation was not for');
    const { rows } = await pv.portvakt.db.query<{ account_id: string; state: string }>(
      'SELECT account_id, state FROM invitations WHERE email = $1',
      [email],
    );
    assert.deepEqual(rows[0], { account_id: anna.id, state: 'accepted' });
    const after = await pv.portvakt.accounts.findById(anna.id);
    assert.ok(
      after?.identities.some((identity) => identity.type === 'email' && identity.value === email && identity.verified),
      'the invited address joins the account',
    );
    assert.equal(
      (await pv.portvakt.accounts.findAllByIdentity('se_personal_number', ANNA_PNR)).length,
      1,
      'no second account',
    );
  });
});
