// The simulator's app page and scripted persons: the QR check a real app makes, escaping and labels,
// every scripted failure reaching its message, faults from the page, and certificates kept between runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { currentQrContent, qrContent } from '../../src/eid/bankid/qr.ts';
import { isBankIdError } from '../../src/eid/bankid/errors.ts';
import { recommendedMessage, type MessageContext } from '../../src/eid/bankid/messages.ts';
import { startBankIdSimulator, SimulatedAppRefusal } from '../../simulators/bankid/index.ts';
import { appRequest, dataDir, PERSON, startRig, type Rig } from './support.ts';

const QR: MessageContext = { flow: 'qr' };

describe('BankID simulator', () => {
  let rig: Rig;
  before(async () => {
    rig = await startRig(import.meta.url);
  });
  after(() => rig.close());

  test('the app refuses a stale, future, tampered or reused QR code, and accepts the current one', async () => {
    const { client, sim, clock } = rig;
    const order = await client.auth({ endUserIp: '192.0.2.20' });
    const fresh = currentQrContent(order, clock.now());
    clock.advance(6_000);
    const stale = await appRequest(sim, '/scan', { person: PERSON.normal, qr: fresh });
    assert.equal(stale.status, 400);
    assert.match(stale.body, /role="alert"[^>]*>The QR code is too old/);

    const future = await appRequest(sim, '/scan', {
      person: PERSON.normal,
      qr: qrContent(order.qrStartToken, order.qrStartSecret, 9),
    });
    assert.match(future.body, /The QR code is not valid/);
    const current = currentQrContent(order, clock.now());
    const tampered = current.slice(0, -1) + (current.endsWith('0') ? '1' : '0');
    assert.match(
      (await appRequest(sim, '/scan', { person: PERSON.normal, qr: tampered })).body,
      /The QR code is not valid/,
    );
    assert.match((await appRequest(sim, '/scan', { person: PERSON.normal, qr: 'hello' })).body, /not a BankID QR code/);

    const oneSecondOld = qrContent(order.qrStartToken, order.qrStartSecret, 5);
    assert.equal((await appRequest(sim, '/scan', { person: PERSON.normal, qr: oneSecondOld })).status, 303);
    assert.match(
      (await appRequest(sim, '/scan', { person: PERSON.normal, qr: currentQrContent(order, clock.now()) })).body,
      /already been used/,
    );
    await client.cancel(order.orderRef);
  });

  test('an order bound to a personal number cannot be taken by someone else', async () => {
    const { client, sim, clock } = rig;
    const order = await client.auth({ endUserIp: '192.0.2.21', requirement: { personalNumber: PERSON.normal } });
    assert.throws(() => sim.app.scanQr(currentQrContent(order, clock.now()), PERSON.mrtdFail), SimulatedAppRefusal);
    assert.equal(sim.app.scanQr(currentQrContent(order, clock.now()), PERSON.normal).hintCode, 'userSign');
    await client.cancel(order.orderRef);
  });

  test('every scripted person ends in the state, and so the message, it is scripted for', async () => {
    const { client, sim, clock } = rig;
    const scan = async (
      personalNumber: string,
      request: Parameters<typeof client.auth>[0] = { endUserIp: '192.0.2.22' },
    ) => {
      const order = await client.auth(request);
      sim.app.scanQr(currentQrContent(order, clock.now()), personalNumber);
      return order;
    };
    const expectFailure = async (orderRef: string, hintCode: string, message: string) => {
      const result = await client.collect(orderRef);
      assert.equal(result.status, 'failed', hintCode);
      assert.equal(result.status === 'failed' && result.hintCode, hintCode);
      assert.equal(recommendedMessage(result, QR), message, hintCode);
    };

    await expectFailure((await scan(PERSON.blockedCertificate)).orderRef, 'certificateErr', 'RFA16');
    await expectFailure((await scan(PERSON.outdatedApp)).orderRef, 'notSupportedByUserApp', 'RFA22');
    await expectFailure(
      (await scan(PERSON.highRisk, { endUserIp: '192.0.2.22', requirement: { risk: 'moderate' } })).orderRef,
      'transactionRiskBlocked',
      'RFA22',
    );

    const cancels = await scan(PERSON.cancel);
    assert.equal(recommendedMessage(await client.collect(cancels.orderRef), QR), 'RFA9');
    clock.advance(2_000);
    await expectFailure(cancels.orderRef, 'userCancel', 'RFA6');

    const approves = await scan(PERSON.autoApprove, { endUserIp: '192.0.2.22', requirement: { mrtd: true } });
    clock.advance(2_000);
    const approved = await client.collect(approves.orderRef);
    assert.ok(approved.status === 'complete');
    assert.deepEqual(approved.completionData.stepUp, { mrtd: true });

    const withMrtd = await client.auth({ endUserIp: '192.0.2.22', requirement: { mrtd: true }, returnRisk: true });
    const app = sim.app.scanQr(currentQrContent(withMrtd, clock.now()), PERSON.mrtdFail);
    app.scanIdDocument();
    app.approve();
    const withFailedStep = await client.collect(withMrtd.orderRef);
    assert.ok(withFailedStep.status === 'complete');
    assert.deepEqual(withFailedStep.completionData.stepUp, { mrtd: false });
    assert.equal(withFailedStep.completionData.risk, 'low');

    const never = await client.auth({ endUserIp: '192.0.2.22' });
    assert.throws(() => sim.app.scanQr(currentQrContent(never, clock.now()), PERSON.neverStart), /neverStart/);
    clock.advance(30_000);
    await expectFailure(never.orderRef, 'startFailed', 'RFA17B');

    const noBankId = await client.auth({ endUserIp: '192.0.2.22' });
    assert.throws(() => sim.app.autoStart(noBankId.autoStartToken, PERSON.noBankId), /noBankId/);
    const searching = await client.collect(noBankId.orderRef);
    assert.equal(recommendedMessage(searching, { flow: 'sameDevice', device: 'desktop' }), 'RFA15A');
    clock.advance(180_000);
    await expectFailure(noBankId.orderRef, 'expiredTransaction', 'RFA8');

    const phone = await client.phoneAuth({ personalNumber: PERSON.declineCall, callInitiator: 'RP' });
    sim.app.openPhoneOrder(PERSON.declineCall);
    clock.advance(2_000);
    const declined = await client.collect(phone.orderRef);
    assert.equal(recommendedMessage(declined, { flow: 'phone' }), 'RFA22');
    assert.equal(declined.status === 'failed' && declined.hintCode, 'userDeclinedCall');
  });

  test('the page escapes what the relying party sends and labels every field', async () => {
    const { client, sim, clock } = rig;
    const order = await client.auth({
      endUserIp: '192.0.2.23',
      userVisibleData: '<script>alert("x")</script> & "quotes"',
    });
    const scanned = await appRequest(sim, '/scan', { person: PERSON.normal, qr: currentQrContent(order, clock.now()) });
    const page = await appRequest(sim, String(scanned.headers.location));
    assert.ok(page.body.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;'));
    assert.doesNotMatch(page.body, /<script/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    assert.match(page.body, /BankID SIMULATOR: not BankID/);

    const home = await appRequest(sim, '/');
    const ids = [...home.body.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((match) => match[1]!);
    assert.ok(ids.length >= 4);
    for (const id of ids) assert.match(home.body, new RegExp(`<label for="${id}">`), id);
    const visibleInputs = [...home.body.matchAll(/<(input|select|textarea)\b([^>]*)>/g)].filter(
      (match) => !/type="hidden"/.test(match[2]!),
    );
    for (const match of visibleInputs) assert.match(match[2]!, /\bid="/, 'every visible field has an id for its label');
    assert.match(home.body, /<html lang="en">/);
    await client.cancel(order.orderRef);
  });

  test('the page injects a fault for the next API call (RFA5 for the relying party)', async () => {
    const { client, sim } = rig;
    const res = await appRequest(sim, '/fault', { fault: 'maintenance' });
    assert.equal(res.status, 303);
    await assert.rejects(client.auth({ endUserIp: '192.0.2.24' }), (error) => {
      assert.ok(isBankIdError(error, 'maintenance'));
      assert.equal(recommendedMessage({ error }, QR), 'RFA5');
      return true;
    });
    const order = await client.auth({ endUserIp: '192.0.2.24' });
    await client.cancel(order.orderRef);
  });

  test('the page answers 404 and 405 and refuses unknown sessions and tokens', async () => {
    const { sim } = rig;
    assert.equal((await appRequest(sim, '/nope')).status, 404);
    assert.equal((await appRequest(sim, '/scan')).status, 405);
    assert.equal((await appRequest(sim, '/order?s=unknown')).status, 400);
    assert.equal(
      (await appRequest(sim, '/?autostarttoken=00000000-0000-0000-0000-000000000000&redirect=null')).status,
      400,
    );
    assert.equal((await appRequest(sim, '/act', { s: 'unknown', action: 'approve' })).status, 400);
  });

  test('certificates are made once in dataDir and reused by the next start', async () => {
    const again = await startBankIdSimulator({ dataDir: dataDir(import.meta.url) });
    try {
      assert.equal(again.caCertPem, rig.sim.caCertPem);
      assert.deepEqual(again.clientPfx, rig.sim.clientPfx);
      assert.notEqual(again.apiUrl, rig.sim.apiUrl);
      assert.match(again.apiUrl, /^https:\/\/127\.0\.0\.1:\d+\/rp\/v6\.0\/$/);
    } finally {
      await again.close();
    }
  });
});
