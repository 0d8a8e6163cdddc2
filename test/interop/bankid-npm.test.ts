// npm `bankid` (anyfin/bankid), a client of the RP API v6.0 the project did not write, against the
// BankID simulator over mutual TLS: its axios requests, its polling helper, its error mapping and its
// QR generator are its own, so a simulator that drifted from BankID's wire format fails here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import {
  BankIdClientV6,
  BankIdError,
  BankIdErrorCode,
  QrGenerator,
  type CollectResponseV6,
  type QrCacheEntry,
} from 'bankid';
import { startBankIdSimulator, type BankIdSimulator } from '../../simulators/bankid/index.ts';
import { dataDir, PERSON } from '../bankid/support.ts';

const END_USER_IP = '192.0.2.30';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The library's QR cache, kept here: its default cache arms a 60 s timer per order that holds the process open. */
function qrCache() {
  const entries = new Map<string, QrCacheEntry>();
  return {
    get: async (key: string) => entries.get(key),
    set: async (key: string, value: QrCacheEntry) => void entries.set(key, value),
    delete: async (key: string) => entries.delete(key),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('BankID simulator with npm bankid 3.2.1', () => {
  let sim: BankIdSimulator;
  let client: BankIdClientV6;
  const cache = qrCache();

  before(async () => {
    // A real clock: the library's QR generator counts seconds with Date.now().
    sim = await startBankIdSimulator({ dataDir: dataDir(import.meta.url) });
    client = new BankIdClientV6({
      production: false,
      pfx: sim.clientPfx,
      passphrase: sim.clientPassphrase,
      // A Buffer: the library reads a string as a file path.
      ca: Buffer.from(sim.caCertPem),
      refreshInterval: 100,
      qrOptions: { customCache: cache },
    });
    // The library knows only BankID's own hosts; its axios instance (and mutual-TLS agent) stays as built.
    client.axios.defaults.baseURL = sim.apiUrl;
  });
  after(async () => {
    await sim?.close();
  });

  test('authenticate for a personal number, autostart, awaitPendingCollect: v6 completionData', async () => {
    const order = await client.authenticate({
      endUserIp: END_USER_IP,
      requirement: { personalNumber: PERSON.normal, pinCode: false, mrtd: false },
    });
    for (const token of [order.orderRef, order.autoStartToken, order.qrStartToken, order.qrStartSecret])
      assert.match(token, UUID);
    assert.ok(order.qr instanceof QrGenerator);
    assert.deepEqual(await client.collect({ orderRef: order.orderRef }), {
      orderRef: order.orderRef,
      status: 'pending',
      hintCode: 'outstandingTransaction',
    });

    const phone = sim.app.autoStart(order.autoStartToken, PERSON.normal);
    const collected = client.awaitPendingCollect(order.orderRef);
    phone.approve();
    // The v6 client inherits the v5 helper's typing; what arrives is v6.
    const result = (await collected) as CollectResponseV6;
    assert.equal(result.status, 'complete');
    const data = result.completionData!;
    assert.deepEqual(data.user, {
      personalNumber: PERSON.normal,
      name: 'Astrid Lindqvist',
      givenName: 'Astrid',
      surname: 'Lindqvist',
    });
    assert.notEqual(isIP(data.device.ipAddress), 0);
    assert.ok(data.device.uhi);
    assert.match(data.bankIdIssueDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal('cert' in data, false, 'v5.1 cert must not appear in v6');
    assert.match(Buffer.from(data.signature, 'base64').toString('utf8'), /<funcId>Identification<\/funcId>/);
    assert.ok(Buffer.from(data.ocspResponse, 'base64').length > 100);
  });

  test('sign: the library base64-encodes the texts, and the signature carries them', async () => {
    const text = 'Jag godkänner avtal 42';
    const order = await client.sign({ endUserIp: END_USER_IP, userVisibleData: text, userNonVisibleData: 'avtal-42' });
    const collected = client.awaitPendingCollect(order.orderRef);
    sim.app.autoStart(order.autoStartToken, PERSON.normal).approve();
    const result = await collected;
    assert.equal(result.status, 'complete');
    const signature = Buffer.from(result.completionData!.signature, 'base64').toString('utf8');
    const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
    assert.match(signature, /<funcId>Signing<\/funcId>/);
    assert.ok(signature.includes(`visible="wysiwys">${b64(text)}</usrVisibleData>`));
    assert.ok(signature.includes(`<usrNonVisibleData>${b64('avtal-42')}</usrNonVisibleData>`));
  });

  test('the QR code from the library’s own generator is accepted by the app', async () => {
    const order = await client.authenticate({ endUserIp: END_USER_IP });
    const qr = await QrGenerator.latestQrFromCache(order.orderRef, cache);
    assert.match(qr ?? '', new RegExp(`^bankid\\.${order.qrStartToken}\\.\\d+\\.[0-9a-f]{64}$`));
    const phone = sim.app.scanQr(qr!, PERSON.normal);
    assert.equal(phone.hintCode, 'userSign');
    phone.approve();
    const result = await client.collect({ orderRef: order.orderRef });
    assert.equal(result.status, 'complete');
    assert.equal(result.completionData?.user.personalNumber, PERSON.normal);
  });

  test('cancel answers {}, and collecting the cancelled order is invalidParameters', async () => {
    const order = await client.authenticate({ endUserIp: END_USER_IP });
    assert.deepEqual(await client.cancel({ orderRef: order.orderRef }), {});
    const error = await rejection(client.collect({ orderRef: order.orderRef }));
    assert.ok(error instanceof BankIdError, String(error));
    assert.equal(error.code, BankIdErrorCode.INVALID_PARAMETERS);
  });

  test('a second order for the same person: alreadyInProgress, the first one failed/cancelled', async () => {
    const request = {
      endUserIp: END_USER_IP,
      requirement: { personalNumber: PERSON.normal, pinCode: false, mrtd: false },
    };
    const first = await client.authenticate(request);
    const error = await rejection(client.authenticate(request));
    assert.ok(error instanceof BankIdError, String(error));
    assert.equal(error.code, BankIdErrorCode.ALREADY_IN_PROGRESS);
    assert.ok(error.details);
    assert.deepEqual(await client.collect({ orderRef: first.orderRef }), {
      orderRef: first.orderRef,
      status: 'failed',
      hintCode: 'cancelled',
    });
  });

  test('the person cancels in the app: awaitPendingCollect rejects with failed/userCancel', async () => {
    const order = await client.authenticate({ endUserIp: END_USER_IP });
    const collected = rejection(client.awaitPendingCollect(order.orderRef));
    sim.app.autoStart(order.autoStartToken, PERSON.normal).cancel();
    assert.deepEqual(await collected, { orderRef: order.orderRef, status: 'failed', hintCode: 'userCancel' });
  });
});
