// Single sign-on cannot get around a client's policy: a session that proved a password alone at a
// client that needs nothing more gets no code from a client that needs a second factor, an
// authenticator, a privacy notice or a higher level; it is sent to log in instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent } from '../support/user-agent.ts';
import { assuranceShortfall } from '../../src/provider/assurance-gate.ts';
import { validateConfig } from '../../src/config/load.ts';

const text = (value: string) => ({ sv: value, nb: value, en: value });
const LOA = (level: number) => `http://id.elegnamnden.se/loa/1.0/loa${level}`;

const CLIENTS = {
  codes: { secondFactor: 'always', secondFactors: ['sms', 'email'] },
  authenticator: { secondFactor: 'always', secondFactors: ['totp'] },
  office: {
    secondFactor: 'outsideTrustedNetworks',
    secondFactors: ['sms', 'email'],
    trustedNetworks: ['192.0.2.0/24'],
  },
  notice: { privacyNotice: 'kommun' },
  strong: { minimumAcr: LOA(3) },
} as const;

describe('the assurance gate on single sign-on', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let open: oidc.Configuration;
  const rps: Record<string, oidc.Configuration> = {};
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        http: { trustedProxies: ['127.0.0.1'] },
        privacyNotices: {
          kommun: {
            version: '2026-1',
            controller: text('Kommunen'),
            purpose: text('Kurser'),
            legalBasis: text('Avtal'),
            retention: text('Två år'),
            rights: text('Tillgång'),
          },
        },
        policies: {
          default: { methods: ['password'] },
          ...Object.fromEntries(
            Object.entries(CLIENTS).map(([name, rules]) => [name, { methods: ['password', 'bankid'], ...rules }]),
          ),
        },
        clients: [
          TEST_CLIENT,
          ...Object.keys(CLIENTS).map((name) => ({
            ...TEST_CLIENT,
            client_id: `${name}-rp`,
            redirect_uris: [`http://127.0.0.1:9/${name}`],
            login_policy: name,
          })),
        ],
      },
    });
    open = await discover(pv.issuer);
    for (const name of Object.keys(CLIENTS)) rps[name] = await discover(pv.issuer, `${name}-rp`);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  /** A browser with a password-only session from the client that needs nothing more. */
  async function passwordSession(username = 'bjorn', forwardedFor?: string): Promise<UserAgent> {
    const agent = new UserAgent(
      pv.issuer,
      'en',
      forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : undefined,
    );
    const { tokens } = await loginWithPassword(open, { issuer: pv.issuer, username, agent });
    assert.deepEqual(tokens.claims()!.amr, ['pwd']);
    return agent;
  }

  function authorizationUrl(name: string, params: Record<string, string> = {}): string {
    return oidc
      .buildAuthorizationUrl(rps[name]!, {
        redirect_uri: `http://127.0.0.1:9/${name}`,
        scope: 'openid',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
        ...params,
      })
      .toString();
  }

  async function codesIssued(): Promise<number> {
    const { rows } = await pv.portvakt.db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM oidc_payloads WHERE kind = 'AuthorizationCode' AND payload->>'clientId' <> 'test-rp'",
    );
    return rows[0]!.count;
  }

  for (const name of Object.keys(CLIENTS)) {
    test(`a password-only session gets no code from the ${name} client: it is asked to log in`, async () => {
      const agent = await passwordSession(name === 'authenticator' ? 'anna' : 'bjorn');
      const before = await codesIssued();
      const page = new URL((await agent.open(authorizationUrl(name))).url);
      assert.equal(page.searchParams.get('code'), null, `no code: ${page}`);
      // Asked to log in, or (no method here reaches loa3) refused with the standard error.
      if (name === 'strong') assert.equal(page.searchParams.get('error'), 'unmet_authentication_requirements');
      else assert.match(page.pathname, /^\/interaction\//);
      assert.equal(await codesIssued(), before);
    });

    test(`with prompt=none the ${name} client gets login_required, not a code`, async () => {
      const agent = await passwordSession(name === 'authenticator' ? 'anna' : 'bjorn');
      const page = await agent.open(authorizationUrl(name, { prompt: 'none' }));
      const back = new URL(page.url);
      assert.equal(back.origin + back.pathname, `http://127.0.0.1:9/${name}`);
      assert.equal(back.searchParams.get('error'), 'login_required');
      assert.equal(back.searchParams.get('code'), null);
    });
  }

  test('a voluntary acr_values above what the session proved is not skipped by single sign-on', async () => {
    const agent = await passwordSession();
    const page = await agent.open(
      oidc
        .buildAuthorizationUrl(open, {
          redirect_uri: TEST_CLIENT.redirect_uris[0]!,
          scope: 'openid',
          acr_values: LOA(2),
          prompt: 'none',
        })
        .toString(),
    );
    assert.equal(new URL(page.url).searchParams.get('error'), 'login_required');
  });

  test('from a trusted network the office client accepts the password session; from elsewhere it does not', async () => {
    const agent = await passwordSession('bjorn', '192.0.2.10');
    const inside = new URL((await agent.open(authorizationUrl('office', { prompt: 'none' }))).url);
    assert.ok(inside.searchParams.get('code'), 'the office network is the proof the policy asks for');
    // The same browser session, now from outside the office network.
    const outside = new UserAgent(pv.issuer, 'en', { headers: { 'x-forwarded-for': '198.51.100.7' } });
    outside.adoptCookies(agent);
    const away = new URL((await outside.open(authorizationUrl('office', { prompt: 'none' }))).url);
    assert.equal(away.searchParams.get('error'), 'login_required');
  });

  /** Follows the login to its end and exchanges the code. */
  async function tokensAfter(name: string, page: { url: string }, verifier: string) {
    const back = new URL(page.url);
    assert.equal(back.origin + back.pathname, `http://127.0.0.1:9/${name}`, `the login ended at ${page.url}`);
    return oidc.authorizationCodeGrant(rps[name]!, back, { pkceCodeVerifier: verifier });
  }

  async function pkceUrl(name: string, params: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rps[name]!, {
      redirect_uri: `http://127.0.0.1:9/${name}`,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...params,
    });
    return { url: url.toString(), verifier };
  }

  test('a password session short of a second factor goes straight to it, and the session keeps its first login time', async () => {
    const agent = await passwordSession('bjorn');
    const first = (
      await pv.portvakt.db.query<{ login_ts: string }>(
        "SELECT payload->>'loginTs' AS login_ts FROM oidc_payloads WHERE kind = 'Session' AND payload->>'accountId' = (SELECT account_id::text FROM identities WHERE type = 'username' AND value = 'bjorn') ORDER BY expires_at DESC LIMIT 1",
      )
    ).rows[0]!.login_ts;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { url, verifier } = await pkceUrl('codes');
    const step = await agent.open(url);
    assert.match(new URL(step.url).pathname, /\/second-factor$/, 'no password form: the missing step only');
    assert.doesNotMatch(step.html, /name="password"/);
    const sent = step.html.includes('/second-factor/choose')
      ? await agent.submit(step, '/second-factor/choose', { factor: 'sms-0' })
      : step;
    const done = await agent.submit(sent, '/second-factor/code', { code: messaging.latestCode('+46701234567') });
    const claims = (await tokensAfter('codes', done, verifier)).claims()!;
    assert.equal(claims.acr, LOA(2));
    assert.deepEqual(claims.amr, ['pwd', 'sms', 'mfa']);
    assert.equal(String(claims.auth_time), first, 'auth_time is when the person first authenticated, for max_age');
  });

  test('a session short only of the privacy notice is shown the notice, and nothing else', async () => {
    const agent = await passwordSession('bjorn');
    const { url, verifier } = await pkceUrl('notice');
    const notice = await agent.open(url);
    assert.match(new URL(notice.url).pathname, /\/privacy-notice$/);
    const done = await agent.submit(notice, '/privacy-notice', {});
    const claims = (await tokensAfter('notice', done, verifier)).claims()!;
    assert.deepEqual([claims.acr, claims.amr], [LOA(1), ['pwd']], 'what the session proved, unchanged');
  });

  test('prompt=login and a level no factor reaches still mean a whole new login', async () => {
    const agent = await passwordSession('bjorn');
    const again = await agent.open((await pkceUrl('codes', { prompt: 'login' })).url);
    assert.match(again.html, /name="password"/, 'prompt=login asks for the password again');
    const strong = new URL((await agent.open((await pkceUrl('strong')).url)).url);
    assert.equal(
      strong.searchParams.get('error'),
      'unmet_authentication_requirements',
      'loa3 is not a step to add to a password',
    );
  });

  test('a client that needs nothing more still gets its code at once (single sign-on keeps working)', async () => {
    const agent = await passwordSession();
    const page = await agent.open(
      oidc
        .buildAuthorizationUrl(open, { redirect_uri: TEST_CLIENT.redirect_uris[0]!, scope: 'openid', prompt: 'none' })
        .toString(),
    );
    assert.ok(new URL(page.url).searchParams.get('code'));
  });
});

