// A client's privacy notice: accepted before the first login to it completes, recorded with its
// version, and asked again when the version changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

const text = (sv: string) => ({ sv, nb: `${sv} (nb)`, en: `${sv} (en)` });

describe('privacy notice', () => {
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt({
      config: {
        privacyNotices: {
          kommun: {
            version: '2026-1',
            controller: text('Exempelkommunen'),
            purpose: text('Kursadministration'),
            legalBasis: text('Allmänt intresse'),
            retention: text('Två år'),
            rights: text('Rätt till tillgång och rättelse'),
          },
        },
        policies: { default: { methods: ['password'], privacyNotice: 'kommun' } },
        clients: [TEST_CLIENT],
      },
    });
    rp = await discover(pv.issuer);
  });
  after(() => pv?.close());

  async function login() {
    const agent = new UserAgent(pv.issuer, 'sv');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'openid',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    return {
      agent,
      page: await agent.submit(await agent.open(url.toString()), '/password', {
        username: 'anna',
        password: DEMO_PASSWORD,
      }),
    };
  }

  test('the first login shows the notice; declining returns access_denied', async () => {
    const { agent, page } = await login();
    assert.match(page.html, /Behandling av personuppgifter/);
    assert.match(page.html, /Exempelkommunen/);
    assert.match(page.html, /Version 2026-1/);
    const declined = await agent.submit(page, '/abort');
    assert.equal(new URL(declined.url).searchParams.get('error'), 'access_denied');
  });

  test('accepting completes the login and is recorded; the next login does not ask', async () => {
    const first = await login();
    const done = await first.agent.submit(first.page, '/privacy-notice');
    assert.ok(new URL(done.url).searchParams.get('code'));
    const { rows } = await pv.portvakt.db.query<{ notice: string; version: string; client_id: string }>(
      'SELECT notice, version, client_id FROM privacy_acceptances',
    );
    assert.deepEqual(
      rows.map((row) => [row.notice, row.version, row.client_id]),
      [['kommun', '2026-1', 'test-rp']],
    );
    const second = await login();
    assert.ok(new URL(second.page.url).searchParams.get('code'), 'no notice the second time');
  });

  test('a new version asks again', async () => {
    await pv.portvakt.db.query("UPDATE privacy_acceptances SET version = '2025-3'");
    const { page } = await login();
    assert.match(page.html, /Version 2026-1/);
  });
});
