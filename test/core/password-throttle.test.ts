// The password check's counters: hitAndRead (one statement for a hit and a read), the account's
// and the address's failure counts, and a success that clears only what its address counted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { fromAddressKey, loginNameKey, loginSubjectKey } from '../../src/security/throttle.ts';
import { DEMO_PASSWORD, startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';

describe('password throttle', () => {
  let pv: TestPortvakt;
  let config: oidc.Configuration;
  before(async () => {
    pv = await startPortvakt({
      config: { lockout: { maxFailures: 3, windowSeconds: 600, lockSeconds: 600, perAddressPerMinute: 200 } },
    });
    config = await discover(pv.issuer);
  });
  after(() => pv.close());

  const authUrl = () =>
    oidc
      .buildAuthorizationUrl(config, {
        redirect_uri: 'http://127.0.0.1:9/callback',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })
      .toString();
  const attempt = async (username: string, password: string) => {
    const agent = new UserAgent(pv.issuer, 'en');
    return agent.submit(await agent.open(authUrl()), '/password', { username, password });
  };
  const counterRows = async (key: string) =>
    (await pv.portvakt.db.query<{ count: number }>('SELECT count FROM throttle_counters WHERE key = $1', [key])).rows;

  test('hitAndRead counts one key and reads another as hit and state would', async () => {
    const { throttle } = pv.portvakt;
    await throttle.hit('test:read', 600);
    await throttle.hit('test:read', 600);
    await throttle.lock('test:read', 120);
    const first = await throttle.hitAndRead('test:hit', 60, 'test:read');
    assert.equal(first.hit.count, 1);
    assert.ok(first.hit.windowLeftSeconds > 0 && first.hit.windowLeftSeconds <= 60);
    assert.equal(first.read.count, 2);
    assert.ok(first.read.lockedForSeconds > 100);
    assert.deepEqual(first.read, await throttle.state('test:read'));
    assert.equal((await throttle.hitAndRead('test:hit', 60, 'test:unknown')).hit.count, 2);
    assert.deepEqual((await throttle.hitAndRead('test:hit', 60, 'test:unknown')).read, {
      count: 0,
      lockedForSeconds: 0,
      windowLeftSeconds: 0,
    });
  });

  test('hitAndRead reads a counter whose window has ended as nothing counted', async () => {
    const { throttle } = pv.portvakt;
    await throttle.hit('test:ended', 600);
    await pv.portvakt.db.query(
      "UPDATE throttle_counters SET window_ends = now() - interval '1 second' WHERE key = 'test:ended'",
    );
    assert.equal((await throttle.hitAndRead('test:hit-ended', 60, 'test:ended')).read.count, 0);
  });

  test('hitAndRead refuses one key for both parts, which would read the count from before the hit', async () => {
    await assert.rejects(pv.portvakt.throttle.hitAndRead('test:same', 60, 'test:same'));
  });

  test('a success clears the failures its address counted before it, so they do not add up to a lock', async () => {
    const bjorn = (await pv.portvakt.accounts.findByLoginName('bjorn'))!;
    const fromHere = fromAddressKey(loginSubjectKey({ accountId: bjorn.id }), '127.0.0.1');
    await attempt('bjorn', 'Wrong-password-1');
    await attempt('bjorn', 'Wrong-password-2');
    assert.equal((await counterRows(fromHere))[0]?.count, 2);
    assert.equal(
      (await counterRows(loginSubjectKey({ accountId: bjorn.id })))[0]?.count,
      2,
      'and the account counts them, whichever name was typed',
    );
    assert.ok(new URL((await attempt('bjorn', DEMO_PASSWORD)).url).searchParams.get('code'));
    assert.deepEqual(await counterRows(fromHere), []);
    await attempt('bjorn', 'Wrong-password-3');
    await attempt('bjorn', 'Wrong-password-4');
    assert.ok(
      new URL((await attempt('bjorn', DEMO_PASSWORD)).url).searchParams.get('code'),
      'two failures after a success do not lock',
    );
  });

  test('an unknown name is counted like a known one', async () => {
    const unknown = await attempt('nobody-at-all', 'Wrong-password-1');
    assert.equal(unknown.status, 400);
    assert.equal((await counterRows(loginNameKey('nobody-at-all')))[0]?.count, 1);
  });
});
