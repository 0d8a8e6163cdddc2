// Staff logins through upstream OpenID Connect issuers (independent oidc-provider instances over
// HTTPS): claim mapping, the Workspace-style e-mail domain rule, linking and provisioning, and the
// answers Portvakt refuses: a wrong nonce, another issuer's answer (mix-up), a replayed callback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { startTestIssuer, type TestIssuer } from '../support/oidc-issuer.ts';

const AUTHN_PROVIDER = 'https://id.oidc.se/param/authnProvider';
const SECRET = 'upstream-client-secret-0123456789';

const ACCOUNTS = {
  'u-anna': {
    claims: {
      email: 'anna.andersson@example.org',
      email_verified: true,
      given_name: 'Anna',
      family_name: 'Andersson',
      hd: 'example.org',
    },
    amr: ['pwd', 'mfa'],
  },
  'u-eve': { claims: { email: 'eve@other.example', email_verified: true, given_name: 'Eve', family_name: 'E' } },
  'u-new': {
    claims: {
      email: 'ny.person@example.org',
      email_verified: true,
      given_name: 'Ny',
      family_name: 'Person',
      hd: 'example.org',
      employee_number: 'E2001',
    },
  },
};

describe('staff login through an upstream OpenID Connect issuer', () => {
  let work: TestIssuer;
  let other: TestIssuer;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;

  before(async () => {
    [work, other] = await Promise.all([
      startTestIssuer({ name: 'work issuer', accounts: ACCOUNTS }),
      startTestIssuer({ name: 'other issuer', accounts: ACCOUNTS }),
    ]);
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const label = { sv: 'Personal (OIDC)', nb: 'Ansatte (OIDC)', en: 'Staff (OIDC)' };
    pv = await startPortvakt({
      config: {
        oidcUpstreams: [
          {
            name: 'work',
            label,
            issuer: work.issuer,
            clientId: 'portvakt',
            clientAuth: { method: 'client_secret_basic', secret: SECRET },
            caPem: work.caPem,
            scopes: ['openid', 'email', 'profile', 'staff'],
            allowedEmailDomains: ['example.org'],
            linking: { by: ['email'], authoritativeEmailDomains: ['example.org'], onNoMatch: 'provision' },
          },
          {
            name: 'other',
            label,
            issuer: other.issuer,
            clientId: 'portvakt',
            caPem: other.caPem,
            clientAuth: {
              method: 'private_key_jwt',
              privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
              keyId: 'pv-1',
            },
            linking: { by: ['email'], authoritativeEmailDomains: ['example.org'] },
          },
        ],
        policies: { default: { methods: ['oidc.work', 'oidc.other'] } },
      },
    });
    work.register({
      client_id: 'portvakt',
      client_secret: SECRET,
      redirect_uris: [`${pv.issuer}/upstream/oidc/work/callback`],
    });
    // The attacker's issuer in the mix-up test also sends its answers to work's callback.
    other.register({
      client_id: 'portvakt',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'pv-1', use: 'sig', alg: 'RS256' }] as never },
      redirect_uris: [`${pv.issuer}/upstream/oidc/other/callback`, `${pv.issuer}/upstream/oidc/work/callback`],
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await Promise.all([work?.close(), other?.close()]);
  });

  /** Starts a Portvakt login that is sent on to the upstream issuer; returns its authorization URL. */
  async function begin(upstream: 'work' | 'other') {
    const agent = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid profile email',
      state: 's',
      nonce: 'n',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      [AUTHN_PROVIDER]: `urn:portvakt:authn:oidc.${upstream}`,
    });
    const atUpstream = new URL((await agent.open(url.toString())).url);
    return { agent, verifier, atUpstream };
  }

  async function loginAs(
    upstream: 'work' | 'other',
    account: keyof typeof ACCOUNTS,
  ): Promise<{ page: Page; verifier: string }> {
    const { agent, verifier, atUpstream } = await begin(upstream);
    (upstream === 'work' ? work : other).next = { account };
    const callback = await (upstream === 'work' ? work : other).follow(atUpstream.toString());
    return { page: await agent.open(callback.toString()), verifier };
  }

  async function tokens(page: Page, verifier: string) {
    assert.ok(page.url.startsWith(TEST_CLIENT.redirect_uris[0]!), `${page.url}\n${page.html}`);
    return oidc.authorizationCodeGrant(rp, new URL(page.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
  }

  async function lastUpstreamAudit(): Promise<{ outcome: string; detail: Record<string, unknown> }> {
    return (await pv.portvakt.audit.find({ type: 'login.upstream', latest: 1 }))[0]!;
  }

  test('the authorization request uses PKCE, a nonce and the interaction as state', async () => {
    const { atUpstream } = await begin('work');
    assert.equal(atUpstream.origin, work.issuer);
    assert.equal(atUpstream.searchParams.get('code_challenge_method'), 'S256');
    assert.match(atUpstream.searchParams.get('nonce') ?? '', /^.{22,}$/);
    assert.equal(atUpstream.searchParams.get('redirect_uri'), `${pv.issuer}/upstream/oidc/work/callback`);
    const { rows } = await pv.portvakt.db.query<{ uid: string }>(
      "SELECT uid FROM upstream_round_trips WHERE method = 'oidc.work' ORDER BY expires_at DESC LIMIT 1",
    );
    assert.equal(atUpstream.searchParams.get('state'), rows[0]!.uid);
  });

  test('a verified address in an authoritative domain links to the account that has it', async () => {
    const { page, verifier } = await loginAs('work', 'u-anna');
    const claims = (await tokens(page, verifier)).claims()!;
    const anna = await pv.portvakt.accounts.findByIdentity('username', 'anna');
    assert.equal(claims.sub, anna!.id);
    assert.deepEqual(claims.amr, ['pwd', 'mfa'], 'what the issuer reported');
    assert.equal(claims.acr, 'http://id.elegnamnden.se/loa/1.0/loa2');
    const linked = await pv.portvakt.accounts.findByIdentity('upstream_subject', 'u-anna', work.issuer);
    assert.equal(linked?.id, anna!.id);
  });

  test('a first login provisions an account from the claims (UserInfo included), private_key_jwt too', async () => {
    const { page, verifier } = await loginAs('work', 'u-new');
    const claims = (await tokens(page, verifier)).claims()!;
    const account = await pv.portvakt.accounts.findById(claims.sub);
    assert.deepEqual(
      [account?.givenName, account?.familyName, account?.email, account?.emailVerified],
      ['Ny', 'Person', 'ny.person@example.org', true],
    );
    assert.deepEqual(claims.amr, ['pwd'], 'the configured amr when the issuer reports none');
    const viaOther = await loginAs('other', 'u-anna');
    assert.equal(
      (await tokens(viaOther.page, viaOther.verifier)).claims()!.sub,
      (await pv.portvakt.accounts.findByIdentity('username', 'anna'))!.id,
    );
  });

  test('a person outside the allowed e-mail domains is refused', async () => {
    const { page } = await loginAs('work', 'u-eve');
    assert.equal(page.status, 400);
    assert.match(page.html, /does not belong to an organisation that may use this service/);
    const audit = await lastUpstreamAudit();
    assert.deepEqual([audit.outcome, audit.detail.reason, audit.detail.domain], ['failure', 'domain', 'other.example']);
  });

  test('an ID token with another nonce is refused', async () => {
    const { agent, atUpstream } = await begin('work');
    atUpstream.searchParams.set('nonce', 'a-nonce-the-attacker-chose-0123456789');
    work.next = { account: 'u-anna' };
    const page = await agent.open((await work.follow(atUpstream.toString())).toString());
    assert.equal(page.status, 400);
    assert.match(page.html, /did not belong to this login/);
    assert.equal((await lastUpstreamAudit()).detail.reason, 'nonce');
  });

  test('mix-up: an answer from another issuer arriving at this issuer’s callback is refused', async () => {
    const { agent, atUpstream } = await begin('work');
    const atAttacker = new URL(atUpstream.pathname + atUpstream.search, other.issuer);
    other.next = { account: 'u-anna' };
    const callback = await other.follow(atAttacker.toString());
    assert.equal(callback.searchParams.get('iss'), other.issuer);
    const page = await agent.open(callback.toString());
    assert.equal(page.status, 400);
    assert.equal((await lastUpstreamAudit()).detail.reason, 'issuer');
  });

  test('a callback used twice, and a refusal by the issuer', async () => {
    const { agent, atUpstream } = await begin('work');
    work.next = { account: 'u-anna' };
    const callback = await work.follow(atUpstream.toString());
    await agent.open(callback.toString());
    const again = await agent.open(callback.toString());
    assert.equal(again.status, 400, 'the login is over; its callback leads nowhere');
    assert.match(again.html, /This login is no longer open/);
    assert.match(again.html, /Back to Test RP/, 'with a way back to the service');

    const denied = await begin('work');
    work.next = { deny: true };
    const page = await denied.agent.open((await work.follow(denied.atUpstream.toString())).toString());
    assert.match(page.html, /did not log you in/);
    assert.equal((await lastUpstreamAudit()).detail.reason, 'denied');
  });
});
