// The login_network claim: the configured network a login came from, in the ID token, at UserInfo
// and after a refresh, absent for a login from anywhere else; and named networks in policies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { validateConfig } from '../../src/config/load.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

describe('login_network claim', () => {
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt({
      config: {
        // 127.0.0.1 stands for the organisation's proxy; 127.0.0.2 is any other machine.
        http: { trustedProxies: ['127.0.0.1'] },
        networks: { office: ['192.0.2.0/24'], school: ['198.51.100.0/24', '2001:db8:5::/48'] },
        clients: [TEST_CLIENT],
      },
    });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
  });

  const fromAddress = (address: string, localAddress?: string) =>
    new UserAgent(pv.issuer, 'en', {
      headers: { 'x-forwarded-for': address },
      ...(localAddress ? { localAddress } : {}),
    });

  test('a login from a named network carries its name in the ID token, at UserInfo and after a refresh', async () => {
    const { tokens } = await loginWithPassword(rp, { issuer: pv.issuer, agent: fromAddress('192.0.2.44') });
    assert.equal(tokens.claims()!.login_network, 'office');
    const userinfo = await oidc.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub);
    assert.equal(userinfo.login_network, 'office');
    const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
    assert.equal(refreshed.claims()!.login_network, 'office');
  });

  test('each login is named by its own network, IPv6 included', async () => {
    const { tokens } = await loginWithPassword(rp, { issuer: pv.issuer, agent: fromAddress('2001:db8:5::17') });
    assert.equal(tokens.claims()!.login_network, 'school');
  });

  test('a login from no named network has no login_network at all', async () => {
    const { tokens } = await loginWithPassword(rp, { issuer: pv.issuer, agent: fromAddress('203.0.113.9') });
    assert.equal(tokens.claims()!.login_network, undefined);
    assert.equal((await oidc.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub)).login_network, undefined);
  });

  test('an office address claimed by a machine that is not the proxy does not name the office', async () => {
    const { tokens } = await loginWithPassword(rp, {
      issuer: pv.issuer,
      agent: fromAddress('192.0.2.44', '127.0.0.2'),
    });
    assert.equal(tokens.claims()!.login_network, undefined);
  });

  test('a new login in the same session replaces the network of the one before', async () => {
    const headers = { 'x-forwarded-for': '192.0.2.44' };
    const agent = new UserAgent(pv.issuer, 'en', { headers });
    const first = await loginWithPassword(rp, { issuer: pv.issuer, agent });
    assert.equal(first.tokens.claims()!.login_network, 'office');
    // The person carries the laptop home: the same browser session, no longer through the office.
    headers['x-forwarded-for'] = '203.0.113.9';
    const again = await loginWithPassword(rp, { issuer: pv.issuer, agent, params: { prompt: 'login' } });
    assert.equal(again.tokens.claims()!.sid, first.tokens.claims()!.sid, 'the same Portvakt session');
    assert.equal(again.tokens.claims()!.login_network, undefined);
  });

  test('discovery lists the claim', async () => {
    assert.ok(rp.serverMetadata().claims_supported?.includes('login_network'));
  });
});

describe('named networks in configuration', () => {
  const base = { issuer: 'https://id.example.org', networks: { office: ['10.20.0.0/16'] } };

  test('a policy may name a network; it is resolved to its CIDRs once, at load', () => {
    const config = validateConfig({
      ...base,
      policies: { default: { methods: ['password'], trustedNetworks: ['office', '192.0.2.0/24'] } },
    });
    assert.deepEqual(config.policies.default!.trustedNetworks, ['10.20.0.0/16', '192.0.2.0/24']);
  });

  test('an unknown name, a bad name and a bad CIDR are each explained by their key', () => {
    assert.throws(
      () => validateConfig({ ...base, policies: { default: { methods: ['password'], trustedNetworks: ['offices'] } } }),
      /policies\.default\.trustedNetworks: "offices" is neither a CIDR nor defined under networks/,
    );
    assert.throws(
      () => validateConfig({ ...base, networks: { Office: ['10.20.0.0/16'] } }),
      /networks\.Office: a network name is lower-case letters/,
    );
    assert.throws(
      () => validateConfig({ ...base, networks: { office: ['10.20.0.0/33'] } }),
      /networks\.office\.0: expected a network such as 10\.20\.0\.0\/16/,
    );
    assert.throws(() => validateConfig({ ...base, networks: { office: [] } }), /networks\.office: /);
  });
});
