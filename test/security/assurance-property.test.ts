// One invariant, tried over random journeys: no authorization code is ever issued whose login does
// not satisfy that client's policy and that request. fast-check draws sequences of requests in one
// browser (client, network, acr_values, prompt, max_age, and how far the person goes: the password
// only, or every step), so single sign-on carries each login into the next. The oracle below is
// written from the policies' meaning, not from Portvakt's code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import type { ConfigInput } from '../../src/config/schema.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const LOA = (level: number) => `http://id.elegnamnden.se/loa/1.0/loa${level}`;
const text = (value: string) => ({ sv: value, nb: value, en: value });
const TRUSTED = '192.0.2.10';
const ELSEWHERE = '198.51.100.20';

/** What each client's policy demands, restated for the oracle. */
interface Rule {
  secondFactor?: 'always' | 'outside';
  /** The second factors that count, by what RFC 8176 lets an amr say: otp, sms, or e-mail (mfa alone). */
  accepts?: ('otp' | 'sms' | 'email')[];
  minimumLevel?: number;
  notice?: boolean;
}
const RULES: Record<string, Rule> = {
  open: {},
  codes: { secondFactor: 'always', accepts: ['sms', 'email'] },
  office: { secondFactor: 'outside', accepts: ['sms', 'email'] },
  authenticator: { secondFactor: 'always', accepts: ['otp'] },
  notice: { notice: true },
  strong: { minimumLevel: 3 },
};
const POLICIES = {
  open: { methods: ['password'] },
  codes: { methods: ['password'], secondFactor: 'always', secondFactors: ['sms', 'email'] },
  office: {
    methods: ['password'],
    secondFactor: 'outsideTrustedNetworks',
    secondFactors: ['sms', 'email'],
    trustedNetworks: ['192.0.2.0/24'],
  },
  authenticator: { methods: ['password'], secondFactor: 'always', secondFactors: ['totp'] },
  notice: { methods: ['password'], privacyNotice: 'kommun' },
  strong: { methods: ['password', 'bankid'], minimumAcr: LOA(3) },
} satisfies NonNullable<ConfigInput['policies']>;

interface Step {
  client: keyof typeof RULES;
  network: 'trusted' | 'elsewhere';
  acrValues: string[];
  prompt: 'none' | 'login' | undefined;
  maxAge: number | undefined;
  /** How far the person goes when asked: `password` stops before any second factor or notice. */
  effort: 'password' | 'everything';
}

const step: fc.Arbitrary<Step> = fc.record({
  client: fc.constantFrom(...(Object.keys(RULES) as (keyof typeof RULES)[])),
  network: fc.constantFrom('trusted' as const, 'elsewhere' as const),
  acrValues: fc.constantFrom([], [LOA(1)], [LOA(2)], [LOA(1), LOA(2)], [LOA(2), LOA(3)]),
  prompt: fc.constantFrom('none' as const, 'login' as const, undefined),
  maxAge: fc.constantFrom(undefined, 0, 3600),
  effort: fc.constantFrom('password' as const, 'everything' as const),
});

/** anna has an e-mail address and no phone (she may enrol an authenticator); bjorn has two phones. */
type Person = 'anna' | 'bjorn';

interface Issued {
  acr: string;
  amr: string[];
  authTime: number;
}

/** Why an issued login breaks the client's policy or the request; undefined when it does not. */
function violation(
  rule: Rule,
  request: Step,
  issued: Issued,
  startedAt: number,
  noticeAccepted: boolean,
): string | undefined {
  const level = [1, 2, 3, 4].find((n) => issued.acr === LOA(n));
  if (!level) return `unknown acr ${issued.acr}`;
  const shown = issued.amr.includes('otp')
    ? 'otp'
    : issued.amr.includes('sms')
      ? 'sms'
      : issued.amr.includes('mfa')
        ? 'email'
        : undefined;
  const mfa = shown !== undefined && (!rule.accepts || rule.accepts.includes(shown));
  if (rule.minimumLevel && level < rule.minimumLevel)
    return `acr ${level} below the client's minimum ${rule.minimumLevel}`;
  if (rule.secondFactor === 'always' && !mfa) return 'no second factor the client accepts, though it always wants one';
  if (rule.secondFactor === 'outside' && request.network !== 'trusted' && !mfa)
    return 'no second factor outside the trusted network';
  if (level >= 2 && !mfa && issued.amr.includes('pwd')) return 'a password alone claims loa2 or more';
  const floor = Math.min(...request.acrValues.map((value) => Number(value.slice(-1))));
  if (request.acrValues.length && level < floor) return `acr ${level} below every requested acr_values`;
  const started = Math.floor(startedAt / 1000);
  if (request.maxAge !== undefined && issued.authTime < started - request.maxAge - 1)
    return `auth_time ${issued.authTime} older than max_age ${request.maxAge}`;
  if (request.prompt === 'login' && issued.authTime < started - 1)
    return 'prompt=login answered without a new authentication';
  if (rule.notice && !noticeAccepted) return 'the privacy notice was never accepted';
  return undefined;
}

