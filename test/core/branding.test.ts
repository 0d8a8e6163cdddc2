// Screens, e-mails and SMS in the organisation's look: its name, logo and colours, checked for
// contrast when the configuration loads. A client registered by anyone never wears an
// organisation's brand, even when it names that organisation's login policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { validateConfig } from '../../src/config/load.ts';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent } from '../support/user-agent.ts';
import { adminClient } from '../support/admin-client.ts';

const IAT = 'branding-initial-access-token-0123456789';
const BRAND = {
  name: { sv: 'Exempelstads kommun', nb: 'Exempelstads kommune', en: 'Exempelstad Municipality' },
  colours: { accent: '#0b4f8a' },
  emailSenderName: 'Exempelstads kommun',
  smsSender: 'Exempelstad',
  poweredBy: true,
};

describe('organisation branding', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let adminToken: string;
  before(async () => {
    const operator = await adminClient();
    const dir = await mkdtemp(join(tmpdir(), 'portvakt-brand-'));
    const logo = join(dir, 'logo.svg');
    await writeFile(
      logo,
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>',
    );
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        registration: { initialAccessToken: IAT },
        brands: { exempelstad: { ...BRAND, logo: { file: logo } } },
        policies: {
          default: { methods: ['password'] },
          municipal: {
            brand: 'exempelstad',
            methods: ['password'],
            secondFactor: 'always',
            secondFactors: ['sms', 'email'],
          },
        },
        clients: [{ ...TEST_CLIENT, client_name: 'E-portal', login_policy: 'municipal' }, operator.metadata],
      },
    });
    adminToken = await operator.token(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function loginScreen(rp: oidc.Configuration, redirectUri = TEST_CLIENT.redirect_uris[0]!) {
    const agent = new UserAgent(pv.issuer, 'sv');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    return { agent, page: await agent.open(url.toString()) };
  }

  test('the login screen names the organisation, shows its logo and colours, and says who provides it', async () => {
    const { page } = await loginScreen(await discover(pv.issuer));
    assert.match(
      page.html,
      /<header class="top"><span class="brand"><img class="brand-logo" src="\/brand\/exempelstad\/logo"[^>]*>Exempelstads kommun<\/span>/,
    );
    assert.match(page.html, /<title>[^<]* – Exempelstads kommun<\/title>/);
    assert.match(page.html, /<link rel="stylesheet" href="\/brand\/exempelstad\.css">/);
    assert.match(page.html, /Inloggningen tillhandahålls av Portvakt\./);
    const css = await fetch(`${pv.issuer}/brand/exempelstad.css`);
    assert.match(await css.text(), /--accent: #0b4f8a;/);
    const logo = await fetch(`${pv.issuer}/brand/exempelstad/logo`);
    assert.equal(logo.headers.get('content-type'), 'image/svg+xml');
    assert.equal(logo.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'");
  });

  test('codes go out under the organisation’s name: the e-mail sender and the SMS sender ID', async () => {
    const { agent, page } = await loginScreen(await discover(pv.issuer));
    const choose = await agent.submit(page, '/password', { username: 'bjorn', password: DEMO_PASSWORD });
    await agent.submit(choose, '/second-factor/choose', { factor: 'email' });
    const mail = messaging.outbox.list({ to: 'bjorn.berg@example.org' })[0]!;
    assert.match(mail.from ?? '', /Exempelstads kommun/);
    const again = await loginScreen(await discover(pv.issuer));
    const chooseSms = await again.agent.submit(again.page, '/password', { username: 'bjorn', password: DEMO_PASSWORD });
    await again.agent.submit(chooseSms, '/second-factor/choose', { factor: 'sms-0' });
    const sms = messaging.outbox.list({ to: '+46701234567' })[0]!;
    assert.equal(sms.from, 'Exempelstad');
  });

  test('an invitation comes from the organisation, by name and sender, and its page wears the brand', async () => {
    const email = 'ny.kollega@example.org';
    const response = await fetch(`${pv.issuer}/admin/v1/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, client_id: TEST_CLIENT.client_id, locale: 'sv' }),
    });
    assert.equal(response.status, 201);
    const mail = messaging.outbox.list({ to: email })[0]!;
    assert.match(mail.from ?? '', /Exempelstads kommun/);
    assert.match(mail.text, /Exempelstads kommun har bjudit in dig att skapa ett konto för E-portal\./);
    assert.doesNotMatch(mail.text, /Portvakt/);
    const link = /(http:\/\/\S+\/invitation\/[\w-]{43})/.exec(mail.text)![1]!;
    const page = await new UserAgent(pv.issuer, 'sv').open(link);
    assert.match(page.html, /<span class="brand">[^]*Exempelstads kommun<\/span>/);
  });

  test('a registered client naming the organisation’s policy gets no brand, and may not name one', async () => {
    const refused = await fetch(`${pv.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${IAT}` },
      body: JSON.stringify({ redirect_uris: ['https://rp.example.org/cb'], brand: 'exempelstad' }),
    });
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { error: string }).error, 'invalid_client_metadata');

    const registered = await fetch(`${pv.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${IAT}` },
      body: JSON.stringify({
        redirect_uris: ['https://rp.example.org/cb'],
        client_name: 'Exempelstads kommun',
        login_policy: 'municipal',
      }),
    });
    assert.equal(registered.status, 201);
    const client = (await registered.json()) as { client_id: string; client_secret: string };
    const rp = await discover(pv.issuer, client.client_id, client.client_secret);
    const { page } = await loginScreen(rp, 'https://rp.example.org/cb');
    assert.match(page.html, /name="password"/);
    assert.doesNotMatch(page.html, /\/brand\/exempelstad/, 'no logo or colours lent to it');
    assert.doesNotMatch(page.html, /tillhandahålls av Portvakt/);
  });

  test('a theme without contrast, and a brand nobody defined, stop the start with what is wrong', () => {
    assert.throws(
      () =>
        validateConfig({
          ...pv.config,
          brands: { pale: { ...BRAND, colours: { accent: '#8fb3d9' } } },
        }),
      /brands\.pale\.colours\.accent: #8fb3d9 on #ffffff has contrast [\d.]+:1; links and buttons need at least 4\.5:1/,
    );
    assert.throws(
      () => validateConfig({ ...pv.config, policies: { default: { methods: ['password'], brand: 'nobody' } } }),
      /policies\.default\.brand: "nobody" is not defined under brands/,
    );
  });
});
