// Which message a person sees for every status and every error, and that each message exists in
// Swedish, Norwegian bokmål and English.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PortvaktError } from '../../kernel/errors.ts';
import { codeForFrejaError, FrejaError, KNOWN_FREJA_CODES, type FrejaErrorCode } from '../../src/eid/freja/errors.ts';
import {
  FREJA_MESSAGES,
  messageKeyForError,
  messageKeyForFailure,
  messageKeyForStatus,
  type FrejaMessageKey,
  type StatusContext,
} from '../../src/eid/freja/messages.ts';
import { FREJA_STATUSES, type FrejaStatus } from '../../src/eid/freja/types.ts';

const BY_STATUS: [FrejaStatus | 'UNKNOWN', StatusContext, FrejaMessageKey][] = [
  ['STARTED', {}, 'freja.waiting'],
  ['DELIVERED_TO_MOBILE', {}, 'freja.confirm'],
  ['APPROVED', {}, 'freja.approved'],
  ['CANCELED', {}, 'freja.cancelled'],
  ['CANCELED', { seenOnMobile: true }, 'freja.cancelled'],
  ['CANCELED', { seenOnMobile: false }, 'freja.alreadyInProgress'],
  ['RP_CANCELED', {}, 'freja.cancelled'],
  ['EXPIRED', {}, 'freja.expired'],
  ['REJECTED', {}, 'freja.rejected'],
  ['UNKNOWN', {}, 'freja.error'],
];

// A Record, so a new error code does not compile until it has its row here.
const BY_ERROR: Record<FrejaErrorCode, FrejaMessageKey> = {
  timeout: 'freja.unreachable',
  unreachable: 'freja.unreachable',
  serverError: 'freja.unreachable',
  invalidResponse: 'freja.error',
  invalidSignature: 'freja.error',
  invalidParameters: 'freja.error',
  unknownError: 'freja.error',
  invalidUserInfo: 'freja.checkIdentifier',
  invalidReference: 'freja.expired',
  userNotFound: 'freja.userNotFound',
  serviceDisabled: 'freja.serviceDisabled',
  previousRejected: 'freja.rejected',
};

// Freja's numeric codes for authentication, as the reference notes list them.
const BY_FREJA_CODE: [number, FrejaErrorCode][] = [
  [0, 'serverError'],
  ...[1000, 1001, 1003, 1004, 1006, 1007, 1008, 1009, 1010, 1011, 1013, 1200, 2002, 2003].map(
    (code): [number, FrejaErrorCode] => [code, 'invalidParameters'],
  ),
  [1002, 'invalidUserInfo'],
  [1005, 'serviceDisabled'],
  [1012, 'userNotFound'],
  [1100, 'invalidReference'],
  [2000, 'previousRejected'],
  [3000, 'unknownError'],
  [9999, 'unknownError'],
];

describe('statuses', () => {
  for (const [status, context, key] of BY_STATUS) {
    test(`${status} ${JSON.stringify(context)} → ${key}`, () => {
      assert.equal(messageKeyForStatus(status, context), key);
    });
  }

  test('the table covers every status', () => {
    assert.deepEqual(new Set(BY_STATUS.map(([status]) => status)), new Set([...FREJA_STATUSES, 'UNKNOWN']));
  });
});

describe('errors', () => {
  for (const [code, key] of Object.entries(BY_ERROR) as [FrejaErrorCode, FrejaMessageKey][]) {
    test(`${code} → ${key}`, () => {
      assert.equal(messageKeyForError(code), key);
      assert.equal(messageKeyForFailure(new FrejaError(code, 'x')), key);
    });
  }

  for (const [frejaCode, code] of BY_FREJA_CODE) {
    test(`Freja ${frejaCode} → ${code} → ${BY_ERROR[code]}`, () => {
      assert.equal(codeForFrejaError(frejaCode), code);
    });
  }

  test('every code the client knows is in the table', () => {
    const tabled = new Set(BY_FREJA_CODE.map(([code]) => code));
    assert.deepEqual(
      KNOWN_FREJA_CODES.filter((code) => !tabled.has(code)),
      [],
    );
  });

  test('faults that are not Freja errors get the generic message, never a Freja-specific one', () => {
    assert.equal(messageKeyForFailure(new Error('socket hang up')), 'freja.error');
    assert.equal(messageKeyForFailure(new PortvaktError('internal', 'x')), 'freja.error');
    assert.equal(messageKeyForFailure('a string'), 'freja.error');
  });
});

describe('messages', () => {
  const reachable = new Set<FrejaMessageKey>([...BY_STATUS.map(([, , key]) => key), ...Object.values(BY_ERROR)]);

  for (const [key, texts] of Object.entries(FREJA_MESSAGES)) {
    test(`${key} is translated and used`, () => {
      for (const language of ['sv', 'nb', 'en'] as const)
        assert.ok(texts[language].trim().length > 10, `${key}.${language} is empty`);
      assert.notEqual(texts.sv, texts.en);
      assert.notEqual(texts.nb, texts.en);
      assert.notEqual(texts.sv, texts.nb);
      assert.ok(reachable.has(key as FrejaMessageKey), `${key} is never chosen`);
    });
  }
});