describe('no code without the policy: a property over random journeys', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  const rps: Record<string, oidc.Configuration> = {};
  const secrets = new Map<string, string>();

  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        http: { trustedProxies: ['127.0.0.1'] },
        oneTimeCodes: { sendsPerHour: 20, resendAfterSeconds: 10 },
        lockout: { maxFailures: 100 },
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
        policies: { default: POLICIES.open, ...POLICIES },
        clients: Object.keys(RULES).map((name) => ({
          ...TEST_CLIENT,
          client_id: `${name}-rp`,
          redirect_uris: [`http://127.0.0.1:9/${name}`],
          login_policy: name,
        })),
      },
    });
    for (const name of Object.keys(RULES)) rps[name] = await discover(pv.issuer, `${name}-rp`);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function accountId(person: string): Promise<string> {
    return (await pv.portvakt.accounts.findByLoginName(person))!.id;
  }

  /** Walks one request as far as `effort` allows; the page where it stopped. */
  async function walk(agent: UserAgent, person: Person, request: Step, start: Page, redirect: string): Promise<Page> {
    let page = start;
    for (let hop = 0; hop < 8 && !page.url.startsWith(redirect); hop += 1) {
      const path = new URL(page.url).pathname;
      if (page.html.includes('/password"') && page.html.includes('name="password"')) {
        page = await agent.submit(page, '/password', { username: person, password: DEMO_PASSWORD });
      } else if (request.effort === 'password') {
        return page;
      } else if (path.endsWith('/second-factor/enrol')) {
        const secret = /<code class="secret"[^>]*>([^<]+)<\/code>/.exec(page.html)?.[1]?.replaceAll(' ', '');
        if (!secret) return page;
        const done = await agent.submit(page, '/second-factor/enrol', { code: await generate({ secret }) });
        if (!done.html.includes('/second-factor/done')) return done;
        secrets.set(person, secret);
        page = await agent.submit(done, '/second-factor/done');
      } else if (page.html.includes('/second-factor/totp"')) {
        const secret = secrets.get(person);
        if (!secret) return page;
        page = await agent.submit(page, '/second-factor/totp', { code: await generate({ secret }) });
        if (page.html.includes('/second-factor/totp"')) return page; // the step was used already: give up here
      } else if (page.html.includes('/second-factor/choose"')) {
        const factor = /name="factor" value="([^"]+)"/.exec(page.html)?.[1];
        if (!factor) return page;
        page = await agent.submit(page, '/second-factor/choose', { factor });
      } else if (page.html.includes('/second-factor/code"')) {
        const to = person === 'bjorn' ? '+46701234567' : 'anna.andersson@example.org';
        page = await agent.submit(page, '/second-factor/code', { code: messaging.latestCode(to) });
      } else if (path.endsWith('/privacy-notice')) {
        page = await agent.submit(page, '/privacy-notice', {});
      } else if (page.html.includes('/consent"')) {
        page = await agent.submit(page, '/consent', { decision: 'allow' });
      } else {
        return page;
      }
    }
    return page;
  }

  test('every code issued satisfies its client and its request', { timeout: 600_000 }, async () => {
    let issued = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Person>('anna', 'bjorn'),
        fc.array(step, { minLength: 1, maxLength: 4 }),
        async (person, journey) => {
          const agent = new UserAgent(pv.issuer, 'en');
          for (const request of journey) {
            agent.moveTo({ 'x-forwarded-for': request.network === 'trusted' ? TRUSTED : ELSEWHERE });
            const redirect = `http://127.0.0.1:9/${request.client}`;
            const verifier = oidc.randomPKCECodeVerifier();
            const url = oidc.buildAuthorizationUrl(rps[request.client]!, {
              redirect_uri: redirect,
              scope: 'openid',
              code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
              code_challenge_method: 'S256',
              ...(request.acrValues.length ? { acr_values: request.acrValues.join(' ') } : {}),
              ...(request.prompt ? { prompt: request.prompt } : {}),
              ...(request.maxAge !== undefined ? { max_age: String(request.maxAge) } : {}),
            });
            const startedAt = Date.now();
            const end = await walk(agent, person, request, await agent.open(url.toString()), redirect);
            const back = new URL(end.url);
            if (!end.url.startsWith(redirect) || !back.searchParams.get('code')) continue;
            const tokens = await oidc.authorizationCodeGrant(rps[request.client]!, back, {
              pkceCodeVerifier: verifier,
            });
            const claims = tokens.claims()!;
            const { rowCount } = await pv.portvakt.db.query(
              'SELECT 1 FROM privacy_acceptances WHERE account_id = $1 AND notice = $2',
              [claims.sub, 'kommun'],
            );
            const problem = violation(
              RULES[request.client]!,
              request,
              { acr: String(claims.acr), amr: (claims.amr ?? []) as string[], authTime: Number(claims.auth_time) },
              startedAt,
              rowCount > 0,
            );
            assert.equal(
              problem,
              undefined,
              `${problem} for ${JSON.stringify(request)} (acr ${claims.acr}, amr ${JSON.stringify(claims.amr)})`,
            );
            assert.equal(
              claims.sub,
              await accountId(person),
              'the code is for the one person who logs in in this browser',
            );
            issued += 1;
          }
        },
      ),
      { numRuns: 60, seed: Number(process.env.PORTVAKT_PROPERTY_SEED ?? 20261202) },
    );
    assert.ok(issued > 10, `the journeys issued ${issued} codes: too few to say much`);
  });
});
