// The Swedish OIDC profile's provider rules that need more than discovery: identity claims by
// scope, signed UserInfo, private_key_jwt, request objects by value and pairwise subjects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as oidc from 'openid-client';
import {
  CompactEncrypt,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  createRemoteJWKSet,
  SignJWT,
  decodeJwt,
  type JWK,
} from 'jose';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';

const SE_PNR = 'https://id.oidc.se/claim/personalIdentityNumber';

describe('Swedish OIDC profile', () => {
  let pv: TestPortvakt;
  let keyPair: Awaited<ReturnType<typeof generateKeyPair>>;
  before(async () => {
    keyPair = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = { ...(await exportJWK(keyPair.publicKey)), kid: 'rp-key-1', alg: 'ES256', use: 'sig' };
    pv = await startPortvakt({
      config: {
        clients: [
          TEST_CLIENT,
          {
            client_id: 'strict-rp',
            redirect_uris: ['http://127.0.0.1:9/strict'],
            token_endpoint_auth_method: 'private_key_jwt',
            jwks: { keys: [publicJwk] },
            userinfo_signed_response_alg: 'ES256',
            subject_type: 'pairwise',
            scope: 'openid profile https://id.oidc.se/scope/naturalPersonNumber',
          },
        ],
      },
    });
  });
  after(() => pv.close());

  test('naturalPersonNumber and naturalPersonInfo put the identity number and birth date in the ID token and UserInfo', async () => {
    const config = await discover(pv.issuer);
    const { tokens } = await loginWithPassword(config, {
      issuer: pv.issuer,
      params: {
        scope: 'openid https://id.oidc.se/scope/naturalPersonNumber https://id.oidc.se/scope/naturalPersonInfo',
      },
    });
    const claims = tokens.claims()!;
    assert.equal(claims[SE_PNR], '198506142382');
    assert.equal(claims.birthdate, '1985-06-14');
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(userinfo[SE_PNR], '198506142382');
  });

  test('private_key_jwt, a signed request object, signed UserInfo and a pairwise sub work together', async () => {
    const config = await discover(
      pv.issuer,
      'strict-rp',
      undefined,
      { token_endpoint_auth_method: 'private_key_jwt', userinfo_signed_response_alg: 'ES256' },
      oidc.PrivateKeyJwt({ key: keyPair.privateKey, kid: 'rp-key-1' }),
    );
    const requestObject = await new SignJWT({
      client_id: 'strict-rp',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:9/strict',
      scope: 'openid profile',
      nonce: 'n-123',
      state: 'st',
      code_challenge: await oidc.calculatePKCECodeChallenge('v'.repeat(43)),
      code_challenge_method: 'S256',
      claims: { id_token: { [SE_PNR]: { essential: true } } },
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'rp-key-1', typ: 'oauth-authz-req+jwt' })
      .setIssuer('strict-rp')
      .setAudience(pv.issuer)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(keyPair.privateKey);
    const { UserAgent } = await import('../support/user-agent.ts');
    const { completeLogin } = await import('../support/relying-party.ts');
    const agent = new UserAgent(pv.issuer, 'en');
    let page = await agent.open(
      `${pv.issuer}/auth?${new URLSearchParams({ client_id: 'strict-rp', request: requestObject, response_type: 'code', scope: 'openid' })}`,
    );
    page = await completeLogin(agent, page, 'anna', 'Demo-Portvakt-2026');
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url), {
      pkceCodeVerifier: 'v'.repeat(43),
      expectedState: 'st',
      expectedNonce: 'n-123',
    });
    const claims = tokens.claims()!;
    assert.equal(claims[SE_PNR], '198506142382', 'the claims parameter inside the request object is honoured');
    assert.doesNotMatch(claims.sub, /^[0-9a-f-]{36}$/, 'pairwise subjects are not the account id');

    const response = await fetch(`${pv.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/jwt');
    const jwks = createRemoteJWKSet(new URL(`${pv.issuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(await response.text(), jwks, {
      issuer: pv.issuer,
      audience: 'strict-rp',
    });
    assert.equal(protectedHeader.alg, 'ES256');
    assert.ok(protectedHeader.kid);
    assert.equal(payload.sub, claims.sub);
  });

  test('UserInfo refuses a call without a valid access token', async () => {
    const response = await fetch(`${pv.issuer}/me`, { headers: { authorization: 'Bearer not-a-token' } });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /invalid_token/);
  });

  test('back-channel logout posts a signed logout token to every client of the session but the one that asked with its id_token_hint', async () => {
    const received: string[] = [];
    const rp = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.end();
      });
    });
    await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
    const port = (rp.address() as { port: number }).port;
    try {
      const { SqlAdapter } = await import('../../adapters/oidc-adapter.ts');
      const clients = new SqlAdapter(pv.portvakt.db, 'Client');
      for (const id of ['bcl-rp', 'bcl-other']) {
        await clients.upsert(
          id,
          {
            client_id: id,
            client_secret: `${id}-secret-0123456789abcdefghijklmnopq`,
            redirect_uris: [`http://127.0.0.1:9/${id}`],
            post_logout_redirect_uris: ['http://127.0.0.1:9/bye'],
            backchannel_logout_uri: `http://127.0.0.1:${port}/backchannel/${id}`,
            backchannel_logout_session_required: true,
            grant_types: ['authorization_code'],
            response_types: ['code'],
            first_party: true,
          },
          0,
        );
      }
      const [config, other] = await Promise.all([
        discover(pv.issuer, 'bcl-rp', 'bcl-rp-secret-0123456789abcdefghijklmnopq'),
        discover(pv.issuer, 'bcl-other', 'bcl-other-secret-0123456789abcdefghijklmnopq'),
      ]);
      const session = async () => {
        const { tokens, agent } = await loginWithPassword(config, {
          issuer: pv.issuer,
          redirectUri: 'http://127.0.0.1:9/bcl-rp',
          params: { scope: 'openid', prompt: 'login' },
        });
        // The same Portvakt session signs the person in to the second client too.
        const sso = await agent.open(
          oidc
            .buildAuthorizationUrl(other, {
              redirect_uri: 'http://127.0.0.1:9/bcl-other',
              scope: 'openid',
              code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
              code_challenge_method: 'S256',
            })
            .toString(),
        );
        assert.ok(new URL(sso.url).searchParams.get('code'));
        return { tokens, agent };
      };
      const audiences = () => received.map((token) => decodeJwt(token).aud).sort();

      const first = await session();
      const confirm = await first.agent.open(
        oidc
          .buildEndSessionUrl(config, {
            id_token_hint: first.tokens.id_token!,
            post_logout_redirect_uri: 'http://127.0.0.1:9/bye',
          })
          .toString(),
      );
      await first.agent.submit(confirm, '/session/end/confirm', { logout: 'yes' });
      assert.deepEqual(audiences(), ['bcl-other'], 'the client that asked, with a valid hint, already knows');
      const logoutToken = decodeJwt(received[0]!);
      assert.equal(logoutToken.sub, first.tokens.claims()!.sub);
      assert.ok(logoutToken.sid);
      assert.ok((logoutToken.events as Record<string, unknown>)['http://schemas.openid.net/event/backchannel-logout']);

      received.length = 0;
      const second = await session();
      // A logout link that names the client without a hint proves nothing about who asked: everyone is told.
      const unnamed = await second.agent.open(
        `${pv.issuer}/session/end?client_id=bcl-rp&post_logout_redirect_uri=${encodeURIComponent('http://127.0.0.1:9/bye')}`,
      );
      await second.agent.submit(unnamed, '/session/end/confirm', { logout: 'yes' });
      assert.deepEqual(audiences(), ['bcl-other', 'bcl-rp']);
    } finally {
      rp.close();
    }
  });

  test('a request object encrypted to Portvakt (RSA-OAEP, A256GCM) is accepted', async () => {
    const { keys } = (await (await fetch(`${pv.issuer}/jwks`)).json()) as { keys: (JWK & { use?: string })[] };
    const encryptionKey = keys.find((key) => key.use === 'enc')!;
    const signed = await new SignJWT({
      client_id: 'strict-rp',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:9/strict',
      scope: 'openid',
      state: 'enc',
      code_challenge: await oidc.calculatePKCECodeChallenge('w'.repeat(43)),
      code_challenge_method: 'S256',
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'rp-key-1' })
      .setIssuer('strict-rp')
      .setAudience(pv.issuer)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(keyPair.privateKey);
    const encrypted = await new CompactEncrypt(new TextEncoder().encode(signed))
      .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: encryptionKey.kid!, cty: 'JWT' })
      .encrypt(await importJWK(encryptionKey, 'RSA-OAEP'));
    const { UserAgent } = await import('../support/user-agent.ts');
    const page = await new UserAgent(pv.issuer, 'en').open(
      `${pv.issuer}/auth?${new URLSearchParams({ client_id: 'strict-rp', request: encrypted, response_type: 'code', scope: 'openid' })}`,
    );
    assert.match(page.html, /name="password"/, 'the decrypted request reached the login screen');
  });
});
