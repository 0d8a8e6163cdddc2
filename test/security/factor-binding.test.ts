// Binding a factor needs a factor: a password alone cannot enrol an authenticator where the
// client's policy does not accept one, nor on an account that already has a second factor, and
// so cannot turn itself into a two-factor login.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const VERIFIER = oidc.randomPKCECodeVerifier();

describe('enrolling an authenticator after a password', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  const rps: Record<string, oidc.Configuration> = {};
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        policies: {
          default: { methods: ['password'] },
          codes: { methods: ['password'], secondFactor: 'always', secondFactors: ['sms', 'email'] },
          authenticator: { methods: ['password'], secondFactor: 'always', secondFactors: ['totp'] },
        },
        clients: [
          TEST_CLIENT,
          ...['codes', 'authenticator'].map((name) => ({
            ...TEST_CLIENT,
            client_id: `${name}-rp`,
            redirect_uris: [`http://127.0.0.1:9/${name}`],
            login_policy: name,
          })),
        ],
      },
    });
    for (const name of ['codes', 'authenticator']) rps[name] = await discover(pv.issuer, `${name}-rp`);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function afterPassword(
    name: string,
    username: string,
  ): Promise<{ agent: UserAgent; page: Page; base: string }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rps[name]!, {
      redirect_uri: `http://127.0.0.1:9/${name}`,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(VERIFIER),
      code_challenge_method: 'S256',
    });
    const page = await agent.submit(await agent.open(url.toString()), '/password', {
      username,
      password: DEMO_PASSWORD,
    });
    const base = new URL(page.url).pathname.replace(/\/second-factor.*$/, '');
    return { agent, page, base };
  }

  async function authenticators(username: string): Promise<number> {
    const { rows } = await pv.portvakt.db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM credentials c JOIN identities i ON i.account_id = c.account_id WHERE c.type = 'totp' AND i.type = 'username' AND i.value = $1",
      [username],
    );
    return rows[0]!.count;
  }

  async function refusals(): Promise<number> {
    return (await pv.portvakt.audit.find({ type: 'totp.enrolled', outcome: 'failure' })).length;
  }

  test('where the policy accepts only codes, the enrolment screens are closed', async () => {
    const { agent, page, base } = await afterPassword('codes', 'bjorn');
    assert.match(page.url, /\/second-factor$/);
    const before = await refusals();
    const enrol = await agent.open(`${base}/second-factor/enrol`);
    assert.doesNotMatch(enrol.html, /name="code"[^>]*autocomplete="one-time-code"[\s\S]*secret/i);
    assert.match(new URL(enrol.url).pathname, /\/second-factor$/, 'sent back to the factors the account has');
    const posted = await agent.open(`${base}/second-factor/enrol`, {
      method: 'POST',
      form: { csrf: hidden(page.html, 'csrf'), code: '123456' },
    });
    assert.match(new URL(posted.url).pathname, /\/second-factor$/);
    const done = await agent.open(`${base}/second-factor/done`, {
      method: 'POST',
      form: { csrf: hidden(page.html, 'csrf') },
    });
    assert.equal(new URL(done.url).searchParams.get('code'), null, 'no code for a password alone');
    assert.equal(await authenticators('bjorn'), 0);
    assert.ok((await refusals()) >= before + 2, 'each refusal is audited');
  });

  test('an account with phone numbers cannot bind an authenticator with a password alone', async () => {
    const { agent, page, base } = await afterPassword('authenticator', 'bjorn');
    assert.doesNotMatch(page.url, /\/enrol$/, 'not sent to enrolment');
    const enrol = await agent.open(`${base}/second-factor/enrol`);
    assert.doesNotMatch(new URL(enrol.url).pathname, /\/enrol$/);
    assert.equal(await authenticators('bjorn'), 0);
  });

  test('an account with phone numbers binds an authenticator only after a code to one of them, and that code alone logs nobody in', async () => {
    const { agent, page, base } = await afterPassword('authenticator', 'bjorn');
    assert.match(page.html, /First confirm it is you with a code to your phone/);
    const sent = await agent.submit(page, '/second-factor/choose', { factor: 'sms-1' });
    const wrongFirst = await agent.open(`${base}/second-factor/enrol`);
    assert.doesNotMatch(new URL(wrongFirst.url).pathname, /\/enrol$/, 'a code sent is not a code proven');
    const proven = await agent.submit(sent, '/second-factor/code', { code: messaging.latestCode('+46709876543') });
    assert.match(new URL(proven.url).pathname, /\/second-factor\/enrol$/, 'proven: now the authenticator');
    assert.equal(new URL(proven.url).searchParams.get('code'), null);
    const early = await agent.open(`${base}/second-factor/done`, {
      method: 'POST',
      form: { csrf: hidden(proven.html, 'csrf') },
    });
    assert.equal(
      new URL(early.url).searchParams.get('code'),
      null,
      'the SMS code the client does not accept finishes nothing',
    );
    const secret = /<code class="secret"[^>]*>([^<]+)<\/code>/.exec(proven.html)![1]!.replaceAll(' ', '');
    const codes = await agent.submit(proven, '/second-factor/enrol', { code: await generate({ secret }) });
    const done = await agent.submit(codes, '/second-factor/done');
    const back = new URL(done.url);
    assert.ok(back.searchParams.get('code'), done.html);
    const tokens = await oidc.authorizationCodeGrant(rps.authenticator!, back, { pkceCodeVerifier: VERIFIER });
    assert.deepEqual(tokens.claims()!.amr, ['pwd', 'otp', 'mfa']);
    assert.equal(await authenticators('bjorn'), 1);
    const notice = messaging.outbox
      .list({ to: '+46709876543' })
      .find((message) => /autentiseringsapp/.test(message.text));
    assert.ok(notice, 'the phones hear of the new authenticator');
  });

  test('an account with no second factor at all may enrol one right after the password', async () => {
    const { page } = await afterPassword('authenticator', 'anna');
    assert.match(page.url, /\/second-factor\/enrol$/);
  });
});

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(match, `hidden field ${name}`);
  return match[1]!;
}
