// An organisation's own login service failing: an upstream OpenID Connect issuer that is down or
// slower than the configured timeout, and a SAML IdP the person's browser cannot reach. The person
// gets a clear translated message, a relying party whose person gives up gets access_denied,
// nothing is half-written (no account, no link), and logins work again when the fault ends.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startTestIssuer, type TestIssuer } from '../support/oidc-issuer.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import {
  answerAtIdp,
  postToAcs,
  startSamlWorld,
  startStaffLogin,
  tokensFrom,
  type SamlWorld,
} from '../upstream/saml-world.ts';

const AUTHN_PROVIDER = 'https://id.oidc.se/param/authnProvider';
const SECRET = 'upstream-client-secret-0123456789';
const CALLBACK = TEST_CLIENT.redirect_uris[0]!;

/** The staff IdP, which knows one person; a test switches it down or slow. */
const ANNA = {
  'u-anna': {
    claims: {
      email: 'anna.andersson@example.org',
      email_verified: true,
      given_name: 'Anna',
      family_name: 'Andersson',
    },
  },
};

async function count(pv: TestPortvakt, sql: string): Promise<number> {
  return (await pv.portvakt.db.query<{ count: number }>(sql)).rows[0]!.count;
}

describe('an upstream OpenID Connect issuer that is down or slow', () => {
  let work: TestIssuer;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    work = await startTestIssuer({ name: 'switchable issuer', accounts: ANNA });
    work.next = { account: 'u-anna' };
    pv = await startPortvakt({
      config: {
        oidcUpstreams: [
          {
            name: 'work',
            label: { sv: 'Personal', nb: 'Ansatte', en: 'Staff' },
            issuer: work.issuer,
            clientId: 'portvakt',
            clientAuth: { method: 'client_secret_basic', secret: SECRET },
            caPem: work.caPem,
            scopes: ['openid', 'email', 'profile'],
            timeoutSeconds: 1,
            linking: { by: ['email'], authoritativeEmailDomains: ['example.org'] },
          },
        ],
        policies: { default: { methods: ['password', 'oidc.work'] } },
      },
    });
    work.register({
      client_id: 'portvakt',
      client_secret: SECRET,
      redirect_uris: [`${pv.issuer}/upstream/oidc/work/callback`],
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await work?.close();
  });

  async function begin(language: 'sv' | 'en') {
    const agent = new UserAgent(pv.issuer, language);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: CALLBACK,
      scope: 'openid profile email',
      state: 's',
      nonce: 'n',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      [AUTHN_PROVIDER]: 'urn:portvakt:authn:oidc.work',
    });
    return { agent, verifier, first: await agent.open(url.toString()) };
  }

  async function loginWorks(): Promise<void> {
    work.mode = 'up';
    const { agent, verifier, first } = await begin('en');
    assert.equal(new URL(first.url).origin, work.issuer, `sent on to the issuer:\n${first.html}`);
    const done = await agent.open((await work.follow(first.url)).toString());
    assert.ok(done.url.startsWith(CALLBACK), `${done.url}\n${done.html}`);
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(done.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    assert.equal(tokens.claims()!.sub, (await pv.portvakt.accounts.findByIdentity('username', 'anna'))!.id);
  }

  test('down before the first login: a translated message, access_denied when abandoned, then logins resume', async () => {
    work.mode = 'down';
    const { agent, first } = await begin('en');
    assert.ok(first.url.startsWith(pv.issuer), 'the person stays at Portvakt');
    assert.ok(first.status < 500 || first.status === 503, `a page, not a crash: ${first.status}`);
    assert.match(first.html, /role="alert"[^>]*>[^<]*Your organisation’s login service is not answering right now/);
    assert.equal(
      await count(pv, "SELECT count(*)::int AS count FROM upstream_round_trips WHERE method = 'oidc.work'"),
      0,
      'no round trip was begun',
    );

    const abandoned = new URL((await agent.submit(first, '/abort')).url);
    assert.equal(`${abandoned.origin}${abandoned.pathname}`, CALLBACK);
    assert.equal(abandoned.searchParams.get('error'), 'access_denied');
    assert.equal(abandoned.searchParams.get('state'), 's');

    await loginWorks();
  });

  test('slower than the timeout at the code exchange: a Swedish message within the timeout, nothing linked', async () => {
    await loginWorks(); // the discovery document is cached now; the code exchange is what fails
    await pv.portvakt.db.query("DELETE FROM identities WHERE type = 'upstream_subject'");
    const { agent, first } = await begin('sv');
    const back = await work.follow(first.url);
    work.mode = 'slow';
    const began = performance.now();
    const refused = await agent.open(back.toString());
    const waited = performance.now() - began;
    assert.ok(waited < 3500, `answered after ${waited.toFixed(0)} ms`);
    assert.ok(refused.url.startsWith(pv.issuer));
    assert.ok(refused.status < 500 || refused.status === 503, `a page, not a crash: ${refused.status}`);
    assert.match(refused.html, /role="alert"[^>]*>[^<]*Din organisations inloggningstjänst svarar inte just nu/);
    assert.equal(
      await count(pv, "SELECT count(*)::int AS count FROM identities WHERE type = 'upstream_subject'"),
      0,
      'nothing linked',
    );
    await loginWorks();
  });
});

