// The wire: mutual TLS both ways, POST only, the exact content type, BankID's error bodies, and
// every error code and transport failure turning into the right BankIdError.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadOrCreateAuthority, loadOrIssueClient } from '../../simulators/pki.ts';
import { BankIdClient } from '../../src/eid/bankid/client.ts';
import { BankIdError, isBankIdError, scrubPersonalNumbers, type BankIdErrorCode } from '../../src/eid/bankid/errors.ts';
import { recommendedMessage } from '../../src/eid/bankid/messages.ts';
import { apiRequest, dataDir, PERSON, rawRequest, startRig, type Rig } from './support.ts';

async function rejectsWith(promise: Promise<unknown>, code: BankIdErrorCode): Promise<BankIdError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return isBankIdError(error, code);
  });
  return caught as BankIdError;
}

describe('BankID transport and errors', () => {
  let rig: Rig;
  let foreign: { certPem: string; pfx: Buffer; passphrase: string };
  before(async () => {
    rig = await startRig(import.meta.url);
    const authority = await loadOrCreateAuthority(
      join(dataDir(import.meta.url), 'foreign-ca'),
      'Not the BankID simulator',
    );
    const client = await loadOrIssueClient(
      authority,
      join(dataDir(import.meta.url), 'foreign-ca'),
      'foreign-client',
      'Stranger',
    );
    foreign = { certPem: authority.certPem, pfx: client.pfx, passphrase: client.passphrase };
  });
  after(() => rig.close());

  test('a client without a certificate is refused during the TLS handshake', async () => {
    await assert.rejects(
      rawRequest(new URL('auth', rig.sim.apiUrl).toString(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        ca: rig.sim.caCertPem,
        body: '{"endUserIp":"192.0.2.1"}',
      }),
      (error: NodeJS.ErrnoException) =>
        /ECONNRESET|SSL|TLS|socket hang up|EPIPE/i.test(`${error.code} ${error.message}`),
    );
  });

  test('a client certificate from another CA is refused, and the client reports unreachable', async () => {
    const stranger = new BankIdClient({
      baseUrl: rig.sim.apiUrl,
      pfx: foreign.pfx,
      passphrase: foreign.passphrase,
      ca: rig.sim.caCertPem,
      timeoutMs: 3_000,
    });
    try {
      const error = await rejectsWith(stranger.auth({ endUserIp: '192.0.2.1' }), 'unreachable');
      assert.equal(recommendedMessage({ error }, { flow: 'qr' }), 'RFA5');
    } finally {
      stranger.close();
    }
  });

  test('the client trusts only the configured CA: a server outside it is unreachable', async () => {
    const pinnedElsewhere = new BankIdClient({
      baseUrl: rig.sim.apiUrl,
      pfx: rig.sim.clientPfx,
      passphrase: rig.sim.clientPassphrase,
      ca: foreign.certPem,
    });
    try {
      const error = await rejectsWith(pinnedElsewhere.auth({ endUserIp: '192.0.2.1' }), 'unreachable');
      assert.match(error.details ?? '', /CERT|SIGNATURE|ISSUER|SELF_SIGNED/i);
    } finally {
      pinnedElsewhere.close();
    }
  });

  test('415 for a wrong content type, including a charset parameter', async () => {
    for (const contentType of [
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'text/plain',
      null,
    ]) {
      const res = await apiRequest(rig.sim, 'auth', { contentType, body: '{"endUserIp":"192.0.2.1"}' });
      assert.equal(res.status, 415, String(contentType));
      assert.equal(JSON.parse(res.body).errorCode, 'unsupportedMediaType');
    }
  });

  test('405 for GET and other verbs, 404 for unknown paths', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await apiRequest(rig.sim, 'auth', { method, contentType: null });
      assert.equal(res.status, 405, method);
      assert.deepEqual(Object.keys(JSON.parse(res.body)), ['errorCode', 'details']);
      assert.equal(JSON.parse(res.body).errorCode, 'methodNotAllowed');
    }
    for (const path of ['payment/nope', '/rp/v5.1/auth', 'Auth']) {
      const res = await apiRequest(rig.sim, path, { body: '{}' });
      assert.equal(res.status, 404, path);
      assert.equal(JSON.parse(res.body).errorCode, 'notFound');
    }
  });

  test('400 invalidParameters with details for bad bodies', async () => {
    const cases: [string, string, RegExp][] = [
      ['auth', '{}', /Missing endUserIp/],
      ['auth', '{"endUserIp":"not-an-ip"}', /Invalid endUserIp/],
      ['auth', '{"endUserIp":"192.0.2.1","userVisibleData":"not base64!"}', /Invalid userVisibleData/],
      ['auth', '{"endUserIp":"192.0.2.1","personalNumber":"198503122387"}', /Unknown parameter personalNumber/],
      [
        'auth',
        '{"endUserIp":"192.0.2.1","requirement":{"personalNumber":"198503122380"}}',
        /Invalid requirement\.personalNumber/,
      ],
      ['auth', '{"endUserIp":"192.0.2.1","userVisibleDataFormat":"simpleMarkdownV1"}', /userVisibleDataFormat/],
      [
        'auth',
        `{"endUserIp":"192.0.2.1","web":{"referringDomain":"ex.org","userAgent":"${'x'.repeat(257)}","deviceIdentifier":"d"}}`,
        /web\.userAgent/,
      ],
      ['sign', '{"endUserIp":"192.0.2.1"}', /Missing userVisibleData/],
      ['phone/auth', '{"personalNumber":"198503122387"}', /Missing callInitiator/],
      ['collect', '{}', /Missing orderRef/],
      ['collect', '{"orderRef":"00000000-0000-0000-0000-000000000000"}', /No such order/],
      ['cancel', 'not json', /Invalid JSON/],
    ];
    for (const [path, body, details] of cases) {
      const res = await apiRequest(rig.sim, path, { body });
      assert.equal(res.status, 400, `${path} ${body}`);
      const json = JSON.parse(res.body);
      assert.equal(json.errorCode, 'invalidParameters');
      assert.match(json.details, details, `${path} ${body}`);
    }
  });

  test('userVisibleDataFormat plaintext is accepted beside simpleMarkdownV1, on every endpoint that takes it', async () => {
    const text = Buffer.from('Log in to Portvakt', 'utf8').toString('base64');
    const bodies: [string, Record<string, unknown>][] = [
      ['auth', { endUserIp: '192.0.2.1' }],
      ['sign', { endUserIp: '192.0.2.1' }],
      ['phone/auth', { personalNumber: PERSON.normal, callInitiator: 'user' }],
      ['phone/sign', { personalNumber: PERSON.normal, callInitiator: 'RP' }],
    ];
    for (const format of ['plaintext', 'simpleMarkdownV1']) {
      for (const [path, body] of bodies) {
        const res = await apiRequest(rig.sim, path, {
          body: JSON.stringify({ ...body, userVisibleData: text, userVisibleDataFormat: format }),
        });
        assert.equal(res.status, 200, `${path} ${format}: ${res.body}`);
        await rig.client.cancel((JSON.parse(res.body) as { orderRef: string }).orderRef);
      }
    }
  });

  test('an unknown userVisibleDataFormat is refused with 400 invalidParameters', async () => {
    const text = Buffer.from('Log in to Portvakt', 'utf8').toString('base64');
    for (const format of ['plainText', 'markdown', 'simpleMarkdownV2', '']) {
      for (const path of ['auth', 'sign']) {
        const res = await apiRequest(rig.sim, path, {
          body: JSON.stringify({ endUserIp: '192.0.2.1', userVisibleData: text, userVisibleDataFormat: format }),
        });
        assert.equal(res.status, 400, `${path} ${JSON.stringify(format)}`);
        const json = JSON.parse(res.body) as { errorCode: string; details: string };
        assert.equal(json.errorCode, 'invalidParameters');
        assert.match(json.details, /Invalid userVisibleDataFormat/);
      }
    }
  });

  test('the client refuses bad requests before sending them (invalidRequest)', async () => {
    const { client } = rig;
    const bad: [string, () => Promise<unknown>][] = [
      ['no IP', () => client.auth({ endUserIp: 'localhost' })],
      [
        'bad personal number',
        () => client.auth({ endUserIp: '192.0.2.1', requirement: { personalNumber: '198503122380' } }),
      ],
      ['11 digits', () => client.phoneAuth({ personalNumber: '19850312238', callInitiator: 'user' })],
      ['sign without text', () => client.sign({ endUserIp: '192.0.2.1' } as never)],
      [
        'web and app',
        () =>
          client.auth({
            endUserIp: '192.0.2.1',
            web: { referringDomain: 'ex.org', userAgent: 'x', deviceIdentifier: 'd' },
            app: { appIdentifier: 'a', deviceOS: 'b', deviceModelName: 'c', deviceIdentifier: 'd' },
          }),
      ],
      [
        'short referringDomain',
        () =>
          client.auth({
            endUserIp: '192.0.2.1',
            web: { referringDomain: 'ex', userAgent: 'x', deviceIdentifier: 'd' },
          }),
      ],
      ['too long for auth', () => client.auth({ endUserIp: '192.0.2.1', userVisibleData: 'x'.repeat(1_200) })],
      ['format without text', () => client.auth({ endUserIp: '192.0.2.1', userVisibleDataFormat: 'simpleMarkdownV1' })],
      ['javascript returnUrl', () => client.auth({ endUserIp: '192.0.2.1', returnUrl: 'javascript:alert(1)' })],
      ['malformed orderRef', () => client.collect('../auth')],
    ];
    for (const [name, call] of bad) {
      const error = await rejectsWith(call(), 'invalidRequest');
      assert.equal(error.internal, true, name);
      assert.doesNotMatch(error.message, /19850312238/, name);
    }
  });

  test('device data is trimmed to BankID’s limits rather than refused', async () => {
    const order = await rig.client.auth({
      endUserIp: '192.0.2.1',
      web: { referringDomain: 'ID.Example.org', userAgent: 'U'.repeat(400), deviceIdentifier: 'f'.repeat(100) },
    });
    await rig.client.cancel(order.orderRef);
  });

  test('every BankID error code becomes a typed error with its status', async () => {
    const cases: [
      fault: { errorCode: string; status?: number },
      code: BankIdErrorCode,
      status: number,
      mayRetry: boolean,
    ][] = [
      [{ errorCode: 'alreadyInProgress' }, 'alreadyInProgress', 400, false],
      [{ errorCode: 'invalidParameters' }, 'invalidParameters', 400, false],
      [{ errorCode: 'unauthorized' }, 'unauthorized', 401, false],
      [{ errorCode: 'notFound' }, 'notFound', 404, false],
      [{ errorCode: 'methodNotAllowed' }, 'methodNotAllowed', 405, false],
      [{ errorCode: 'requestTimeout' }, 'requestTimeout', 408, false],
      [{ errorCode: 'unsupportedMediaType' }, 'unsupportedMediaType', 415, false],
      [{ errorCode: 'tooManyRequests' }, 'rateLimited', 429, true],
      [{ errorCode: 'internalError' }, 'internalError', 500, false],
      [{ errorCode: 'maintenance' }, 'maintenance', 503, true],
      [{ errorCode: 'somethingNewer', status: 400 }, 'unknown', 400, false],
    ];
    for (const [fault, code, status, mayRetry] of cases) {
      rig.sim.injectFault(fault, { endpoint: 'auth' });
      const error = await rejectsWith(rig.client.auth({ endUserIp: '192.0.2.1' }), code);
      assert.equal(error.status, status, code);
      assert.equal(error.bankIdErrorCode, fault.errorCode, code);
      assert.equal(error.mayRetry, mayRetry, code);
    }
  });

  test('an error page without a BankID body is classified by its status; 502 stays unknown', async () => {
    rig.sim.injectFault({ status: 503, rawBody: '<html>down</html>' });
    assert.equal(
      (await rejectsWith(rig.client.auth({ endUserIp: '192.0.2.1' }), 'maintenance')).bankIdErrorCode,
      undefined,
    );
    rig.sim.injectFault({ status: 502, rawBody: '<html>bad gateway</html>' });
    const error = await rejectsWith(rig.client.auth({ endUserIp: '192.0.2.1' }), 'unknown');
    assert.equal(recommendedMessage({ error }, { flow: 'qr' }), 'RFA22');
  });

  test('malformed answers are invalidResponse and never a BankID message', async () => {
    const bodies = ['not json', '{"orderRef":"x"}', '[]'];
    for (const rawBody of bodies) {
      rig.sim.injectFault({ status: 200, rawBody, contentType: 'application/json' }, { endpoint: 'auth' });
      const error = await rejectsWith(rig.client.auth({ endUserIp: '192.0.2.1' }), 'invalidResponse');
      assert.equal(recommendedMessage({ error }, { flow: 'qr' }), 'internal');
    }
    const order = await rig.client.auth({ endUserIp: '192.0.2.1' });
    rig.sim.injectFault(
      {
        status: 200,
        rawBody: JSON.stringify({ orderRef: order.orderRef, status: 'complete' }),
        contentType: 'application/json',
      },
      { endpoint: 'collect' },
    );
    await rejectsWith(rig.client.collect(order.orderRef), 'invalidResponse');
    rig.sim.injectFault(
      {
        status: 200,
        rawBody: JSON.stringify({ orderRef: 'someone-else', status: 'pending', hintCode: 'userSign' }),
        contentType: 'application/json',
      },
      { endpoint: 'collect' },
    );
    await rejectsWith(rig.client.collect(order.orderRef), 'invalidResponse');
    await rig.client.cancel(order.orderRef);
  });

  test('unknown fields are ignored, unknown hint codes kept, setUp read as stepUp, odd risk read as high', async () => {
    const order = await rig.client.auth({ endUserIp: '192.0.2.1' });
    rig.sim.injectFault(
      {
        status: 200,
        rawBody: JSON.stringify({ orderRef: order.orderRef, status: 'pending', hintCode: 'userFace', newField: 1 }),
        contentType: 'application/json',
      },
      { endpoint: 'collect' },
    );
    assert.deepEqual(await rig.client.collect(order.orderRef), {
      orderRef: order.orderRef,
      status: 'pending',
      hintCode: 'userFace',
      hint: 'unknown',
    });
    const completion = {
      user: { personalNumber: PERSON.normal, name: 'A B', givenName: 'A', surname: 'B', extra: true },
      device: { ipAddress: '192.0.2.1', uhi: 'abc' },
      bankIdIssueDate: '2024-01-01',
      setUp: { mrtd: false },
      signature: 'PHNpZy8+',
      ocspResponse: 'MAA=',
      risk: 'EXTREME',
      cert: { notBefore: '1', notAfter: '2' },
    };
    rig.sim.injectFault(
      {
        status: 200,
        rawBody: JSON.stringify({ orderRef: order.orderRef, status: 'complete', completionData: completion }),
        contentType: 'application/json',
      },
      { endpoint: 'collect' },
    );
    const done = await rig.client.collect(order.orderRef);
    assert.ok(done.status === 'complete');
    assert.deepEqual(done.completionData, {
      user: { personalNumber: PERSON.normal, name: 'A B', givenName: 'A', surname: 'B' },
      device: { ipAddress: '192.0.2.1', uhi: 'abc' },
      bankIdIssueDate: '2024-01-01',
      stepUp: { mrtd: false },
      signature: 'PHNpZy8+',
      ocspResponse: 'MAA=',
      risk: 'high',
    });
    await rig.client.cancel(order.orderRef);
  });

  test('no answer within the timeout is `timeout`; an aborted call too', async () => {
    const impatient = new BankIdClient({
      baseUrl: rig.sim.apiUrl,
      pfx: rig.sim.clientPfx,
      passphrase: rig.sim.clientPassphrase,
      ca: rig.sim.caCertPem,
      timeoutMs: 300,
    });
    try {
      rig.sim.injectFault({ hang: true }, { endpoint: 'auth' });
      const started = Date.now();
      const error = await rejectsWith(impatient.auth({ endUserIp: '192.0.2.1' }), 'timeout');
      assert.ok(Date.now() - started < 2_000);
      assert.equal(recommendedMessage({ error }, { flow: 'qr' }), 'RFA5');
      const controller = new AbortController();
      controller.abort();
      await rejectsWith(impatient.auth({ endUserIp: '192.0.2.1' }, { signal: controller.signal }), 'timeout');
    } finally {
      impatient.close();
    }
  });

  test('nothing listening is `unreachable`', async () => {
    const nowhere = new BankIdClient({
      baseUrl: 'https://127.0.0.1:1/rp/v6.0/',
      pfx: rig.sim.clientPfx,
      passphrase: rig.sim.clientPassphrase,
      ca: rig.sim.caCertPem,
    });
    try {
      await rejectsWith(nowhere.collect('00000000-0000-0000-0000-000000000000'), 'unreachable');
    } finally {
      nowhere.close();
    }
  });

  test('error messages never carry a personal number', () => {
    assert.equal(
      scrubPersonalNumbers('pno 198503122387 and 850312-2387 busy'),
      'pno [personal number] and [personal number] busy',
    );
    const error = new BankIdError('invalidParameters', {
      status: 400,
      details: 'Incorrect personalNumber 198503122387',
    });
    assert.doesNotMatch(error.message, /198503122387/);
    assert.doesNotMatch(error.details ?? '', /198503122387/);
  });
});
