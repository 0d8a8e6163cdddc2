// The BankID client against the simulator over real mutual TLS: the QR path, the same-device path,
// phone orders, signing, cancellation, competing orders and the clock-driven failures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { currentQrContent } from '../../src/eid/bankid/qr.ts';
import { autoStartUrl } from '../../src/eid/bankid/launch.ts';
import { BankIdError, isBankIdError } from '../../src/eid/bankid/errors.ts';
import { recommendedMessage } from '../../src/eid/bankid/messages.ts';
import type { BankIdCollectResult } from '../../src/eid/bankid/types.ts';
import { appRequest, hiddenField, PERSON, startRig, type Rig } from './support.ts';

function assertPending(result: BankIdCollectResult, hintCode: string): void {
  assert.equal(result.status, 'pending');
  assert.equal(result.status === 'pending' && result.hintCode, hintCode);
}

function assertFailed(result: BankIdCollectResult, hintCode: string): void {
  assert.equal(result.status, 'failed');
  assert.equal(result.status === 'failed' && result.hintCode, hintCode);
}

async function rejectsWith(promise: Promise<unknown>, code: BankIdError['code']): Promise<BankIdError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return isBankIdError(error, code);
  });
  return caught as BankIdError;
}

describe('BankID client and simulator', () => {
  let rig: Rig;
  before(async () => {
    rig = await startRig(import.meta.url);
  });
  after(() => rig.close());

  test('QR path: pending, scanned in the app page, approved, complete with v6 completionData, then gone', async () => {
    const { client, sim, clock } = rig;
    const order = await client.auth({
      endUserIp: '192.0.2.7',
      userVisibleData: 'Logga in på **Portvakt**',
      userVisibleDataFormat: 'simpleMarkdownV1',
      returnRisk: true,
      web: { referringDomain: 'id.example.org', userAgent: 'Mozilla/5.0 (X11)', deviceIdentifier: 'a'.repeat(64) },
    });
    for (const key of ['orderRef', 'autoStartToken', 'qrStartToken', 'qrStartSecret'] as const)
      assert.match(order[key], /^[0-9a-f-]{36}$/);
    assert.equal(order.receivedAt, clock.ms);

    const first = await client.collect(order.orderRef);
    assertPending(first, 'outstandingTransaction');
    assert.equal(recommendedMessage(first, { flow: 'qr' }), 'RFA1');

    clock.advance(3_200);
    const scan = await appRequest(sim, '/scan', { person: PERSON.normal, qr: currentQrContent(order, clock.now()) });
    assert.equal(scan.status, 303);
    const page = await appRequest(sim, String(scan.headers.location));
    assert.equal(page.status, 200);
    assert.match(page.body, /Logga in på \*\*Portvakt\*\*/);

    const signing = await client.collect(order.orderRef);
    assertPending(signing, 'userSign');
    assert.equal(recommendedMessage(signing, { flow: 'qr' }), 'RFA9');

    const approved = await appRequest(sim, '/act', { s: hiddenField(page.body, 's'), action: 'approve' });
    assert.equal(approved.status, 200, 'the QR path stays in the app');
    assert.match(approved.body, /complete/);

    const done = await client.collect(order.orderRef);
    assert.equal(done.status, 'complete');
    assert.ok(done.status === 'complete');
    const data = done.completionData;
    assert.deepEqual(data.user, {
      personalNumber: PERSON.normal,
      name: 'Astrid Lindqvist',
      givenName: 'Astrid',
      surname: 'Lindqvist',
    });
    assert.equal(data.device.ipAddress, '127.0.0.1');
    assert.match(data.device.uhi ?? '', /^[A-Za-z0-9+/]{20,}$/);
    assert.match(data.bankIdIssueDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(data.risk, 'low');
    assert.equal(data.stepUp, undefined, 'stepUp only when mrtd was asked for');
    assert.equal('cert' in data, false, 'v6 has no cert');
    const xml = Buffer.from(data.signature, 'base64').toString('utf8');
    assert.match(xml, /^<\?xml[^>]*\?><Signature xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">/);
    assert.match(
      xml,
      /<bankIdSignedData xmlns="http:\/\/www\.bankid\.com\/signature\/v1\.0\.0\/types" Id="bidSignedData">/,
    );
    assert.match(xml, /<usrVisibleData charset="UTF-8" format="simpleMarkdownV1" visible="wysiwys">/);
    assert.match(xml, /<funcId>Identification<\/funcId>/);
    const ocsp = Buffer.from(data.ocspResponse, 'base64');
    assert.equal(ocsp[0], 0x30, 'DER SEQUENCE');

    const again = await rejectsWith(client.collect(order.orderRef), 'invalidParameters');
    assert.equal(again.status, 400);
    assert.equal(again.details, 'No such order');
    assert.equal(recommendedMessage({ error: again }, { flow: 'qr' }), 'internal', 'an RP bug is not a BankID message');
  });

  test('same-device path: autostart link, started, identity chosen, approved, redirected to returnUrl', async () => {
    const { client, sim } = rig;
    const returnUrl = 'https://rp.example/bankid/return?nonce=n-123';
    const order = await client.auth({ endUserIp: '192.0.2.8', returnUrl });
    const link = autoStartUrl(order.autoStartToken, { base: sim.appUrl });
    const launched = await appRequest(sim, new URL(link).pathname + new URL(link).search);
    assert.equal(launched.status, 303);

    const started = await client.collect(order.orderRef);
    assertPending(started, 'started');
    assert.equal(recommendedMessage(started, { flow: 'sameDevice', device: 'mobile' }), 'RFA15B');

    const page = await appRequest(sim, String(launched.headers.location));
    assert.match(page.body, /<label for="choose-person">Person<\/label>/);
    const chosen = await appRequest(sim, '/choose', { s: hiddenField(page.body, 's'), person: PERSON.normal });
    assert.equal(chosen.status, 303);
    assertPending(await client.collect(order.orderRef), 'userSign');

    const approved = await appRequest(sim, '/act', { s: hiddenField(page.body, 's'), action: 'approve' });
    assert.equal(approved.status, 303);
    assert.equal(approved.headers.location, returnUrl);
    const done = await client.collect(order.orderRef);
    assert.equal(done.status, 'complete');
  });

  test('same-device path without returnUrl follows the launch link’s redirect, and "null" stays in the app', async () => {
    const { client, sim } = rig;
    const withRedirect = await client.auth({ endUserIp: '192.0.2.8' });
    const app = sim.app.autoStart(withRedirect.autoStartToken, PERSON.normal, 'https://rp.example/back');
    assert.equal(app.hintCode, 'userSign');
    await client.cancel(withRedirect.orderRef);

    const order = await client.auth({ endUserIp: '192.0.2.8' });
    const launched = await appRequest(
      sim,
      `/?autostarttoken=${order.autoStartToken}&redirect=https%3A%2F%2Frp.example%2Fback`,
    );
    const page = await appRequest(sim, String(launched.headers.location));
    await appRequest(sim, '/choose', { s: hiddenField(page.body, 's'), person: PERSON.normal });
    const cancelled = await appRequest(sim, '/act', { s: hiddenField(page.body, 's'), action: 'cancel' });
    assert.equal(cancelled.headers.location, 'https://rp.example/back');
    const result = await client.collect(order.orderRef);
    assertFailed(result, 'userCancel');
    assert.equal(recommendedMessage(result, { flow: 'sameDevice' }), 'RFA6');

    const stay = await client.auth({ endUserIp: '192.0.2.8' });
    const stayApp = sim.app.autoStart(stay.autoStartToken, PERSON.normal, 'null');
    stayApp.approve();
    assert.equal((await client.collect(stay.orderRef)).status, 'complete');
  });

  test('cancel answers {} and the order is gone; cancelling twice is invalidParameters', async () => {
    const { client } = rig;
    const order = await client.auth({ endUserIp: '2001:db8::1' });
    await client.cancel(order.orderRef);
    await rejectsWith(client.collect(order.orderRef), 'invalidParameters');
    await rejectsWith(client.cancel(order.orderRef), 'invalidParameters');
  });

  test('a second order for the same person: alreadyInProgress for the new one, cancelled for the old one', async () => {
    const { client } = rig;
    const first = await client.auth({ endUserIp: '192.0.2.9', requirement: { personalNumber: PERSON.normal } });
    const error = await rejectsWith(
      client.auth({ endUserIp: '192.0.2.9', requirement: { personalNumber: PERSON.normal } }),
      'alreadyInProgress',
    );
    assert.equal(error.status, 400);
    assert.equal(recommendedMessage({ error }, { flow: 'qr' }), 'RFA4');
    assert.doesNotMatch(error.message, /198503122387/, 'no personal number in error messages');
    const old = await client.collect(first.orderRef);
    assertFailed(old, 'cancelled');
    assert.equal(recommendedMessage(old, { flow: 'qr' }), 'RFA3');
    // With the old order gone, a new one goes through.
    const next = await client.auth({ endUserIp: '192.0.2.9', requirement: { personalNumber: PERSON.normal } });
    await client.cancel(next.orderRef);
  });

  test('an order the same person opens later supersedes the earlier one', async () => {
    const { client, sim, clock } = rig;
    const older = await client.auth({ endUserIp: '192.0.2.9' });
    const newer = await client.auth({ endUserIp: '192.0.2.9' });
    sim.app.scanQr(currentQrContent(older, clock.now()), PERSON.normal);
    sim.app.scanQr(currentQrContent(newer, clock.now()), PERSON.normal);
    assertFailed(await client.collect(older.orderRef), 'cancelled');
    assertPending(await client.collect(newer.orderRef), 'userSign');
    await client.cancel(newer.orderRef);
  });

  test('startFailed after 30 s with nobody scanning, by the injected clock', async () => {
    const { client, clock } = rig;
    const order = await client.auth({ endUserIp: '192.0.2.10' });
    clock.advance(29_999);
    assertPending(await client.collect(order.orderRef), 'outstandingTransaction');
    clock.advance(1);
    const failed = await client.collect(order.orderRef);
    assertFailed(failed, 'startFailed');
    assert.equal(recommendedMessage(failed, { flow: 'qr' }), 'RFA17B');
    assert.equal(recommendedMessage(failed, { flow: 'sameDevice' }), 'RFA17A');
  });

  test('expiredTransaction when the person never finishes; a failed result is kept only for a while', async () => {
    const { client, sim, clock } = rig;
    const order = await client.auth({ endUserIp: '192.0.2.11' });
    sim.app.scanQr(currentQrContent(order, clock.now()), PERSON.normal);
    clock.advance(179_000);
    assertPending(await client.collect(order.orderRef), 'userSign');
    clock.advance(1_000);
    const expired = await client.collect(order.orderRef);
    assertFailed(expired, 'expiredTransaction');
    assert.equal(recommendedMessage(expired, { flow: 'qr' }), 'RFA8');

    const late = await client.auth({ endUserIp: '192.0.2.11' });
    clock.advance(30_000 + 5 * 60_000 + 1);
    await rejectsWith(client.collect(late.orderRef), 'invalidParameters');
  });

  test('signing with markdown and non-visible data, with the mrtd step', async () => {
    const { client, sim, clock } = rig;
    const order = await client.sign({
      endUserIp: '192.0.2.12',
      userVisibleData: '# Avtal\n\nJag godkänner *villkoren*.',
      userVisibleDataFormat: 'simpleMarkdownV1',
      userNonVisibleData: new Uint8Array([1, 2, 3, 250]),
      requirement: { mrtd: true, pinCode: true },
    });
    const app = sim.app.scanQr(currentQrContent(order, clock.now()), PERSON.normal);
    const mrtd = await client.collect(order.orderRef);
    assertPending(mrtd, 'userMrtd');
    assert.equal(recommendedMessage(mrtd, { flow: 'qr' }), 'RFA23');
    app.scanIdDocument();
    assertPending(await client.collect(order.orderRef), 'userSign');
    app.approve();
    const done = await client.collect(order.orderRef);
    assert.ok(done.status === 'complete');
    assert.deepEqual(done.completionData.stepUp, { mrtd: true });
    const xml = Buffer.from(done.completionData.signature, 'base64').toString('utf8');
    assert.match(xml, /<funcId>Signing<\/funcId>/);
    assert.ok(xml.includes(`<usrNonVisibleData>${Buffer.from([1, 2, 3, 250]).toString('base64')}</usrNonVisibleData>`));
    assert.ok(
      xml.includes(
        `visible="wysiwys">${Buffer.from('# Avtal\n\nJag godkänner *villkoren*.').toString('base64')}</usrVisibleData>`,
      ),
    );
  });

  test('phone orders: userCallConfirm, confirmed, approved; or declined', async () => {
    const { client, sim } = rig;
    const order = await client.phoneAuth({
      personalNumber: PERSON.normal,
      callInitiator: 'RP',
      userVisibleData: 'Samtal med kundtjänst',
    });
    assert.deepEqual(Object.keys(order), ['orderRef']);
    const waiting = await client.collect(order.orderRef);
    assertPending(waiting, 'outstandingTransaction');
    assert.equal(recommendedMessage(waiting, { flow: 'phone' }), 'RFA1');
    const opened = await appRequest(sim, '/phone', { person: PERSON.normal });
    const page = await appRequest(sim, String(opened.headers.location));
    assert.match(page.body, /Are you on a call with/);
    const confirm = await client.collect(order.orderRef);
    assertPending(confirm, 'userCallConfirm');
    assert.equal(recommendedMessage(confirm, { flow: 'phone' }), 'RFA21');
    await appRequest(sim, '/act', { s: hiddenField(page.body, 's'), action: 'confirmCall' });
    assertPending(await client.collect(order.orderRef), 'userSign');
    await appRequest(sim, '/act', { s: hiddenField(page.body, 's'), action: 'approve' });
    assert.equal((await client.collect(order.orderRef)).status, 'complete');

    const declined = await client.phoneSign({
      personalNumber: PERSON.normal,
      callInitiator: 'user',
      userVisibleData: 'Avtal',
    });
    sim.app.openPhoneOrder(PERSON.normal).declineCall();
    const result = await client.collect(declined.orderRef);
    assertFailed(result, 'userDeclinedCall');
    assert.equal(recommendedMessage(result, { flow: 'phone' }), 'RFA22');
  });

  test('phone orders never start failing at 30 s (nobody scans them), only expire', async () => {
    const { client, clock } = rig;
    const order = await client.phoneAuth({ personalNumber: PERSON.normal, callInitiator: 'user' });
    clock.advance(60_000);
    assertPending(await client.collect(order.orderRef), 'outstandingTransaction');
    clock.advance(120_000);
    assertFailed(await client.collect(order.orderRef), 'expiredTransaction');
  });
});
