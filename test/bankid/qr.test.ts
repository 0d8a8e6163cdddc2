// The animated QR code against the test vector in BankID's own sample code (reference notes 1.7).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { currentQrContent, parseQrContent, qrAuthCode, qrContent, qrSeconds } from '../../src/eid/bankid/qr.ts';

const SECRET = 'd28db9a7-4cde-429e-a983-359be676944c';
const TOKEN = '67df3917-fa0d-44e5-b327-edcc928297f8';

describe('animated QR code', () => {
  test('reproduces the reference test vector', () => {
    assert.equal(qrAuthCode(SECRET, 0), 'dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8');
    const one = qrAuthCode(SECRET, 1);
    assert.ok(one.startsWith('949d559b') && one.endsWith('adcbce2'), one);
    const two = qrAuthCode(SECRET, 2);
    assert.ok(two.startsWith('a9e5ec59') && two.endsWith('1795b3f3'), two);
    assert.equal(
      qrContent(TOKEN, SECRET, 0),
      `bankid.${TOKEN}.0.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8`,
    );
  });

  test('counts whole seconds since the answer arrived, never below zero', () => {
    assert.equal(qrSeconds(10_000, 10_999), 0);
    assert.equal(qrSeconds(10_000, 11_000), 1);
    assert.equal(qrSeconds(10_000, 75_500), 65);
    assert.equal(qrSeconds(10_000, 9_000), 0);
    const order = { qrStartToken: TOKEN, qrStartSecret: SECRET, receivedAt: 1_000 };
    assert.equal(currentQrContent(order, 3_400), qrContent(TOKEN, SECRET, 2));
  });

  test('writes the time without padding and refuses fractions or negatives', () => {
    assert.match(qrContent(TOKEN, SECRET, 7), /^bankid\.[^.]+\.7\.[0-9a-f]{64}$/);
    assert.throws(() => qrAuthCode(SECRET, -1), RangeError);
    assert.throws(() => qrAuthCode(SECRET, 1.5), RangeError);
  });

  test('parses what it writes and nothing else', () => {
    assert.deepEqual(parseQrContent(qrContent(TOKEN, SECRET, 12)), {
      qrStartToken: TOKEN,
      seconds: 12,
      qrAuthCode: qrAuthCode(SECRET, 12),
    });
    for (const bad of [
      '',
      'bankid:///?autostarttoken=x',
      `bankid.${TOKEN}.01.${'a'.repeat(64)}`,
      `bankid.${TOKEN}.1.${'A'.repeat(64)}`,
      `bankid.${TOKEN}.1.abc`,
    ]) {
      assert.equal(parseQrContent(bad), undefined, bad);
    }
  });
});
