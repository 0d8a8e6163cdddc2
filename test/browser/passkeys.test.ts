// Passkeys in a real Chromium, with its virtual authenticator (DevTools WebAuthn domain) standing in
// for a phone or a security key, in each language: after a BankID login the person declines the
// offer, creates a passkey on the account page and hears of it by e-mail; then logs in with no
// username, by the password form's autofill, and with the passkey as a second factor. A cloned
// authenticator (its counter set back), a passkey made for another site and an answer relayed by a
// phishing page on another origin are refused; removing the passkey is told to the person.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import * as oidc from 'openid-client';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startPortvakt, TEST_CLIENT, DEMO_PASSWORD, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { launchBrowser } from '../support/browser.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent } from '../support/user-agent.ts';
import { Journey, LANGS, type Lang } from './journey.ts';

const ANNA_EMAIL = 'anna.andersson@example.org';
const TEXT = {
  bankid: /^BankID/,
  otherDevice: /annan enhet|annen enhet|another device/,
  notNow: /^(Inte nu|Ikke nå|Not now)$/,
  create: /^(Skapa en nyckel|Lag en passnøkkel|Create a passkey)$/,
  use: /^(Använd nyckel|Bruk passnøkkel|Use a passkey)$/,
  passkeyMethod: /^(Nyckel \(passkey\)|Passnøkkel|Passkey)$/,
  passwordMethod: /^(Användarnamn och lösenord|Brukernavn og passord|Username and password)$/,
  username: /Användarnamn|Brukernavn|Username/,
  password: /^(Lösenord|Passord|Password)$/,
  refused: /kunde inte godtas|kunne ikke godtas|could not be accepted/,
  notUsed: /användes inte|ble ikke brukt|was not used/,
};

interface Authenticator {
  cdp: CDPSession;
  id: string;
}

async function virtualAuthenticator(page: Page): Promise<Authenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

