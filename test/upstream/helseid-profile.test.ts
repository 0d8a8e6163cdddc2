// HelseID as NHN's security profile asks: the authorization request is pushed (PAR), so the
// browser carries only a reference, and the access token is bound to Portvakt's key (DPoP). The
// HelseID simulator demands both of every client, as HelseID does; an entry that turns either off
// is refused there, which is how the test knows the preset's login really did both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { ConfigInput } from '../../src/config/schema.ts';
import { HELSEID_PERSONS, startOidcIdpSimulator, type OidcIdpSimulator } from '../../simulators/oidc-idp/index.ts';
import { norwegianWiring } from '../../simulators/oidc-idp/norwegian-demo.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { IdpBrowser } from '../support/idp-browser.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

type Entry = 'helseid' | 'helseid-unpushed' | 'helseid-unbound';
const KARI = HELSEID_PERSONS.find((person) => person.givenName === 'Kari')!;
const SECRET = 'helseid-variant-secret-0123456789';

describe('HelseID with pushed requests and DPoP', () => {
  let helseid: OidcIdpSimulator;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;

  before(async () => {
    helseid = await startOidcIdpSimulator({ preset: 'helseid' });
    // Only the wiring's HelseID entry is used; its ID-porten half points nowhere that matters.
    const wiring = await norwegianWiring({ helseid, idporten: helseid });
    const variant = (name: Entry, off: 'pushedAuthorization' | 'dpop') =>
      ({
        name,
        preset: 'helseid',
        issuer: helseid.issuer,
        caPem: helseid.caPem,
        clientId: `portvakt-${name}`,
        clientAuth: { method: 'client_secret_post', secret: SECRET },
        linking: { onNoMatch: 'provision' },
        [off]: false,
      }) satisfies NonNullable<ConfigInput['oidcUpstreams']>[number];
    pv = await startPortvakt({
      config: {
        oidcUpstreams: [
          ...wiring.oidcUpstreams.filter((entry) => entry.name === 'helseid'),
          variant('helseid-unpushed', 'pushedAuthorization'),
          variant('helseid-unbound', 'dpop'),
        ],
        policies: { default: { methods: ['oidc.helseid', 'oidc.helseid-unpushed', 'oidc.helseid-unbound'] } },
      },
    });
    helseid.register(wiring.clientsFor(pv.issuer).helseid);
    for (const name of ['helseid-unpushed', 'helseid-unbound'] as const)
      helseid.register({
        client_id: `portvakt-${name}`,
        client_secret: SECRET,
        token_endpoint_auth_method: 'client_secret_post',
        redirect_uris: [`${pv.issuer}/upstream/oidc/${name}/callback`],
      });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await helseid?.close();
  });

  /** Through Portvakt's chooser to the simulator: the address the browser is sent to, and what follows. */
  async function toHelseid(entry: Entry) {
    const agent = new UserAgent(pv.issuer, 'nb');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid profile',
      state: 's',
      nonce: 'n',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const chooser = await agent.open(url.href);
    const button = new RegExp(`href="(/interaction/[^"]+/oidc\\.${entry})"`).exec(chooser.html);
    assert.ok(button, `the chooser offers oidc.${entry}`);
    const sentTo = new URL((await agent.open(button[1]!)).url);
    return { agent, verifier, sentTo };
  }

  test('the preset pushes the request, the browser carries only its reference, and the login completes', async () => {
    const { agent, verifier, sentTo } = await toHelseid('helseid');
    assert.equal(sentTo.origin, helseid.issuer);
    assert.deepEqual([...sentTo.searchParams.keys()].sort(), ['client_id', 'request_uri']);
    assert.match(sentTo.searchParams.get('request_uri')!, /^urn:ietf:params:oauth:request_uri:/);

    const browser = new IdpBrowser(helseid);
    const picker = await browser.open(sentTo.href);
    const callback = await browser.submit(picker, '/login', { person: KARI.sub });
    browser.close();
    const page = await agent.open(callback.url);
    assert.ok(page.url.startsWith(TEST_CLIENT.redirect_uris[0]!), `${page.url}\n${page.html}`);
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(page.url), {
      pkceCodeVerifier: verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    const [holder] = await pv.portvakt.accounts.findAllByIdentity('no_national_id', KARI.nationalId!);
    assert.equal(tokens.claims()!.sub, holder!.id, 'the token request proved the key the access token is bound to');
  });

  test('an entry that does not push is turned away at HelseID', async () => {
    const { sentTo } = await toHelseid('helseid-unpushed');
    assert.ok(sentTo.searchParams.has('scope'), 'the whole request rides in the browser');
    const browser = new IdpBrowser(helseid);
    const answer = await browser.open(sentTo.href);
    browser.close();
    assert.equal(new URL(answer.url).searchParams.get('error'), 'invalid_request');
  });

  test('an entry without DPoP has its code refused at the token endpoint; nothing is provisioned', async () => {
    const { agent, sentTo } = await toHelseid('helseid-unbound');
    const browser = new IdpBrowser(helseid);
    const picker = await browser.open(sentTo.href);
    const callback = await browser.submit(picker, '/login', { person: KARI.sub });
    browser.close();
    const before = await pv.portvakt.accounts.findAllByIdentity('no_national_id', KARI.nationalId!);
    const page = await agent.open(callback.url);
    assert.ok(!page.url.startsWith(TEST_CLIENT.redirect_uris[0]!), 'no code for the relying party');
    const audit = (await pv.portvakt.audit.find({ type: 'login.upstream', latest: 1 }))[0]!;
    assert.deepEqual([audit.outcome, audit.detail.method], ['failure', 'oidc.helseid-unbound']);
    assert.deepEqual(await pv.portvakt.accounts.findAllByIdentity('no_national_id', KARI.nationalId!), before);
  });
});
