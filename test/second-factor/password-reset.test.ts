// "Forgot your password?": an e-mail code proves the address, the new password must meet the
// client's rules, and the policy's second factor still follows. Nothing tells whether an address
// has an account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';

describe('password reset by e-mail', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        policies: {
          default: {
            methods: ['password'],
            passwordRules: { requireUpper: true, requireDigit: true, requireSymbol: true },
          },
        },
        clients: [TEST_CLIENT],
      },
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function resetPage() {
    const agent = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const login = await agent.open(url.toString());
    assert.match(login.html, /Have an invitation or forgot your password\?/);
    return { agent, verifier, page: await agent.open(`${login.url}/reset`) };
  }

  test('an unknown address gets the same answer and no mail', async () => {
    const { agent, page } = await resetPage();
    const answer = await agent.submit(page, '/password/reset', { email: 'nobody@example.org' });
    assert.match(answer.html, /If there is an account with nobody@example\.org, we sent a code there/);
    assert.equal(messaging.outbox.list({ to: 'nobody@example.org' }).length, 0);
  });

  test('the code proves the address; every broken rule is named; the new password logs in', async () => {
    const { agent, verifier, page } = await resetPage();
    const sent = await agent.submit(page, '/password/reset', { email: 'Anna.Andersson@example.org' });
    assert.match(sent.html, /If there is an account with anna\.andersson@example\.org/);
    let code = '';
    for (let attempt = 0; attempt < 50 && !code; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      try {
        code = messaging.latestCode('anna.andersson@example.org');
      } catch {
        // The mail is sent after the answer, so it may take a moment.
      }
    }
    const mail = messaging.outbox.list({ to: 'anna.andersson@example.org' })[0]!;
    assert.match(mail.subject ?? '', /^Reset your password for /, 'the e-mail says it is a password reset');
    assert.match(mail.text, /Your current password works until you choose a new one/);
    const form = await agent.submit(sent, '/password/reset/code', { code });
    assert.match(form.html, /At least one upper-case letter/, 'the rules are shown before typing');
    const mistyped = await agent.submit(form, '/password/reset/new', {
      password: 'Rödbetor-och-7-kål',
      password_repeat: 'Rödbetor-och-7-kal',
    });
    assert.equal(mistyped.status, 400);
    assert.match(mistyped.html, /The passwords in the two fields are not the same/);
    assert.match(mistyped.html, /id="password-repeat"[^>]*aria-invalid="true"/);
    const weak = await agent.submit(mistyped, '/password/reset/new', {
      password: 'password',
      password_repeat: 'password',
    });
    assert.match(weak.html, /does not meet/);
    for (const rule of [/Not a common or leaked password/, /upper-case/, /At least one digit/, /special character/])
      assert.match(weak.html, rule);
    const done = await agent.submit(weak, '/password/reset/new', {
      password: 'Rödbetor-och-7-kål',
      password_repeat: 'Rödbetor-och-7-kål',
    });
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(done.url), { pkceCodeVerifier: verifier });
    assert.deepEqual(tokens.claims()!.amr, ['pwd']);
    const fresh = new UserAgent(pv.issuer, 'en');
    const login = await fresh.open(
      oidc
        .buildAuthorizationUrl(rp, {
          redirect_uri: 'http://127.0.0.1:9/callback',
          scope: 'openid',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    const old = await fresh.submit(login, '/password', { username: 'anna', password: 'Demo-Portvakt-2026' });
    assert.match(old.html, /not correct/, 'the old password no longer works');
    const next = await fresh.submit(old, '/password', { username: 'anna', password: 'Rödbetor-och-7-kål' });
    assert.ok(new URL(next.url).searchParams.get('code'), 'the new one does');
  });
});
