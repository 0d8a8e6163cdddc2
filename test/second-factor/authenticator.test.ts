// Authenticator apps: enrolment as a required step when the client wants TOTP every time, then
// logins with the app's code, replay refused, and recovery codes that work once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

describe('authenticator app (TOTP)', () => {
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let secret = '';
  let recoveryCodes: string[] = [];
  before(async () => {
    pv = await startPortvakt({
      config: {
        policies: { default: { methods: ['password'], secondFactor: 'always', secondFactors: ['totp'] } },
        clients: [{ ...TEST_CLIENT, client_name: 'Datainsamling' }],
      },
    });
    rp = await discover(pv.issuer);
  });
  after(() => pv?.close());

  async function login() {
    const agent = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const page = await agent.submit(await agent.open(url.toString()), '/password', {
      username: 'anna',
      password: DEMO_PASSWORD,
    });
    return { agent, verifier, page };
  }

  test('a person without an authenticator enrols right after the password and sees recovery codes once', async () => {
    const { agent, verifier, page } = await login();
    assert.match(page.html, /Set up an authenticator app/);
    assert.match(page.html, /<svg/);
    secret = /<code class="secret"[^>]*>([^<]+)<\/code>/.exec(page.html)![1]!.replaceAll(' ', '');
    assert.match(secret, /^[A-Z2-7]{32}$/, '160-bit base32 key shown as text');
    const wrong = await agent.submit(page, '/second-factor/enrol', {
      code: '000000' === (await generate({ secret })) ? '111111' : '000000',
    });
    assert.match(wrong.html, /not correct/);
    const codes = await agent.submit(wrong, '/second-factor/enrol', { code: await generate({ secret }) });
    recoveryCodes = [...codes.html.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((match) => match[1]!);
    assert.equal(recoveryCodes.length, 10);
    const done = await agent.submit(codes, '/second-factor/done');
    const claims = (await oidc.authorizationCodeGrant(rp, new URL(done.url), { pkceCodeVerifier: verifier })).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
    const stored = await pv.portvakt.db.query<{ secret: string }>("SELECT secret FROM credentials WHERE type = 'totp'");
    assert.ok(!stored.rows[0]!.secret.includes(secret), 'the secret is encrypted at rest');
  });

  test('the next login asks for the app’s code and refuses the same code twice', async () => {
    // The enrolment used the current step; wait for a fresh one so this login has its own code.
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const first = await login();
    assert.match(first.page.html, /Code from your authenticator app/);
    const ahead = await first.agent.submit(first.page, '/second-factor/totp', { code });
    assert.ok(new URL(ahead.url).searchParams.get('code'), 'one step ahead is accepted for clock drift');
    const second = await login();
    const replay = await second.agent.submit(second.page, '/second-factor/totp', { code });
    assert.match(replay.html, /already used/);
  });

  test('a recovery code works once', async () => {
    const first = await login();
    const used = await first.agent.submit(first.page, '/second-factor/totp', { code: recoveryCodes[0]!.toLowerCase() });
    const claims = (
      await oidc.authorizationCodeGrant(rp, new URL(used.url), { pkceCodeVerifier: first.verifier })
    ).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'mfa']);
    const second = await login();
    const again = await second.agent.submit(second.page, '/second-factor/totp', { code: recoveryCodes[0]! });
    assert.match(again.html, /not correct/);
  });
});
