// The whole authorization code flow as a relying party sees it: login with a password, ID token
// contents, userinfo, refresh, introspection, revocation and logout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { decodeProtectedHeader } from 'jose';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';

describe('authorization code flow with PKCE', () => {
  let pv: TestPortvakt;
  let config: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt();
    config = await discover(pv.issuer);
  });
  after(() => pv.close());

  test('a password login yields a valid ID token with auth_time, acr and amr', async () => {
    const startedAt = Math.floor(Date.now() / 1000) - 1;
    const { tokens } = await loginWithPassword(config, { issuer: pv.issuer });
    const claims = tokens.claims()!;
    assert.equal(claims.iss, pv.issuer);
    assert.equal(claims.aud, 'test-rp');
    assert.ok(typeof claims.auth_time === 'number' && claims.auth_time >= startedAt);
    assert.equal(claims.acr, 'http://id.elegnamnden.se/loa/1.0/loa1');
    assert.deepEqual(claims.amr, ['pwd']);
    assert.ok(claims.exp - claims.iat <= 300, 'ID tokens live at most 5 minutes');
    assert.match(claims.sub, /^[0-9a-f-]{36}$/);
    assert.notEqual(claims.sub, '198506142382');
    assert.ok(decodeProtectedHeader(tokens.id_token!).kid, 'the ID token names its key');
  });

  test('userinfo returns the profile and e-mail the scopes asked for', async () => {
    const { tokens } = await loginWithPassword(config, { issuer: pv.issuer });
    const sub = tokens.claims()!.sub;
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    assert.equal(userinfo.given_name, 'Anna');
    assert.equal(userinfo.family_name, 'Andersson');
    assert.equal(userinfo.email, 'anna.andersson@example.org');
    assert.equal(userinfo.email_verified, true);
    assert.equal(
      userinfo['https://id.oidc.se/claim/personalIdentityNumber'],
      undefined,
      'no identity number without its scope',
    );
    // Every claim discovery lists for the profile scope is one Portvakt can return.
    const updatedAt = userinfo.updated_at as number;
    assert.ok(
      Number.isInteger(updatedAt) && updatedAt <= Date.now() / 1000 && updatedAt > Date.now() / 1000 - 86_400 * 365,
      `updated_at in seconds: ${updatedAt}`,
    );
    assert.equal(userinfo.locale, undefined, 'no language chosen yet, none invented');
    await pv.portvakt.db.query("UPDATE accounts SET locale = 'nb', updated_at = now() WHERE id = $1", [sub]);
    const after = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    assert.equal(after.locale, 'nb');
    assert.ok((after.updated_at as number) >= updatedAt);
  });

  test('refresh, introspect and revoke behave as RFC 6749, 7662 and 7009 say', async () => {
    const { tokens } = await loginWithPassword(config, { issuer: pv.issuer });
    assert.ok(tokens.refresh_token, 'offline_access with consent gives a refresh token');
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
    assert.ok(refreshed.access_token);
    assert.notEqual(refreshed.access_token, tokens.access_token);

    const active = await oidc.tokenIntrospection(config, refreshed.access_token);
    assert.equal(active.active, true);
    assert.equal(active.client_id, 'test-rp');
    assert.equal(active.sub, tokens.claims()!.sub);

    await oidc.tokenRevocation(config, refreshed.access_token);
    const revoked = await oidc.tokenIntrospection(config, refreshed.access_token);
    assert.equal(revoked.active, false);
  });

  test('a code is redeemed once; the second attempt is invalid_grant', async () => {
    const { callback, verifier } = await loginWithPassword(config, { issuer: pv.issuer });
    const code = callback.searchParams.get('code')!;
    const response = await fetch(`${pv.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('test-rp:test-rp-secret-0123456789abcdefghijklmnop').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://127.0.0.1:9/callback',
        code_verifier: verifier,
      }),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_grant');
  });

  test('a wrong client secret is refused with 401 invalid_client', async () => {
    const wrong = await discover(pv.issuer, 'test-rp', 'not-the-secret-0123456789abcdefghijklmn');
    await assert.rejects(oidc.clientCredentialsGrant(wrong), (error: oidc.ResponseBodyError) => {
      assert.equal(error.error, 'invalid_client');
      assert.equal(error.status, 401);
      return true;
    });
  });

  test('the client credentials grant issues an introspectable token', async () => {
    const tokens = await oidc.clientCredentialsGrant(config);
    const info = await oidc.tokenIntrospection(config, tokens.access_token);
    assert.equal(info.active, true);
    assert.equal(info.client_id, 'test-rp');
  });

  test('RP-initiated logout ends the session and returns to the registered URI', async () => {
    const { tokens, agent } = await loginWithPassword(config, { issuer: pv.issuer });
    const logoutUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'http://127.0.0.1:9/logged-out',
      state: 'bye',
    });
    const confirm = await agent.open(logoutUrl.toString());
    // The hint names this session, so nothing is asked: the page presses its own button.
    assert.doesNotMatch(confirm.html, /Vill du logga ut/);
    assert.match(confirm.html, /data-auto-submit/);
    assert.match(confirm.html, /Du loggas ut från/);
    const done = await agent.submit(confirm, '/session/end/confirm', { logout: 'yes' });
    assert.equal(done.url, 'http://127.0.0.1:9/logged-out?state=bye');
    // With the session gone, prompt=none can no longer log in silently.
    const silent = await agent.open(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: 'http://127.0.0.1:9/callback',
          scope: 'openid',
          prompt: 'none',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    assert.equal(new URL(silent.url).searchParams.get('error'), 'login_required');
  });
});
