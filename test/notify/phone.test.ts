// Phone-number normalisation: what people type in the five Nordic countries becomes E.164, and
// anything else is refused with a code the screen can translate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  maskPhoneNumber,
  normalisePhoneNumber,
  type NordicCountry,
  type PhoneNumberErrorCode,
} from '../../src/notify/phone.ts';
import { NOTIFY_MESSAGES } from '../../src/notify/messages.ts';

const ACCEPTED: [input: string, e164: string, lineType: string, defaultCountry?: NordicCountry][] = [
  ['070-123 45 67', '+46701234567', 'mobile'],
  ['0701234567', '+46701234567', 'mobile'],
  ['+46701234567', '+46701234567', 'mobile'],
  ['+46 70 123 45 67', '+46701234567', 'mobile'],
  ['0046 70-123 45 67', '+46701234567', 'mobile'],
  ['+46 (0)70 123 45 67', '+46701234567', 'mobile'],
  ['+46 070 123 45 67', '+46701234567', 'mobile'],
  ['  073\u00a0987 65 43 ', '+46739876543', 'mobile'],
  ['076–555 12 34', '+46765551234', 'mobile'],
  ['08-123 456 78', '+46812345678', 'fixed'],
  ['+47 912 34 567', '+4791234567', 'mobile'],
  ['0047 41234567', '+4741234567', 'mobile'],
  ['22 12 34 56', '+4722123456', 'fixed', 'NO'],
  ['+45 20 12 34 56', '+4520123456', 'unknown'],
  ['+358 40 123 4567', '+358401234567', 'mobile'],
  ['040 123 4567', '+358401234567', 'mobile', 'FI'],
  ['+354 612 3456', '+3546123456', 'mobile'],
];

const REFUSED: [input: string, code: PhoneNumberErrorCode][] = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['070-123 45 6', 'invalid'],
  ['070-123 45 678', 'invalid'],
  ['0701234567x', 'invalid'],
  ['abc', 'invalid'],
  ['+46 70 123 45 67; DROP', 'invalid'],
  ['++46701234567', 'invalid'],
  ['701234567', 'invalid'],
  ['+47 123 45 678', 'invalid'],
  ['+47 9123 4567 8', 'invalid'],
  ['+1 415 555 0100', 'unsupportedCountry'],
  ['0044 7700 900123', 'unsupportedCountry'],
  ['1'.repeat(30), 'invalid'],
];

test('accepted numbers become E.164 with their line type', () => {
  for (const [input, e164, lineType, defaultCountry] of ACCEPTED) {
    const result = normalisePhoneNumber(input, defaultCountry ? { defaultCountry } : {});
    assert.ok(result.ok, `${input} should be accepted`);
    assert.equal(result.value.e164, e164, input);
    assert.equal(result.value.lineType, lineType, input);
  }
});

test('garbage, wrong lengths and other countries are refused with a code and a translated message key', () => {
  for (const [input, code] of REFUSED) {
    const result = normalisePhoneNumber(input);
    assert.ok(!result.ok, `${input} should be refused`);
    assert.equal(result.error.code, code, input);
    assert.ok(NOTIFY_MESSAGES[result.error.messageKey].sv.length > 0);
    assert.doesNotMatch(result.error.message, /\d{4}/, 'the number stays out of the error message');
  }
});

test('requireMobile refuses landlines but lets numbers of unknown type through', () => {
  const landline = normalisePhoneNumber('08-123 456 78', { requireMobile: true });
  assert.ok(!landline.ok);
  assert.equal(landline.error.code, 'notMobile');
  assert.equal(landline.error.messageKey, 'phone.notMobile');
  assert.ok(normalisePhoneNumber('+45 20 12 34 56', { requireMobile: true }).ok);
  assert.ok(normalisePhoneNumber('070 123 45 67', { requireMobile: true }).ok);
});

test('the national form follows the default country', () => {
  const norwegian = normalisePhoneNumber('912 34 567', { defaultCountry: 'NO' });
  assert.ok(norwegian.ok);
  assert.equal(norwegian.value.e164, '+4791234567');
  assert.ok(!normalisePhoneNumber('912 34 567').ok, 'a Swedish national number needs its 0');
});

test('masked numbers keep the calling code and the last two digits', () => {
  assert.equal(maskPhoneNumber('+46701234567'), '+46…67');
  assert.equal(maskPhoneNumber('+358401234567'), '+358…67');
});