describe('passkeys in Chromium', () => {
  let messaging: Messaging;
  let world: EidWorld;
  let pv: TestPortvakt;
  let browser: Browser;
  let rp: oidc.Configuration;
  let secondRp: oidc.Configuration;
  let callbackServer: Server;
  let phishing: Server;
  let phishingOrigin = '';
  let CALLBACK = '';
  /** What the phishing page is handed to relay, and what it sends back. */
  const relay: { options?: unknown; answer?: (value: string) => void } = {};

  before(async () => {
    callbackServer = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><html lang="en"><title>RP</title><main><p>back at the relying party</p></main></html>'),
    );
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    CALLBACK = `http://127.0.0.1:${(callbackServer.address() as { port: number }).port}/callback`;
    // A look-alike on another origin of the same host (so the same rpId): it relays Portvakt's
    // challenge to the person's browser and the browser's answer back to whoever runs it.
    const bundle = await readFile(
      new URL(
        '../dist/bundle/index.umd.min.js',
        `file://${createRequire(import.meta.url).resolve('@simplewebauthn/browser')}`,
      ),
      'utf8',
    );
    phishing = createServer(async (req, res) => {
      if (req.url === '/lib.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      if (req.url === '/options')
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(relay.options));
      if (req.url === '/answer') {
        let body = '';
        for await (const chunk of req) body += chunk;
        relay.answer?.(body);
        return res.writeHead(204).end();
      }
      return res.writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><html lang="en"><title>Log in</title><script src="/lib.js"></script>
<button id="go">Log in</button><script>document.getElementById('go').onclick = async () => {
  const options = await (await fetch('/options')).json();
  const answer = await SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: options });
  await fetch('/answer', { method: 'POST', body: JSON.stringify(answer) });
};</script></html>`);
    });
    await new Promise<void>((resolve) => phishing.listen(0, '127.0.0.1', resolve));
    phishingOrigin = `http://localhost:${(phishing.address() as { port: number }).port}`;

    [messaging, world] = await Promise.all([startMessaging(), startEidWorld()]);
    [pv, browser] = await Promise.all([
      startPortvakt({
        host: 'localhost',
        config: {
          ...messaging.config,
          ...world.config(),
          accounts: { accountPagePolicy: 'account' },
          policies: {
            default: { methods: ['passkey', 'password'] },
            account: {
              methods: ['bankid', 'passkey', 'password'],
              secondFactors: ['email', 'passkey'],
              offerPasskey: true,
            },
            second: { methods: ['password'], secondFactor: 'always', secondFactors: ['passkey'] },
          },
          clients: [
            { ...TEST_CLIENT, redirect_uris: [CALLBACK] },
            {
              ...TEST_CLIENT,
              client_id: 'second-rp',
              client_name: 'Second RP',
              redirect_uris: [CALLBACK],
              login_policy: 'second',
            },
          ],
        },
      }),
      launchBrowser(),
    ]);
    rp = await discover(pv.issuer);
    secondRp = await discover(pv.issuer, 'second-rp');
  });
  after(async () => {
    await browser?.close();
    await pv?.close();
    await world?.close();
    await messaging?.close();
    callbackServer?.close();
    phishing?.close();
  });

  async function authorize(page: Page, config: oidc.Configuration, lang: Lang): Promise<string> {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      prompt: 'login',
      ui_locales: lang,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    await page.goto(url.toString());
    return verifier;
  }

  async function amrAtCallback(page: Page, config: oidc.Configuration, verifier: string): Promise<string[]> {
    await page.waitForURL((url) => url.toString().startsWith(CALLBACK));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier });
    return [...(tokens.claims()!.amr as string[])].sort();
  }

  async function refusals(reason: string): Promise<number> {
    const failures = await pv.portvakt.audit.find({
      type: ['login.passkey', 'login.second_factor'],
      outcome: 'failure',
    });
    return failures.filter((event) => event.detail.reason === reason || event.detail.outcome === reason).length;
  }

  let dumpOnFailure: Page | undefined;
  for (const lang of LANGS) {
    test(`${lang}: enrol after BankID, log in three ways, and every attack is refused`, async () => {
      const journey = new Journey(browser, 'passkeys', lang);
      try {
        const page = await journey.page();
        const authenticator = await virtualAuthenticator(page);
        const anna = (await pv.portvakt.accounts.findByLoginName('anna'))!;
        await pv.portvakt.passkeys.removeAll(anna.id);
        dumpOnFailure = page;
        const name = `Laptop ${lang}`;

        // An eID login to the account page; the offer of a passkey comes right after it.
        await page.goto(`${pv.issuer}/account?lang=${lang}`);
        await journey.pickLanguage(page);
        await page.getByRole('link', { name: TEXT.bankid }).click();
        await page.getByRole('button', { name: TEXT.otherDevice }).click();
        await page.waitForSelector('[data-eid-qr] svg');
        world.bankid.app.scanQr((await page.getAttribute('[data-eid-qr]', 'data-qr-content'))!, ANNA_PNR).approve();
        await page.waitForURL(/\/passkey-offer$/);
        await page.getByRole('button', { name: TEXT.create }).waitFor();
        await journey.portvakt(page, 'offer');
        await page.getByRole('button', { name: TEXT.notNow }).click();

        // The account page: name it, create it, see it listed, and hear of it by e-mail.
        await page.waitForURL(/\/account/);
        const form = page.locator('form[data-passkey=register]');
        await form.getByRole('textbox').fill(name);
        await form.getByRole('button', { name: TEXT.create }).click();
        await page.waitForURL(/done=passkeyAdded/);
        await journey.portvakt(page, 'account-passkeys');
        assert.ok(
          await page.locator('ul.passkeys li', { hasText: name }).count(),
          'the new passkey is listed by its name',
        );
        const added = messaging.outbox.list({ to: ANNA_EMAIL }).find((message) => message.text.includes(name));
        assert.ok(added, 'the person is told of the new passkey at her address');
        const credentials = (
          await authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: authenticator.id })
        ).credentials;
        assert.equal(credentials.length, 1);
        assert.ok(credentials[0]!.isResidentCredential, 'a discoverable passkey: no username needed');

        // No username: the chooser's passkey button.
        let verifier = await authorize(page, rp, lang);
        await page.getByRole('link', { name: TEXT.passkeyMethod }).click();
        await page.getByRole('button', { name: TEXT.use }).waitFor();
        await journey.portvakt(page, 'passkey-login');
        await page.getByRole('button', { name: TEXT.use }).click();
        assert.deepEqual(await amrAtCallback(page, rp, verifier), ['hwk', 'mfa', 'phr', 'user']);

        // Autofill: the username field offers the passkey; the virtual authenticator picks it at once.
        verifier = await authorize(page, rp, lang);
        let passwordForm = '';
        await page.route(/\/password$/, async (route) => {
          const response = await route.fetch();
          passwordForm = await response.text();
          await route.fulfill({ response, body: passwordForm });
        });
        await page.getByRole('link', { name: TEXT.passwordMethod }).click();
        assert.deepEqual(await amrAtCallback(page, rp, verifier), ['hwk', 'mfa', 'phr', 'user']);
        assert.match(
          passwordForm,
          /autocomplete="username webauthn"/,
          'the username field asks the browser to offer passkeys',
        );
        await page.unroute(/\/password$/);

        // The second factor after a password: the passkey screen comes by itself (her only option).
        verifier = await authorize(page, secondRp, lang);
        await page.getByLabel(TEXT.username).fill('anna');
        await page.getByLabel(TEXT.password).fill(DEMO_PASSWORD);
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/second-factor\/passkey$/);
        await journey.portvakt(page, 'second-factor');
        await page.getByRole('button', { name: TEXT.use }).click();
        assert.deepEqual(await amrAtCallback(page, secondRp, verifier), ['hwk', 'mfa', 'phr', 'pwd', 'user']);

        // A clone: the same key with its counter set back to where it was at creation.
        const [original] = (
          await authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: authenticator.id })
        ).credentials;
        assert.ok(original!.signCount > 1, 'the logins above moved the counter');
        await authenticator.cdp.send('WebAuthn.removeCredential', {
          authenticatorId: authenticator.id,
          credentialId: original!.credentialId,
        });
        await authenticator.cdp.send('WebAuthn.addCredential', {
          authenticatorId: authenticator.id,
          credential: { ...original!, signCount: 0 },
        });
        const clonesBefore = await refusals('cloned');
        await authorize(page, rp, lang);
        await page.getByRole('link', { name: TEXT.passkeyMethod }).click();
        await page.getByRole('button', { name: TEXT.use }).click();
        await page.getByRole('alert').filter({ hasText: TEXT.refused }).waitFor();
        await journey.portvakt(page, 'passkey-refused');
        assert.equal(await refusals('cloned'), clonesBefore + 1);
        // Back to the real counter, for what follows.
        await authenticator.cdp.send('WebAuthn.removeCredential', {
          authenticatorId: authenticator.id,
          credentialId: original!.credentialId,
        });
        await authenticator.cdp.send('WebAuthn.addCredential', {
          authenticatorId: authenticator.id,
          credential: { ...original!, signCount: original!.signCount + 10 },
        });

        // A passkey made for another site: the browser does not offer it here at all.
        const other = await authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: authenticator.id });
        await authenticator.cdp.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.id });
        await authenticator.cdp.send('WebAuthn.addCredential', {
          authenticatorId: authenticator.id,
          credential: {
            ...other.credentials[0]!,
            credentialId: Buffer.from(`other-${lang}`).toString('base64'),
            rpId: 'other.localhost',
          },
        });
        await authorize(page, rp, lang);
        await page.getByRole('link', { name: TEXT.passkeyMethod }).click();
        await page.getByRole('button', { name: TEXT.use }).click();
        await page.locator('[data-passkey-error]').filter({ hasText: TEXT.notUsed }).waitFor({ state: 'visible' });
        await authenticator.cdp.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.id });
        for (const credential of other.credentials)
          await authenticator.cdp.send('WebAuthn.addCredential', { authenticatorId: authenticator.id, credential });

        // A phishing page on another origin relays a real challenge; the answer names its origin.
        const attacker = new UserAgent(pv.issuer, lang);
        const start = await attacker.open(
          oidc
            .buildAuthorizationUrl(rp, {
              redirect_uri: CALLBACK,
              scope: 'openid',
              code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
              code_challenge_method: 'S256',
            })
            .toString(),
        );
        const base = /\/interaction\/[^/?#]+/.exec(new URL(start.url).pathname)![0];
        const screen = await attacker.open(`${base}/passkey`);
        const csrf = /name="csrf" value="([^"]+)"/.exec(screen.html)![1]!;
        relay.options = JSON.parse(
          (await attacker.open(`${base}/passkey/options`, { method: 'POST', form: { csrf } })).html,
        );
        const relayed = new Promise<string>((resolve) => (relay.answer = resolve));
        await page.goto(phishingOrigin);
        await page.getByRole('button', { name: 'Log in' }).click();
        const originsBefore = await refusals('origin');
        const result = await attacker.submit(screen, `${base}/passkey`, { credential: await relayed });
        assert.equal(result.status, 400);
        assert.equal(new URL(result.url).searchParams.get('code'), null, 'no code for the attacker');
        assert.equal(await refusals('origin'), originsBefore + 1);

        // Removal, from the account page (the login there is fresh), told to the person.
        await page.goto(`${pv.issuer}/account`);
        const item = page.locator('ul.passkeys li', { hasText: name });
        await item.locator('form[action="/account/passkeys/remove"] button').click();
        await page.waitForURL(/done=passkeyRemoved/);
        assert.equal(await page.locator('ul.passkeys li', { hasText: name }).count(), 0);
        const removed = messaging.outbox.list({ to: ANNA_EMAIL }).filter((message) => message.text.includes(name));
        assert.equal(removed.length, 2, 'one notice for the new passkey, one for its removal');
      } catch (error) {
        if (process.env.DEBUG_PASSKEYS && dumpOnFailure)
          console.log(dumpOnFailure.url(), (await dumpOnFailure.content()).slice(0, 3000));
        throw error;
      } finally {
        await journey.close();
      }
    });
  }
});
