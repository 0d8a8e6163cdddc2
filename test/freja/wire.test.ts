// The wire: mutual TLS both ways, Freja's `name=<base64 JSON>` bodies (never form-encoded), and
// the error codes and statuses the simulator gives: 400 for an unreadable request, 422 for a refused one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FrejaError } from '../../src/eid/freja/errors.ts';
import { messageKeyForFailure } from '../../src/eid/freja/messages.ts';
import type { FrejaAttribute } from '../../src/eid/freja/types.ts';
import { DEFAULT_PERSONS, TRANSACTION_MS } from '../../simulators/freja/index.ts';
import { startRelay, type Relay } from './relay.ts';
import { app, base64Json, clientFor, rawPost, rejection, startHarness, type Harness } from './support.ts';

// An address whose request JSON encodes to base64 with a `+`, which form-decoding would turn into a space.
const PLUS_EMAIL = 'bergþór@example.org';

let h: Harness;
let other: Harness;
let relay: Relay;
before(async () => {
  h = await startHarness({
    persons: [
      ...DEFAULT_PERSONS,
      {
        id: 'bergthor',
        givenName: 'Bergþór',
        surname: 'Jónsson',
        email: PLUS_EMAIL,
        dateOfBirth: '1979-05-02',
        registrationLevel: 'PLUS',
      },
    ],
  });
  other = await startHarness();
  relay = await startRelay(h);
});
after(async () => {
  await relay.close();
  await other.close();
  await h.close();
});

describe('mutual TLS', () => {
  test('a caller without a client certificate is refused during the handshake', async () => {
    const error = await rejection(
      rawPost(h.sim, '/authentication/1.0/getOneResult', `getOneAuthResultRequest=${base64Json({ authRef: 'x' })}`, {
        withCertificate: false,
      }),
    );
    assert.match(
      String((error as NodeJS.ErrnoException).code),
      /ECONNRESET|ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED|EPIPE/,
    );
  });

  test('a client certificate from another CA is refused', async () => {
    const stranger = clientFor(h.sim, { pfx: other.sim.clientPfx, passphrase: other.sim.clientPassphrase });
    try {
      const error = await rejection(stranger.initAuthentication({ userInfoType: 'INFERRED' }));
      assert.ok(error instanceof FrejaError && error.code === 'unreachable');
      assert.equal(messageKeyForFailure(error), 'freja.unreachable');
    } finally {
      stranger.close();
    }
  });

  test('the client refuses a server its pinned CA did not issue', async () => {
    const misled = clientFor(h.sim, { serverCaPem: other.sim.caCertPem });
    try {
      const error = await rejection(misled.initAuthentication({ userInfoType: 'INFERRED' }));
      assert.ok(error instanceof FrejaError && error.code === 'unreachable');
      assert.match(String(error.detail?.errorCode), /CERT|SIGNATURE|ISSUER/);
    } finally {
      misled.close();
    }
  });
});

describe('request encoding', () => {
  test('bodies are `<parameter>=<standard base64 JSON>`, with `+` sent raw and understood by Freja', async () => {
    const client = clientFor(h.sim, { baseUrl: relay.url });
    try {
      relay.calls.length = 0;
      const { authRef } = await client.initAuthentication({ userInfoType: 'EMAIL', email: PLUS_EMAIL });
      await client.getOneResult(authRef);
      await client.cancel(authRef);
      const expected = base64Json({
        userInfoType: 'EMAIL',
        userInfo: PLUS_EMAIL,
        minRegistrationLevel: 'PLUS',
        attributesToReturn: ['BASIC_USER_INFO', 'SSN', 'EMAIL_ADDRESS', 'DATE_OF_BIRTH', 'REGISTRATION_LEVEL'].map(
          (attribute) => ({ attribute }),
        ),
      });
      assert.ok(expected.includes('+'), 'the chosen e-mail must exercise a + in base64');
      assert.deepEqual(relay.calls, [
        { path: '/authentication/1.0/initAuthentication', body: `initAuthRequest=${expected}` },
        { path: '/authentication/1.0/getOneResult', body: `getOneAuthResultRequest=${base64Json({ authRef })}` },
        { path: '/authentication/1.0/cancel', body: `cancelAuthRequest=${base64Json({ authRef })}` },
      ]);
    } finally {
      client.close();
    }
  });

  test('an SSN travels as base64 of {country, ssn} inside the base64 request', async () => {
    const client = clientFor(h.sim, { baseUrl: relay.url });
    try {
      relay.calls.length = 0;
      await client.initAuthentication({
        userInfoType: 'SSN',
        personalNumber: '198506142382',
        attributesToReturn: ['SSN'],
      });
      const sent = JSON.parse(
        Buffer.from(relay.calls[0]?.body.split('=').slice(1).join('=') ?? '', 'base64').toString('utf8'),
      ) as { userInfo: string };
      assert.deepEqual(JSON.parse(Buffer.from(sent.userInfo, 'base64').toString('utf8')), {
        country: 'SE',
        ssn: '198506142382',
      });
    } finally {
      client.close();
    }
  });

  test('an integrator names the relying party after the parameter', async () => {
    const client = clientFor(h.sim, { baseUrl: relay.url, relyingPartyId: 'kommun-123' });
    try {
      relay.calls.length = 0;
      await client.initAuthentication({ userInfoType: 'INFERRED' });
      assert.match(relay.calls[0]?.body ?? '', /^initAuthRequest=[A-Za-z0-9+/]+=*&relyingPartyId=kommun-123$/);
    } finally {
      client.close();
    }
  });

  test('the simulator refuses a form-encoded body', async () => {
    const json = base64Json({ userInfoType: 'EMAIL', userInfo: PLUS_EMAIL, minRegistrationLevel: 'PLUS' });
    assert.ok(json.includes('+'));
    const formEncoded = await rawPost(
      h.sim,
      '/authentication/1.0/initAuthentication',
      `initAuthRequest=${encodeURIComponent(json)}`,
    );
    assert.deepEqual(
      { status: formEncoded.status, code: JSON.parse(formEncoded.body).code },
      { status: 400, code: 1000 },
    );
    const raw = await rawPost(h.sim, '/authentication/1.0/initAuthentication', `initAuthRequest=${json}`);
    assert.equal(raw.status, 200);
  });
});

