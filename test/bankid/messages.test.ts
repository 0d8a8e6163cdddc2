// Every hint code and error code reaches BankID's recommended message for its path (reference notes
// 1.12), and Portvakt's own faults never appear as BankID messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BankIdError, type BankIdErrorCode } from '../../src/eid/bankid/errors.ts';
import {
  MESSAGES,
  RFA_IDS,
  recommendedMessage,
  userMessage,
  type MessageContext,
  type MessageId,
} from '../../src/eid/bankid/messages.ts';
import { FAILED_HINT_CODES, PENDING_HINT_CODES } from '../../src/eid/bankid/types.ts';
import { LOCALES } from '../../src/config/schema.ts';

const QR: MessageContext = { flow: 'qr' };
const SAME_DESKTOP: MessageContext = { flow: 'sameDevice', device: 'desktop' };
const SAME_MOBILE: MessageContext = { flow: 'sameDevice', device: 'mobile' };
const PHONE: MessageContext = { flow: 'phone' };

// [status, hintCode, qr, same device on a computer, same device on a phone, phone order]
const COLLECT_TABLE: [status: 'pending' | 'failed', hintCode: string, ...expected: MessageId[]][] = [
  ['pending', 'outstandingTransaction', 'RFA1', 'RFA13', 'RFA13', 'RFA1'],
  ['pending', 'noClient', 'RFA1', 'RFA1', 'RFA1', 'RFA1'],
  ['pending', 'started', 'RFA14B', 'RFA15A', 'RFA15B', 'RFA14B'],
  ['pending', 'userSign', 'RFA9', 'RFA9', 'RFA9', 'RFA9'],
  ['pending', 'userMrtd', 'RFA23', 'RFA23', 'RFA23', 'RFA23'],
  ['pending', 'userCallConfirm', 'RFA21', 'RFA21', 'RFA21', 'RFA21'],
  ['pending', 'processing', 'RFA21', 'RFA21', 'RFA21', 'RFA21'],
  ['pending', '', 'RFA21', 'RFA21', 'RFA21', 'RFA21'],
  ['failed', 'expiredTransaction', 'RFA8', 'RFA8', 'RFA8', 'RFA8'],
  ['failed', 'certificateErr', 'RFA16', 'RFA16', 'RFA16', 'RFA16'],
  ['failed', 'userCancel', 'RFA6', 'RFA6', 'RFA6', 'RFA6'],
  ['failed', 'cancelled', 'RFA3', 'RFA3', 'RFA3', 'RFA3'],
  ['failed', 'startFailed', 'RFA17B', 'RFA17A', 'RFA17A', 'RFA17A'],
  ['failed', 'userDeclinedCall', 'RFA22', 'RFA22', 'RFA22', 'RFA22'],
  ['failed', 'notSupportedByUserApp', 'RFA22', 'RFA22', 'RFA22', 'RFA22'],
  ['failed', 'transactionRiskBlocked', 'RFA22', 'RFA22', 'RFA22', 'RFA22'],
  ['failed', 'mrtdVerificationFailed', 'RFA22', 'RFA22', 'RFA22', 'RFA22'],
  ['failed', '', 'RFA22', 'RFA22', 'RFA22', 'RFA22'],
];

const ERROR_TABLE: [BankIdErrorCode, MessageId][] = [
  ['alreadyInProgress', 'RFA4'],
  ['internalError', 'RFA5'],
  ['requestTimeout', 'RFA5'],
  ['maintenance', 'RFA5'],
  ['rateLimited', 'RFA5'],
  ['timeout', 'RFA5'],
  ['unreachable', 'RFA5'],
  ['unknown', 'RFA22'],
  ['invalidParameters', 'internal'],
  ['unauthorized', 'internal'],
  ['notFound', 'internal'],
  ['methodNotAllowed', 'internal'],
  ['unsupportedMediaType', 'internal'],
  ['invalidResponse', 'internal'],
  ['invalidRequest', 'internal'],
];

describe('BankID recommended user messages', () => {
  for (const [status, hintCode, qr, desktop, mobile, phone] of COLLECT_TABLE) {
    test(`${status}/${hintCode || '(none)'} → ${qr} (QR), ${desktop}/${mobile} (same device), ${phone} (phone)`, () => {
      assert.equal(recommendedMessage({ status, hintCode }, QR), qr);
      assert.equal(recommendedMessage({ status, hintCode }, SAME_DESKTOP), desktop);
      assert.equal(recommendedMessage({ status, hintCode }, SAME_MOBILE), mobile);
      assert.equal(recommendedMessage({ status, hintCode }, PHONE), phone);
    });
  }

  test('the table covers every documented hint code', () => {
    const covered = new Set(COLLECT_TABLE.map(([, hintCode]) => hintCode));
    for (const code of [...PENDING_HINT_CODES, ...FAILED_HINT_CODES]) assert.ok(covered.has(code), code);
  });

  for (const [code, expected] of ERROR_TABLE) {
    test(`error ${code} → ${expected}`, () => {
      const error = new BankIdError(code, { status: 400 });
      for (const context of [QR, SAME_DESKTOP, PHONE]) assert.equal(recommendedMessage({ error }, context), expected);
      assert.equal(error.internal, expected === 'internal', 'internal faults are flagged as such');
    });
  }

  test('anything that is not a BankIdError is Portvakt’s own fault, not BankID’s', () => {
    for (const error of [new Error('boom'), new TypeError('x'), 'text', undefined]) {
      const message = userMessage({ error }, QR, 'sv')!;
      assert.equal(message.id, 'internal');
      assert.equal(message.fromBankId, false);
      assert.doesNotMatch(message.text, /BankID/);
    }
  });

  test('a completed order needs no message', () => {
    assert.equal(userMessage({ status: 'complete' }, QR, 'en'), undefined);
  });

  test('every message exists in Swedish, Norwegian and English, and the internal one never names BankID', () => {
    for (const id of [...RFA_IDS, 'internal'] as const) {
      for (const locale of LOCALES) assert.ok(MESSAGES[id][locale].length > 3, `${id} ${locale}`);
      assert.notEqual(MESSAGES[id].sv, MESSAGES[id].nb, `${id}: nb is a translation, not a copy`);
    }
    for (const locale of LOCALES) assert.doesNotMatch(MESSAGES.internal[locale], /BankID/);
  });

  test('texts are BankID’s own in Swedish and English, RFA9 in its login wording', () => {
    assert.equal(
      userMessage({ status: 'pending', hintCode: 'userSign' }, QR, 'sv')!.text,
      'Skriv in din säkerhetskod i BankID-appen och välj Identifiera.',
    );
    assert.equal(userMessage({ status: 'failed', hintCode: 'userCancel' }, QR, 'en')!.text, 'Action cancelled.');
    assert.equal(userMessage({ error: new BankIdError('alreadyInProgress') }, QR, 'nb')!.text, MESSAGES.RFA4.nb);
    assert.equal(userMessage({ status: 'failed', hintCode: 'startFailed' }, QR, 'en')!.fromBankId, true);
  });
});
