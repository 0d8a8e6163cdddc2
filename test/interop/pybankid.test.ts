// pybankid (PyPI), a maintained Python client of the RP API v6.0, against the BankID simulator over
// mutual TLS: its request bodies, its parsing of answers and its error classes are its own, so a
// simulator that drifted from BankID's wire format fails here. The shim is test/interop/python/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { startBankIdSimulator, type BankIdSimulator } from '../../simulators/bankid/index.ts';
import { dataDir, PERSON } from '../bankid/support.ts';
import { pybankidPython } from './python/venv.ts';
import { INTEROP_DIR, scratch, ShimProcess, type Scratch } from './support.ts';

const END_USER_IP = '192.0.2.10';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Started {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
}
type Collected =
  | { orderRef: string; status: 'pending' | 'failed'; hintCode: string }
  | { orderRef: string; status: 'complete'; completionData: CompletionData };
interface CompletionData {
  user: { personalNumber: string; name: string; givenName: string; surname: string };
  device: { ipAddress: string; uhi: string };
  bankIdIssueDate: string;
  signature: string;
  ocspResponse: string;
  [key: string]: unknown;
}
interface PyError {
  class: string;
  rfa: number | null;
  json: { errorCode?: string; details?: string };
}

describe('BankID simulator with pybankid 1.5.0', () => {
  let sim: BankIdSimulator;
  let files: Scratch;
  let py: ShimProcess;

  before(async () => {
    const python = await pybankidPython();
    // A real clock: pybankid's QR helper counts seconds with time.time().
    sim = await startBankIdSimulator({ dataDir: dataDir(import.meta.url) });
    files = await scratch('pybankid');
    const p12 = await files.file('relying-party.p12', sim.clientPfx);
    const serverCa = await files.file('server-ca.pem', sim.caCertPem);
    py = new ShimProcess(python, [join(INTEROP_DIR, 'python', 'pybankid_shim.py'), sim.apiUrl, p12, serverCa], {
      BANKID_P12_PASSPHRASE: sim.clientPassphrase,
    });
    assert.deepEqual(await py.ready(), { ok: true, ready: true });
  });
  after(async () => {
    await py?.close();
    await sim?.close();
    await files?.remove();
  });

  const call = <T>(command: Record<string, unknown>) => py.call<T>(command, 'value');
  const auth = (args: Record<string, unknown>) =>
    call<Started>({ op: 'auth', args: { end_user_ip: END_USER_IP, ...args } });
  const collect = (orderRef: string) => call<Collected>({ op: 'collect', orderRef });
  const refusal = async (command: Record<string, unknown>): Promise<PyError> => {
    const answer = await py.send(command);
    assert.equal(answer.ok, false, `expected pybankid to raise, got ${JSON.stringify(answer)}`);
    return (answer as unknown as { error: PyError }).error;
  };
  const completion = (result: Collected): CompletionData => {
    assert.equal(result.status, 'complete', JSON.stringify(result));
    return (result as { completionData: CompletionData }).completionData;
  };

  test('auth for a personal number, the app started by its autostart token: pending, then complete', async () => {
    const order = await auth({ requirement: { personalNumber: PERSON.normal } });
    assert.deepEqual(Object.keys(order).sort(), ['autoStartToken', 'orderRef', 'qrStartSecret', 'qrStartToken']);
    for (const token of Object.values(order)) assert.match(token, UUID);
    assert.deepEqual(await collect(order.orderRef), {
      orderRef: order.orderRef,
      status: 'pending',
      hintCode: 'outstandingTransaction',
    });

    const phone = sim.app.autoStart(order.autoStartToken, PERSON.normal);
    assert.deepEqual(await collect(order.orderRef), {
      orderRef: order.orderRef,
      status: 'pending',
      hintCode: 'userSign',
    });
    phone.approve();
    const data = completion(await collect(order.orderRef));
    assert.deepEqual(data.user, {
      personalNumber: PERSON.normal,
      name: 'Astrid Lindqvist',
      givenName: 'Astrid',
      surname: 'Lindqvist',
    });
    assert.notEqual(isIP(data.device.ipAddress), 0);
    assert.ok(data.device.uhi.length > 0);
    assert.match(data.bankIdIssueDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal('cert' in data, false, 'v5.1 cert must not appear in v6');
    assert.match(Buffer.from(data.signature, 'base64').toString('utf8'), /<funcId>Identification<\/funcId>/);
    assert.ok(Buffer.from(data.ocspResponse, 'base64').length > 100);

    // Each result is served once; pybankid raises its InvalidParametersError, with no RFA for the user.
    const again = await refusal({ op: 'collect', orderRef: order.orderRef });
    assert.equal(again.class, 'InvalidParametersError');
    assert.equal(again.rfa, null);
    assert.equal(again.json.errorCode, 'invalidParameters');
  });

  test('sign with pybankid’s own QR code content, scanned by the app', async () => {
    const text = 'Jag godkänner **avtal 42**';
    const order = await call<Started>({
      op: 'sign',
      args: {
        end_user_ip: END_USER_IP,
        user_visible_data: text,
        user_non_visible_data: 'avtal-42',
        user_visible_data_format: 'simpleMarkdownV1',
      },
    });
    const qr = await call<string>({ op: 'qr', orderRef: order.orderRef });
    assert.match(qr, new RegExp(`^bankid\\.${order.qrStartToken}\\.\\d+\\.[0-9a-f]{64}$`));
    const phone = sim.app.scanQr(qr, PERSON.normal);
    assert.equal(phone.hintCode, 'userSign');
    phone.approve();

    const data = completion(await collect(order.orderRef));
    const signature = Buffer.from(data.signature, 'base64').toString('utf8');
    const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
    assert.match(signature, /<funcId>Signing<\/funcId>/);
    assert.ok(signature.includes(`format="simpleMarkdownV1" visible="wysiwys">${b64(text)}</usrVisibleData>`));
    assert.ok(signature.includes(`<usrNonVisibleData>${b64('avtal-42')}</usrNonVisibleData>`));
  });

  test('phone auth: only an orderRef, then userCallConfirm until the person confirms the call', async () => {
    const order = await call<Record<string, string>>({
      op: 'phone_auth',
      args: { personal_number: PERSON.normal, call_initiator: 'RP' },
    });
    assert.deepEqual(Object.keys(order), ['orderRef']);
    const phone = sim.app.openPhoneOrder(PERSON.normal);
    assert.equal(((await collect(order.orderRef!)) as { hintCode: string }).hintCode, 'userCallConfirm');
    phone.confirmCall();
    phone.approve();
    assert.equal(completion(await collect(order.orderRef!)).user.personalNumber, PERSON.normal);
  });

  test('cancel answers {} (pybankid: True), and the order is gone', async () => {
    const order = await auth({});
    assert.equal(await call<boolean>({ op: 'cancel', orderRef: order.orderRef }), true);
    assert.equal((await refusal({ op: 'collect', orderRef: order.orderRef })).class, 'InvalidParametersError');
  });

  test('a second order for the same person: AlreadyInProgressError (RFA4), the first one cancelled', async () => {
    const first = await auth({ requirement: { personalNumber: PERSON.normal } });
    const second = await refusal({
      op: 'auth',
      args: { end_user_ip: END_USER_IP, requirement: { personalNumber: PERSON.normal } },
    });
    assert.equal(second.class, 'AlreadyInProgressError');
    assert.equal(second.rfa, 4);
    assert.deepEqual(await collect(first.orderRef), {
      orderRef: first.orderRef,
      status: 'failed',
      hintCode: 'cancelled',
    });
  });

  test('the person cancels in the app: failed/userCancel', async () => {
    const order = await auth({});
    sim.app.scanQr(await call<string>({ op: 'qr', orderRef: order.orderRef }), PERSON.normal).cancel();
    assert.deepEqual(await collect(order.orderRef), {
      orderRef: order.orderRef,
      status: 'failed',
      hintCode: 'userCancel',
    });
  });
});