describe('assuranceShortfall, the gate as a function', () => {
  const config = validateConfig({
    issuer: 'http://127.0.0.1:1',
    secretKey: Buffer.alloc(32, 1).toString('base64'),
    policies: {
      default: { methods: ['password'] },
      always: { methods: ['password'], secondFactor: 'always', secondFactors: ['sms'] },
      strong: { methods: ['bankid'], minimumAcr: LOA(3) },
      totp: { methods: ['password'], secondFactor: 'always', secondFactors: ['totp'] },
    },
  });
  const request = { ip: '203.0.113.5', requestedAcrs: [] as string[], noticeAccepted: true };
  const cases: [
    string,
    string,
    { acr: string | undefined; amr: string[] },
    Partial<typeof request>,
    string | undefined,
  ][] = [
    ['password session, open client', 'default', { acr: LOA(1), amr: ['pwd'] }, {}, undefined],
    ['password session, second factor always', 'always', { acr: LOA(1), amr: ['pwd'] }, {}, 'second_factor'],
    ['two factors, second factor always', 'always', { acr: LOA(2), amr: ['pwd', 'sms', 'mfa'] }, {}, undefined],
    [
      'password session, loa2 requested',
      'default',
      { acr: LOA(1), amr: ['pwd'] },
      { requestedAcrs: [LOA(2)] },
      'second_factor',
    ],
    ['two factors, loa3 minimum', 'strong', { acr: LOA(2), amr: ['pwd', 'otp', 'mfa'] }, {}, 'minimum_acr'],
    ['eID, loa3 minimum', 'strong', { acr: LOA(3), amr: ['swk', 'mfa'] }, {}, undefined],
    ['no acr at all', 'default', { acr: undefined, amr: [] }, {}, 'minimum_acr'],
    [
      'notice not accepted',
      'default',
      { acr: LOA(3), amr: ['swk', 'mfa'] },
      { noticeAccepted: false },
      'privacy_notice',
    ],
    [
      'an SMS code where only an authenticator counts',
      'totp',
      { acr: LOA(2), amr: ['pwd', 'sms', 'mfa'] },
      {},
      'second_factor',
    ],
    [
      'an e-mail code where only an authenticator counts',
      'totp',
      { acr: LOA(2), amr: ['pwd', 'mfa'] },
      {},
      'second_factor',
    ],
    [
      'an authenticator where only an authenticator counts',
      'totp',
      { acr: LOA(2), amr: ['pwd', 'otp', 'mfa'] },
      {},
      undefined,
    ],
    [
      'an authenticator where only SMS counts',
      'always',
      { acr: LOA(2), amr: ['pwd', 'otp', 'mfa'] },
      {},
      'second_factor',
    ],
    ['an eID where a password client wants a code', 'always', { acr: LOA(3), amr: ['swk', 'mfa'] }, {}, undefined],
  ];
  for (const [title, policy, proof, overrides, expected] of cases) {
    test(title, () => {
      assert.equal(assuranceShortfall(config.policies[policy]!, proof, { ...request, ...overrides }), expected);
    });
  }
});
