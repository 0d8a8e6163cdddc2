// An IdP that proves a national identity number, with `onNoMatch: proveExisting`: a person whose
// account only typed the number (at self-registration) is not linked by it, since typing proves
// nothing; they log in once with that account's password, and from then on the account holds the
// number proven. A wrong password links nothing and proves nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { IDPORTEN_PERSONS, startOidcIdpSimulator, type OidcIdpSimulator } from '../../simulators/oidc-idp/index.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { IdpBrowser } from '../support/idp-browser.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

const ERIK = IDPORTEN_PERSONS.find((person) => person.givenName === 'Erik')!;
const SECRET = 'idporten-prove-secret-0123456789';

describe('proving an existing account through an IdP that proves the number', () => {
  let idporten: OidcIdpSimulator;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;

  before(async () => {
    idporten = await startOidcIdpSimulator({ preset: 'idporten' });
    pv = await startPortvakt({
      config: {
        oidcUpstreams: [
          {
            name: 'idporten',
            preset: 'idporten',
            issuer: idporten.issuer,
            caPem: idporten.caPem,
            clientId: 'portvakt-idporten',
            clientAuth: { method: 'client_secret_post', secret: SECRET },
            linking: { onNoMatch: 'proveExisting' },
          },
        ],
        policies: { default: { methods: ['oidc.idporten', 'password'] } },
      },
    });
    idporten.register({
      client_id: 'portvakt-idporten',
      client_secret: SECRET,
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [`${pv.issuer}/upstream/oidc/idporten/callback`],
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await idporten?.close();
  });

  const bjorn = async () => (await pv.portvakt.accounts.findByIdentity('username', 'bjorn'))!;
  const numberOf = async () =>
    (await bjorn()).identities.find(
      (identity) => identity.type === 'no_national_id' && identity.value === ERIK.nationalId,
    );

  /** Through the chooser and the issuer's picker: the page Portvakt shows when the answer is back. */
  async function loginAtIdporten() {
    const agent = new UserAgent(pv.issuer, 'en');
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
    const button = /href="(\/interaction\/[^"]+\/oidc\.idporten)"/.exec(chooser.html);
    assert.ok(button, 'the chooser offers ID-porten');
    const browser = new IdpBrowser(idporten);
    const picker = await browser.open((await agent.open(button[1]!)).url);
    const callback = await browser.submit(picker, '/login', { person: ERIK.sub });
    browser.close();
    return { agent, verifier, page: await agent.open(callback.url) };
  }

  test('a typed number links nothing; the password proves the account, and the number is proven with it', async () => {
    // Björn typed the number at registration, as a person may type anyone's.
    await pv.portvakt.accounts.addIdentity((await bjorn()).id, {
      type: 'no_national_id',
      issuer: '',
      value: ERIK.nationalId!,
      verified: false,
    });

    const first = await loginAtIdporten();
    assert.ok(first.page.url.endsWith('/oidc.idporten/link'), `asked to prove an account: ${first.page.url}`);
    const wrong = await first.agent.submit(first.page, '/oidc.idporten/link', {
      username: 'bjorn',
      password: 'not-the-password',
    });
    assert.equal(wrong.status, 400);
    assert.equal((await numberOf())?.verified, false, 'a wrong password proves nothing');

    const done = await first.agent.submit(wrong, '/oidc.idporten/link', { username: 'bjorn', password: DEMO_PASSWORD });
    assert.ok(done.url.startsWith(TEST_CLIENT.redirect_uris[0]!), `${done.url}\n${done.html}`);
    const tokens = await oidc.authorizationCodeGrant(rp, new URL(done.url), {
      pkceCodeVerifier: first.verifier,
      expectedState: 's',
      expectedNonce: 'n',
    });
    assert.equal(tokens.claims()!.sub, (await bjorn()).id);
    assert.deepEqual(await numberOf(), { type: 'no_national_id', issuer: '', value: ERIK.nationalId, verified: true });
    const holders = await pv.portvakt.accounts.findAllByIdentity('no_national_id', ERIK.nationalId!);
    assert.deepEqual(
      holders.map((holder) => holder.id),
      [(await bjorn()).id],
      'one holder, no second account',
    );

    const again = await loginAtIdporten();
    assert.ok(again.page.url.startsWith(TEST_CLIENT.redirect_uris[0]!), 'the next login needs no password');
  });
});
