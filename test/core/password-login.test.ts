// The login screens as a person meets them: language, hints, errors that reveal nothing,
// lockout shared through the database, CSRF protection, audit events.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD, startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, findForm } from '../support/user-agent.ts';

describe('password login screens', () => {
  let pv: TestPortvakt;
  let config: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt({
      config: { lockout: { maxFailures: 3, windowSeconds: 600, lockSeconds: 600, perAddressPerMinute: 200 } },
    });
    config = await discover(pv.issuer);
  });
  after(() => pv.close());

  const authUrl = (params: Record<string, string> = {}) =>
    oidc
      .buildAuthorizationUrl(config, {
        redirect_uri: 'http://127.0.0.1:9/callback',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
        ...params,
      })
      .toString();

  test('ui_locales wins over Accept-Language, which wins over the default', async () => {
    const norwegian = await new UserAgent(pv.issuer, 'en').open(authUrl({ ui_locales: 'nb' }));
    assert.match(norwegian.html, /<html lang="nb">/);
    assert.match(norwegian.html, /Brukernavn eller e-postadresse/);
    const english = await new UserAgent(pv.issuer, 'en-GB,en;q=0.9').open(authUrl());
    assert.match(english.html, /Username or e-mail address/);
    const fallback = await new UserAgent(pv.issuer, 'de').open(authUrl());
    assert.match(fallback.html, /<html lang="sv">/);
  });

  test('the form is labelled, protected by CSRF and a strict CSP, and prefilled from login_hint', async () => {
    const page = await new UserAgent(pv.issuer, 'en').open(authUrl({ login_hint: 'bjorn' }));
    assert.match(page.html, /<label for="username">/);
    assert.match(page.html, /<label for="password">/);
    assert.match(page.html, /id="username"[^>]*value="bjorn"/);
    assert.ok(findForm(page.html, '/password').hidden.csrf);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:9/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
  });

  test('an unknown user and a wrong password get the same answer', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    const unknown = await agent.submit(await agent.open(authUrl()), '/password', {
      username: 'nobody-here',
      password: 'Whatever-123',
    });
    const wrong = await agent.submit(await agent.open(authUrl()), '/password', {
      username: 'bjorn',
      password: 'Whatever-123',
    });
    assert.equal(unknown.status, wrong.status);
    const message = (html: string) => /<p class="error" role="alert"[^>]*>([^<]*)</.exec(html)?.[1];
    assert.equal(message(unknown.html), 'The username or password is not correct. Check them and try again.');
    assert.equal(message(unknown.html), message(wrong.html));
  });

  test('a post without the CSRF token is refused and logs nobody in', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    const page = await agent.open(authUrl());
    const { action } = findForm(page.html, '/password');
    const forged = await agent.open(new URL(action, page.url).toString(), {
      method: 'POST',
      form: { username: 'anna', password: DEMO_PASSWORD },
    });
    assert.equal(forged.status, 403);
    assert.match(forged.html, /The form could not be verified/);
  });

  test('after too many failures from one address, that address is locked out of the name', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await agent.submit(await agent.open(authUrl()), '/password', {
        username: 'locked-name-test',
        password: 'Wrong-password-1',
      });
    }
    const locked = await agent.submit(await agent.open(authUrl()), '/password', {
      username: 'Locked-Name-Test',
      password: 'Wrong-password-1',
    });
    assert.equal(locked.status, 429);
    assert.match(locked.html, /Too many attempts/);
    const events = await pv.portvakt.audit.find({ type: 'account.locked' });
    assert.deepEqual(
      events.map((event) => (event.detail as { scope: string }).scope).sort(),
      ['account', 'account_address'],
      'this address, and the name as a whole (which only refuses addresses that failed)',
    );
  });

  test('a successful login is audited with method and client, without the password', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    const done = await agent.submit(await agent.open(authUrl({ state: 'a' })), '/password', {
      username: 'bjorn',
      password: DEMO_PASSWORD,
    });
    assert.ok(new URL(done.url).searchParams.get('code'));
    const finished = await pv.portvakt.audit.find({ type: 'login.finished' });
    assert.equal(finished.at(-1)!.clientId, 'test-rp');
    assert.deepEqual(finished.at(-1)!.detail.amr, ['pwd']);
    const all = JSON.stringify(await pv.portvakt.audit.find({}));
    assert.ok(!all.includes(DEMO_PASSWORD));
  });

  test('prompt=none answers login_required, prompt=login asks again despite a session', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    const silent = await agent.open(authUrl({ prompt: 'none' }));
    assert.equal(new URL(silent.url).searchParams.get('error'), 'login_required');
    await agent.submit(await agent.open(authUrl()), '/password', { username: 'anna', password: DEMO_PASSWORD });
    const sso = await agent.open(authUrl({ prompt: 'none' }));
    assert.ok(new URL(sso.url).searchParams.get('code'), 'an existing session logs in silently');
    const again = await agent.open(authUrl({ prompt: 'login' }));
    assert.match(again.html, /name="password"/);
    const stale = await agent.open(authUrl({ max_age: '0' }));
    assert.match(stale.html, /name="password"/);
  });

  test('an essential acr that no offered method reaches ends in unmet_authentication_requirements', async () => {
    const claims = JSON.stringify({
      id_token: { acr: { essential: true, values: ['http://id.elegnamnden.se/loa/1.0/loa3'] } },
    });
    const page = await new UserAgent(pv.issuer, 'en').open(authUrl({ claims }));
    assert.equal(new URL(page.url).searchParams.get('error'), 'unmet_authentication_requirements');
  });

  test('cancelling returns access_denied to the relying party', async () => {
    const agent = new UserAgent(pv.issuer, 'en');
    const page = await agent.open(authUrl({ state: 'c' }));
    const back = await agent.submit(page, '/abort');
    const url = new URL(back.url);
    assert.equal(url.searchParams.get('error'), 'access_denied');
    assert.equal(url.searchParams.get('state'), 'c');
  });
});
