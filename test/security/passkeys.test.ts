// Passkeys as an attacker would try them, over plain HTTP with a software authenticator (real keys,
// real signatures): a replayed answer, an answer to another login's challenge, one without user
// verification, one relayed through a phishing origin, a passkey made for another site, a cloned
// authenticator whose counter goes backwards, another account's passkey as a second factor, and a
// password alone trying to bind a passkey. Each is refused and audited; the honest path logs in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { holderOf, PasskeyCeremony, relyingPartyOf } from '../../src/accounts/passkey-ceremony.ts';
import { WebAuthnChallenges } from '../../src/security/webauthn-challenges.ts';
import { assuranceShortfall } from '../../src/provider/assurance-gate.ts';
import { validateConfig } from '../../src/config/load.ts';
import { ACR } from '../../src/provider/vocabulary.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { assert as answer, createCredential, type SoftCredential } from '../support/soft-authenticator.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const CALLBACK = 'http://127.0.0.1:9/callback';

describe('passkeys under attack', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let secondRp: oidc.Configuration;
  let origin: string;
  const keys: Record<string, SoftCredential> = {};

  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        policies: {
          default: { methods: ['passkey', 'password'] },
          second: { methods: ['password'], secondFactor: 'always', secondFactors: ['passkey', 'email'] },
          phr: {
            methods: ['passkey', 'password'],
            secondFactors: ['email', 'passkey'],
            requirePhishingResistant: true,
          },
        },
        clients: [
          TEST_CLIENT,
          { ...TEST_CLIENT, client_id: 'second-rp', redirect_uris: [CALLBACK], login_policy: 'second' },
          { ...TEST_CLIENT, client_id: 'phr-rp', redirect_uris: [CALLBACK], login_policy: 'phr' },
        ],
      },
    });
    origin = new URL(pv.issuer).origin;
    rp = await discover(pv.issuer);
    secondRp = await discover(pv.issuer, 'second-rp');
    for (const username of ['anna', 'bjorn']) keys[username] = await registerPasskey(username);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  /** Registers a passkey through the real ceremony, as the account page would after a fresh second factor. */
  async function registerPasskey(username: string, rpId?: string): Promise<SoftCredential> {
    const account = (await pv.portvakt.accounts.findByLoginName(username))!;
    const ceremony = new PasskeyCeremony(
      relyingPartyOf(pv.issuer),
      pv.portvakt.passkeys,
      new WebAuthnChallenges(pv.portvakt.db),
    );
    const options = await ceremony.registrationOptions(`account:${account.id}`, holderOf(account));
    const { credential, response } = createCredential(options, { origin, rpId: rpId ?? options.rp.id });
    const outcome = await ceremony.verifyRegistration(
      `account:${account.id}`,
      account.id,
      response,
      `${username}'s key`,
    );
    assert.equal(outcome.kind, 'registered', JSON.stringify(outcome));
    if (outcome.kind === 'registered') assert.ok(await pv.portvakt.passkeys.add(outcome.passkey));
    return credential;
  }

  async function startLogin(
    config = rp,
    params: Record<string, string> = {},
  ): Promise<{ agent: UserAgent; page: Page; base: string; verifier: string }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...params,
    });
    const page = await agent.open(url.toString());
    const base = /\/interaction\/[^/?#]+/.exec(new URL(page.url).pathname)![0];
    return { agent, page, base, verifier };
  }

  async function challengeFor(
    agent: UserAgent,
    page: Page,
    optionsPath: string,
  ): Promise<{ challenge: string; allowCredentials?: { id: string }[] }> {
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.html)![1]!;
    const response = await agent.open(optionsPath, { method: 'POST', form: { csrf } });
    assert.equal(response.status, 200, response.html);
    return JSON.parse(response.html);
  }

  async function passkeyLogin(credential: SoftCredential, tamper: Parameters<typeof answer>[2] = { origin }) {
    const login = await startLogin();
    const screen = await login.agent.open(`${login.base}/passkey`);
    const options = await challengeFor(login.agent, screen, `${login.base}/passkey/options`);
    const signed = answer(credential, options, tamper);
    const result = await login.agent.submit(screen, `${login.base}/passkey`, { credential: JSON.stringify(signed) });
    return { ...login, screen, signed, result };
  }

  async function refusalsFor(reason: string): Promise<number> {
    const failures = await pv.portvakt.audit.find({
      type: ['login.passkey', 'login.second_factor'],
      outcome: 'failure',
    });
    return failures.filter((event) => event.detail.reason === reason || event.detail.outcome === reason).length;
  }

  test('the honest passkey logs in with no username, and the ID token says how (RFC 8176)', async () => {
    const { result, verifier } = await passkeyLogin(keys.anna!);
    const callback = new URL(result.url);
    assert.ok(callback.searchParams.get('code'), result.html);
    const tokens = await oidc.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: verifier });
    const claims = tokens.claims()!;
    assert.deepEqual([...(claims.amr as string[])].sort(), ['hwk', 'mfa', 'phr', 'user']);
    assert.equal(claims.acr, ACR.loa2, 'the policy left passkeyAcr at loa2');
    const anna = await pv.portvakt.accounts.findByLoginName('anna');
    assert.equal(claims.sub, anna!.id);
  });

  test('an answer replayed, in the same login or in another, is refused: the challenge was taken', async () => {
    const first = await passkeyLogin(keys.anna!);
    assert.ok(new URL(first.result.url).searchParams.get('code'));
    const before = await refusalsFor('no_challenge');
    const again = await first.agent.open(`${first.base}/passkey`);
    assert.notEqual(again.status, 200, 'the finished login is gone');
    const other = await startLogin();
    const screen = await other.agent.open(`${other.base}/passkey`);
    // The other login never asked for a challenge, so the replayed one has nothing to meet.
    const replayed = await other.agent.submit(screen, `${other.base}/passkey`, {
      credential: JSON.stringify(first.signed),
    });
    assert.equal(replayed.status, 400);
    assert.match(replayed.html, /could not be accepted/);
    assert.equal(await refusalsFor('no_challenge'), before + 1);
  });

  test("an answer to another login's challenge is refused in this one", async () => {
    const victim = await startLogin();
    const victimScreen = await victim.agent.open(`${victim.base}/passkey`);
    const victimOptions = await challengeFor(victim.agent, victimScreen, `${victim.base}/passkey/options`);
    const attacker = await startLogin();
    const attackerScreen = await attacker.agent.open(`${attacker.base}/passkey`);
    await challengeFor(attacker.agent, attackerScreen, `${attacker.base}/passkey/options`);
    const signedForVictim = answer(keys.anna!, victimOptions, { origin });
    const result = await attacker.agent.submit(attackerScreen, `${attacker.base}/passkey`, {
      credential: JSON.stringify(signedForVictim),
    });
    assert.equal(result.status, 400);
    assert.equal(new URL(result.url).searchParams.get('code'), null);
  });

  test('without user verification (a tap, no PIN or biometric) the passkey is refused', async () => {
    const before = await refusalsFor('user_verification');
    const { result } = await passkeyLogin(keys.anna!, { origin, userVerified: false });
    assert.equal(result.status, 400);
    assert.equal(await refusalsFor('user_verification'), before + 1);
  });

  test('an answer relayed through a phishing origin is refused', async () => {
    const before = await refusalsFor('origin');
    const { result } = await passkeyLogin(keys.anna!, { origin: 'https://portvakt-login.example' });
    assert.equal(result.status, 400);
    assert.equal(await refusalsFor('origin'), before + 1);
  });

  test('a passkey registered for another site is refused, even presented at our origin', async () => {
    const foreign = createCredential(
      { challenge: 'x', rp: { id: 'other.example' }, user: { id: keys.anna!.userHandle } },
      { origin: 'https://other.example' },
    ).credential;
    foreign.id = keys.anna!.id; // claims to be Anna's credential, but its key and rpId are not ours
    const { result } = await passkeyLogin(foreign, { origin });
    assert.equal(result.status, 400);
    const signedForOtherRp = await passkeyLogin(keys.anna!, { origin, rpId: 'other.example' });
    assert.equal(signedForOtherRp.result.status, 400, 'an rpId hash that is not ours fails verification');
  });

  test('a cloned authenticator, its counter going backwards, is refused and audited as such', async () => {
    const before = await refusalsFor('cloned');
    const honest = await passkeyLogin(keys.bjorn!);
    assert.ok(new URL(honest.result.url).searchParams.get('code'), honest.result.html);
    const stored = await pv.portvakt.passkeys.find(keys.bjorn!.id);
    const clone = await passkeyLogin(keys.bjorn!, { origin, counter: stored!.counter - 1 });
    assert.equal(clone.result.status, 400);
    const same = await passkeyLogin(keys.bjorn!, { origin, counter: stored!.counter });
    assert.equal(same.result.status, 400, 'a counter that stands still is a clone too');
    assert.equal(await refusalsFor('cloned'), before + 2);
    assert.equal(
      (await pv.portvakt.passkeys.find(keys.bjorn!.id))!.counter,
      stored!.counter,
      'the stored counter does not move back',
    );
  });

  test("another account's passkey cannot be the second factor after this account's password", async () => {
    const login = await startLogin(secondRp);
    const afterPassword = await login.agent.submit(login.page, '/password', {
      username: 'anna',
      password: DEMO_PASSWORD,
    });
    const screen = await login.agent.open(`${login.base}/second-factor/passkey`);
    assert.equal(screen.status, 200, afterPassword.html);
    const options = await challengeFor(login.agent, screen, `${login.base}/second-factor/passkey/options`);
    assert.deepEqual(
      options.allowCredentials?.map((credential) => credential.id),
      [keys.anna!.id],
      'only her own passkeys are asked for',
    );
    const before = await refusalsFor('wrong_account');
    const result = await login.agent.submit(screen, `${login.base}/second-factor/passkey`, {
      credential: JSON.stringify(answer(keys.bjorn!, options, { origin })),
    });
    assert.equal(result.status, 400);
    assert.equal(await refusalsFor('wrong_account'), before + 1);
  });

  test('her own passkey after her password is a phishing-resistant second factor', async () => {
    const login = await startLogin(secondRp);
    await login.agent.submit(login.page, '/password', { username: 'anna', password: DEMO_PASSWORD });
    const screen = await login.agent.open(`${login.base}/second-factor/passkey`);
    const options = await challengeFor(login.agent, screen, `${login.base}/second-factor/passkey/options`);
    const result = await login.agent.submit(screen, `${login.base}/second-factor/passkey`, {
      credential: JSON.stringify(answer(keys.anna!, options, { origin })),
    });
    const callback = new URL(result.url);
    const tokens = await oidc.authorizationCodeGrant(secondRp, callback, { pkceCodeVerifier: login.verifier });
    assert.deepEqual([...(tokens.claims()!.amr as string[])].sort(), ['hwk', 'mfa', 'phr', 'pwd', 'user']);
  });

  test('a passkey screen cannot be reached for a client whose policy has no passkeys, nor out of order', async () => {
    const login = await startLogin(secondRp);
    assert.equal((await login.agent.open(`${login.base}/passkey`)).status, 404, 'not among this client’s methods');
    assert.equal((await login.agent.open(`${login.base}/second-factor/passkey`)).status, 404, 'no password proven yet');
    assert.equal((await login.agent.open(`${login.base}/passkey-offer`)).status, 404, 'no offer was made');
  });

  test('a client that requires phishing resistance: the gate sends a password session to its passkey, and an e-mail code does not do', async () => {
    const phrRp = await discover(pv.issuer, 'phr-rp');
    // A password session made for the other client, as single sign-on would find it.
    const login = await startLogin();
    const done = await login.agent.submit(await login.agent.open(`${login.base}/password`), '/password', {
      username: 'anna',
      password: DEMO_PASSWORD,
    });
    assert.ok(new URL(done.url).searchParams.get('code'));
    const silent = await login.agent.open(
      oidc
        .buildAuthorizationUrl(phrRp, {
          redirect_uri: CALLBACK,
          scope: 'openid',
          prompt: 'none',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.equal(new URL(silent.url).searchParams.get('error'), 'login_required', 'no code for a password session');
    const verifier = oidc.randomPKCECodeVerifier();
    const step = await login.agent.open(
      oidc
        .buildAuthorizationUrl(phrRp, {
          redirect_uri: CALLBACK,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.match(
      new URL(step.url).pathname,
      /\/second-factor\/passkey$/,
      'straight to the passkey, the only factor that makes it phishing-resistant',
    );
    assert.doesNotMatch(step.html, /E-mail to/);
    const base = /\/interaction\/[^/?#]+/.exec(new URL(step.url).pathname)![0];
    const choose = await login.agent.open(`${base}/second-factor/choose`, {
      method: 'POST',
      form: { csrf: /name="csrf" value="([^"]+)"/.exec(step.html)![1]!, factor: 'email' },
    });
    assert.doesNotMatch(choose.url, /code=/, 'an e-mail code is not among the choices');
    const options = await challengeFor(login.agent, step, `${base}/second-factor/passkey/options`);
    const result = await login.agent.submit(step, `${base}/second-factor/passkey`, {
      credential: JSON.stringify(answer(keys.anna!, options, { origin })),
    });
    const tokens = await oidc.authorizationCodeGrant(phrRp, new URL(result.url), { pkceCodeVerifier: verifier });
    assert.ok((tokens.claims()!.amr as string[]).includes('phr'));
  });

  test('the gate as a function: only phr satisfies a phishing-resistant policy', () => {
    const policy = validateConfig({
      policies: {
        default: {
          methods: ['passkey', 'password', 'bankid'],
          secondFactors: ['totp', 'passkey'],
          requirePhishingResistant: true,
        },
      },
    }).policies.default!;
    const request = { ip: '192.0.2.1', requestedAcrs: [], noticeAccepted: true };
    assert.equal(
      assuranceShortfall(policy, { acr: ACR.loa3, amr: ['swk', 'mfa'] }, request),
      'phishing_resistant',
      'BankID is not phishing-resistant: its start can be relayed',
    );
    assert.equal(
      assuranceShortfall(policy, { acr: ACR.loa2, amr: ['pwd', 'otp', 'mfa'] }, request),
      'second_factor',
      'a password and an app code: the passkey step still runs',
    );
    assert.equal(
      assuranceShortfall(policy, { acr: ACR.loa2, amr: ['pwd', 'hwk', 'user', 'mfa', 'phr'] }, request),
      undefined,
    );
    assert.equal(assuranceShortfall(policy, { acr: ACR.loa2, amr: ['swk', 'user', 'mfa', 'phr'] }, request), undefined);
    assert.throws(
      () =>
        validateConfig({
          policies: { default: { methods: ['password'], secondFactors: ['totp'], requirePhishingResistant: true } },
        }),
      /requirePhishingResistant needs passkey/,
    );
  });

  test('a malformed answer gets a clear refusal, not an error page', async () => {
    const login = await startLogin();
    const screen = await login.agent.open(`${login.base}/passkey`);
    await challengeFor(login.agent, screen, `${login.base}/passkey/options`);
    for (const credential of [
      '',
      'not json',
      '{"id":"x","type":"public-key"}',
      JSON.stringify({ ...answer(keys.anna!, { challenge: 'x' }, { origin }), rawId: 'other' }),
    ]) {
      const result = await login.agent.submit(screen, `${login.base}/passkey`, { credential });
      assert.equal(result.status, 400, credential);
      assert.match(result.html, /could not be accepted/);
    }
  });
});