describe('bad parameters', () => {
  const init = '/authentication/1.0/initAuthentication';
  const valid = { userInfoType: 'INFERRED', userInfo: 'N/A' };
  /** Requests the simulator cannot read at all: HTTP 400. */
  const unreadable: { name: string; path?: string; body: string; code: number }[] = [
    { name: 'missing parameter', body: `somethingElse=${base64Json(valid)}`, code: 1000 },
    { name: 'not base64', body: 'initAuthRequest=not*base64', code: 1000 },
    { name: 'not JSON', body: `initAuthRequest=${Buffer.from('{nope').toString('base64')}`, code: 1010 },
    { name: 'JSON that is not an object', body: `initAuthRequest=${base64Json([valid])}`, code: 1000 },
    {
      name: 'a result request that is not an object',
      path: '/authentication/1.0/getOneResult',
      body: `getOneAuthResultRequest=${base64Json('authRef')}`,
      code: 1000,
    },
    { name: 'body over 64 KiB', body: `initAuthRequest=${'A'.repeat(70 * 1024)}`, code: 1000 },
  ];
  /** Readable requests that Freja refuses: HTTP 422. */
  const refused: { name: string; path?: string; body: string; code: number }[] = [
    { name: 'missing userInfoType', body: `initAuthRequest=${base64Json({ userInfo: 'N/A' })}`, code: 1001 },
    {
      name: 'unknown userInfoType',
      body: `initAuthRequest=${base64Json({ ...valid, userInfoType: 'EMPLOYEE' })}`,
      code: 1001,
    },
    {
      name: 'userInfoType not offered',
      body: `initAuthRequest=${base64Json({ userInfoType: 'UPI', userInfo: 'a1b2c3' })}`,
      code: 1004,
    },
    { name: 'INFERRED without N/A', body: `initAuthRequest=${base64Json({ ...valid, userInfo: 'anna' })}`, code: 1002 },
    {
      name: 'malformed e-mail',
      body: `initAuthRequest=${base64Json({ userInfoType: 'EMAIL', userInfo: 'anna' })}`,
      code: 1002,
    },
    {
      name: 'phone number without country code',
      body: `initAuthRequest=${base64Json({ userInfoType: 'PHONE', userInfo: '0701740605' })}`,
      code: 1002,
    },
    {
      name: 'phone number with spaces',
      body: `initAuthRequest=${base64Json({ userInfoType: 'PHONE', userInfo: '+46 70 174 06 05' })}`,
      code: 1002,
    },
    {
      name: 'phone number Freja does not know',
      body: `initAuthRequest=${base64Json({ userInfoType: 'PHONE', userInfo: '+46701740699' })}`,
      code: 1012,
    },
    {
      name: 'SSN not base64 JSON',
      body: `initAuthRequest=${base64Json({ userInfoType: 'SSN', userInfo: '198506142382' })}`,
      code: 1002,
    },
    {
      name: 'SSN too short',
      body: `initAuthRequest=${base64Json({ userInfoType: 'SSN', userInfo: base64Json({ country: 'SE', ssn: '8506142382' }) })}`,
      code: 1002,
    },
    {
      name: 'userInfo over 256 characters',
      body: `initAuthRequest=${base64Json({ userInfoType: 'EMAIL', userInfo: `${'a'.repeat(250)}@example.org` })}`,
      code: 1002,
    },
    {
      name: 'unknown registration level',
      body: `initAuthRequest=${base64Json({ ...valid, minRegistrationLevel: 'GOLD' })}`,
      code: 1007,
    },
    {
      name: 'unknown attribute',
      body: `initAuthRequest=${base64Json({ ...valid, attributesToReturn: [{ attribute: 'SHOE_SIZE' }] })}`,
      code: 2002,
    },
    {
      name: 'dynamic QR code',
      body: `initAuthRequest=${base64Json({ ...valid, useDynamicQrCode: true })}`,
      code: 1000,
    },
    {
      name: 'result without authRef',
      path: '/authentication/1.0/getOneResult',
      body: `getOneAuthResultRequest=${base64Json({})}`,
      code: 1000,
    },
    {
      name: 'cancel with a numeric authRef',
      path: '/authentication/1.0/cancel',
      body: `cancelAuthRequest=${base64Json({ authRef: 7 })}`,
      code: 1000,
    },
    {
      name: 'result for an unknown authRef',
      path: '/authentication/1.0/getOneResult',
      body: `getOneAuthResultRequest=${base64Json({ authRef: 'unknown' })}`,
      code: 1100,
    },
    {
      name: 'cancel for an unknown authRef',
      path: '/authentication/1.0/cancel',
      body: `cancelAuthRequest=${base64Json({ authRef: 'unknown' })}`,
      code: 1100,
    },
  ];
  const statuses = [...unreadable.map((c) => ({ ...c, status: 400 })), ...refused.map((c) => ({ ...c, status: 422 }))];
  for (const { name, path, body, code, status } of statuses) {
    test(`${name} → ${status} with {code: ${code}, message}`, async () => {
      const answer = await rawPost(h.sim, path ?? init, body);
      assert.equal(answer.status, status);
      const json = JSON.parse(answer.body) as { code: number; message: string };
      assert.deepEqual(Object.keys(json).sort(), ['code', 'message']);
      assert.equal(json.code, code);
      assert.ok(json.message.length > 0);
    });
  }

  test('cancelling a transaction that already ended is refused with 422 and 1100', async () => {
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    await h.client.cancel(authRef);
    const answer = await rawPost(h.sim, '/authentication/1.0/cancel', `cancelAuthRequest=${base64Json({ authRef })}`);
    assert.equal(answer.status, 422);
    assert.equal((JSON.parse(answer.body) as { code: number }).code, 1100);
  });

  test('a person locked after a report is refused with 422 and 2000', async () => {
    h.clock.advance(TRANSACTION_MS); // Ends the requests earlier tests left open for this person.
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'EMAIL', email: PLUS_EMAIL });
    await app.open(h.sim, 'bergthor', authRef);
    assert.match(await app.answer(h.sim, 'report', 'bergthor', authRef), /Reported/);
    const answer = await rawPost(
      h.sim,
      init,
      `initAuthRequest=${base64Json({ userInfoType: 'EMAIL', userInfo: PLUS_EMAIL, minRegistrationLevel: 'PLUS' })}`,
    );
    assert.equal(answer.status, 422);
    assert.equal((JSON.parse(answer.body) as { code: number }).code, 2000);
    h.clock.advance(TRANSACTION_MS);
  });

  test('the client reads a 422 {code, message} as Freja refusing, typed by the code', async () => {
    const error = await rejection(h.client.getOneResult('bm90LWlzc3VlZC1ieS1mcmVqYQ=='));
    assert.ok(error instanceof FrejaError);
    assert.equal(error.code, 'invalidReference');
    assert.equal(error.frejaCode, 1100);
    assert.equal(error.detail?.httpStatus, 422);
  });

  test('the client reads a 400 {code, message} the same way', async () => {
    const client = clientFor(h.sim, { baseUrl: relay.url });
    relay.rewrite = (_call, answer) => (answer.status === 422 ? { ...answer, status: 400 } : answer);
    try {
      const error = await rejection(client.getOneResult('bm90LWlzc3VlZC1ieS1mcmVqYQ=='));
      assert.ok(error instanceof FrejaError);
      assert.equal(error.code, 'invalidReference');
      assert.equal(error.frejaCode, 1100);
      assert.equal(error.detail?.httpStatus, 400);
      const notFound = await rejection(
        client.initAuthentication({ userInfoType: 'EMAIL', email: 'nobody@example.org' }),
      );
      assert.ok(notFound instanceof FrejaError);
      assert.equal(notFound.code, 'userNotFound');
      assert.equal(notFound.frejaCode, 1012);
      assert.equal(notFound.detail?.httpStatus, 400);
    } finally {
      relay.rewrite = (_call, answer) => answer;
      client.close();
    }
  });

  test('the client reports a refused attribute as invalidParameters, shown as a generic error', async () => {
    const error = await rejection(
      h.client.initAuthentication({ userInfoType: 'INFERRED', attributesToReturn: ['SHOE_SIZE' as FrejaAttribute] }),
    );
    assert.ok(error instanceof FrejaError);
    assert.equal(error.code, 'invalidParameters');
    assert.equal(error.frejaCode, 2002);
    assert.equal(messageKeyForFailure(error), 'freja.error');
  });

  test('only POST to known paths', async () => {
    assert.equal((await rawPost(h.sim, '/authentication/1.0/getOneResult', '', { method: 'GET' })).status, 405);
    assert.equal((await rawPost(h.sim, '/authentication/1.0/getResults', '')).status, 404);
  });
});