describe('a SAML IdP the browser cannot reach', () => {
  let world: SamlWorld;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    world = await startSamlWorld();
    pv = await startPortvakt({
      config: {
        saml: [world.samlConfig('staff', { linking: { by: ['se_personal_number'] } })],
        policies: { default: { methods: ['password', 'saml.staff'] } },
      },
    });
    await world.trust(pv.issuer, 'staff');
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await world?.close();
  });

  // Portvakt never calls a SAML IdP itself (its metadata is configured, the answers come through
  // the browser), so an IdP that is down is seen by the person only. What Portvakt owes them is a
  // way back: the interaction is still there to cancel or to choose another method, and an answer
  // that arrives after they gave up is refused calmly.
  test('the person comes back and gives up: access_denied, nothing written, a late answer refused, then logins resume', async () => {
    const agent = new UserAgent(pv.issuer, 'nb');
    const accountsBefore = await count(pv, 'SELECT count(*)::int AS count FROM accounts');
    const verifier = oidc.randomPKCECodeVerifier();
    const authorization = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: CALLBACK,
      scope: 'openid profile',
      state: 's',
      nonce: 'n',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const chooser = await agent.open(authorization.toString());
    assert.equal(chooser.status, 200, 'the method chooser');
    const atIdp = await agent.open(`${chooser.url.replace(/\/login$/, '')}/saml.staff`);
    assert.ok(atIdp.url.startsWith(world.idp.url), 'sent on to the IdP, which does not answer');
    const loginPage = await world.idpFetch(atIdp.url);

    // Back at Portvakt, the chooser is still there: another way, or cancel.
    const back: Page = await agent.open(chooser.url);
    assert.equal(back.status, 200, 'the login is still there to come back to');
    assert.match(back.html, /saml\.staff|password/, 'other ways are offered');
    const abandoned = new URL((await agent.submit(back, '/abort')).url);
    assert.equal(abandoned.searchParams.get('error'), 'access_denied');
    assert.equal(abandoned.searchParams.get('state'), 's');

    // The IdP comes back and the browser delivers its answer after all.
    const late = await postToAcs(agent, await answerAtIdp(world, loginPage, 'anna'));
    assert.ok(late.url.startsWith(pv.issuer), 'no code for an abandoned login');
    assert.ok(late.status >= 400 && late.status < 500, `refused, not crashed: ${late.status}`);
    assert.match(late.html, /role="alert"/);
    assert.match(late.html, /lang="nb"/, 'in the person’s language');
    assert.equal(
      await count(pv, 'SELECT count(*)::int AS count FROM accounts'),
      accountsBefore,
      'no account was created',
    );

    const fresh = new UserAgent(pv.issuer, 'en');
    const again = await startStaffLogin(fresh, world, rp, {
      params: { [AUTHN_PROVIDER]: 'urn:portvakt:authn:saml.staff' },
    });
    const tokens = await tokensFrom(
      rp,
      await postToAcs(fresh, await answerAtIdp(world, again.loginPage, 'anna')),
      again.verifier,
    );
    assert.ok(tokens.claims()!.sub);
  });
});
