// The login pipeline end to end: after the password, the steps the table names run in order (the
// second factor, then the client's privacy notice) and the login finishes once, with the factor
// that was proven, even where its amr cannot name it (a recovery code).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { DEMO_PASSWORD, startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

const text = (en: string) => ({ sv: en, nb: en, en });
const notice = (controller: string) => ({
  version: '1',
  controller: text(controller),
  purpose: text('Surveys'),
  legalBasis: text('Consent'),
  retention: text('A year'),
  rights: text('Access'),
});
const SURVEY = {
  ...TEST_CLIENT,
  client_id: 'survey',
  client_name: 'Survey',
  redirect_uris: ['http://127.0.0.1:9/survey'],
  login_policy: 'survey',
};

describe('the steps after a password, in order', () => {
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let survey: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt({
      config: {
        privacyNotices: { general: notice('General'), survey: notice('Survey office') },
        policies: {
          default: { methods: ['password'], secondFactor: 'always', secondFactors: ['totp'], privacyNotice: 'general' },
          survey: { methods: ['password'], secondFactor: 'always', secondFactors: ['totp'], privacyNotice: 'survey' },
        },
        clients: [TEST_CLIENT, SURVEY],
      },
    });
    [rp, survey] = await Promise.all([discover(pv.issuer), discover(pv.issuer, SURVEY.client_id)]);
  });
  after(() => pv?.close());

  async function login(
    config: oidc.Configuration,
    redirect: string,
  ): Promise<{ agent: UserAgent; page: Page; verifier: string }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirect,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return {
      agent,
      verifier,
      page: await agent.submit(await agent.open(url.toString()), '/password', {
        username: 'anna',
        password: DEMO_PASSWORD,
      }),
    };
  }

  test('enrolment, then the notice, then one code; a recovery code later still ends in the next client’s notice, not a loop', async () => {
    const first = await login(rp, TEST_CLIENT.redirect_uris[0]!);
    assert.match(first.page.html, /Set up an authenticator app/, 'the second factor comes first');
    const secret = /<code class="secret"[^>]*>([^<]+)<\/code>/.exec(first.page.html)![1]!.replaceAll(' ', '');
    const codes = await first.agent.submit(first.page, '/second-factor/enrol', { code: await generate({ secret }) });
    const recovery = [...codes.html.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((match) => match[1]!);
    const noticePage = await first.agent.submit(codes, '/second-factor/done');
    assert.match(noticePage.html, /General/, 'then the client’s notice');
    const done = await first.agent.submit(noticePage, '/privacy-notice');
    const claims = (
      await oidc.authorizationCodeGrant(rp, new URL(done.url), { pkceCodeVerifier: first.verifier })
    ).claims()!;
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);

    const second = await login(survey, SURVEY.redirect_uris[0]!);
    assert.match(second.page.html, /Code from your authenticator app/);
    const surveyNotice = await second.agent.submit(second.page, '/second-factor/totp', { code: recovery[0]! });
    assert.match(surveyNotice.html, /Survey office/, 'the recovery code did the second factor; the notice follows');
    const finished = await second.agent.submit(surveyNotice, '/privacy-notice');
    const surveyClaims = (
      await oidc.authorizationCodeGrant(survey, new URL(finished.url), { pkceCodeVerifier: second.verifier })
    ).claims()!;
    assert.deepEqual(surveyClaims.amr, ['pwd', 'mfa']);
    assert.equal(surveyClaims.acr, 'http://id.elegnamnden.se/loa/1.0/loa2');
    const finishedLogins = await pv.portvakt.audit.find({ type: 'login.finished', clientId: 'survey' });
    assert.equal(finishedLogins.length, 1, 'the login finished once');
  });
});
