// Swedish personal identity and coordination numbers: the date (day + 60 for a coordination
// number), no date after today in Sweden, and the Luhn check digit. The numbers are synthetic,
// their check digits computed here.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPersonalNumber, isPersonalNumber, parsePersonalNumber } from '../../src/accounts/personnummer.ts';

/** A 12-digit number for a birth date (YYYYMMDD) and serial, with its check digit. */
function withCheckDigit(birth: string, serial: string): string {
  const nine = (birth + serial).slice(2);
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return `${birth}${serial}${(10 - (sum % 10)) % 10}`;
}

/** The same number with a wrong check digit. */
const wrongCheckDigit = (number: string) => number.slice(0, 11) + ((Number(number[11]) + 1) % 10);

const NOW = new Date('2025-06-15T10:00:00Z');

describe('Swedish personal identity numbers', () => {
  test('a personal identity number and a coordination number give their kind and date of birth', () => {
    assert.deepEqual(parsePersonalNumber('198503122387', NOW), {
      value: '198503122387',
      kind: 'personalIdentityNumber',
      birthdate: '1985-03-12',
    });
    const coordination = withCheckDigit('19790767', '456');
    assert.deepEqual(parsePersonalNumber(coordination, NOW), {
      value: coordination,
      kind: 'coordinationNumber',
      birthdate: '1979-07-07',
    });
  });

  test('a birth date in the future is refused, for either kind, with its own reason', () => {
    for (const number of [
      withCheckDigit('20850101', '123'),
      withCheckDigit('20850161', '123'),
      withCheckDigit('20250616', '123'),
      withCheckDigit('20250676', '123'),
    ]) {
      assert.deepEqual(checkPersonalNumber(number, NOW), { valid: false, problem: 'future' }, number);
      assert.equal(parsePersonalNumber(number, NOW), undefined, number);
    }
    assert.equal(isPersonalNumber(withCheckDigit('20850101', '123')), false, 'today is the default');
    assert.deepEqual(
      checkPersonalNumber(wrongCheckDigit(withCheckDigit('20850101', '123')), NOW),
      { valid: false, problem: 'future' },
      'the date is the clearer message even when a digit is also wrong',
    );
  });

  test('born today is not the future, counting the day as it is in Sweden', () => {
    assert.equal(checkPersonalNumber(withCheckDigit('20250615', '123'), NOW).valid, true);
    assert.equal(checkPersonalNumber(withCheckDigit('20250675', '123'), NOW).valid, true);
    // 23:30 UTC on 1 March is already 2 March in Stockholm.
    const lateEvening = new Date('2025-03-01T23:30:00Z');
    assert.equal(checkPersonalNumber(withCheckDigit('20250302', '123'), lateEvening).valid, true);
    assert.equal(checkPersonalNumber(withCheckDigit('20250303', '123'), lateEvening).valid, false);
  });

  test('the format, the date and the check digit each have their reason', () => {
    const problem = (input: string) => {
      const check = checkPersonalNumber(input, NOW);
      return check.valid ? 'valid' : check.problem;
    };
    assert.equal(problem('8503122387'), 'format', 'the 10-digit form (century left out) is never read');
    assert.equal(problem('19850312-2387'), 'format');
    assert.equal(problem(withCheckDigit('19900230', '123')), 'date');
    assert.equal(problem(withCheckDigit('19900192', '123')), 'date', 'day 32 as a coordination number');
    assert.equal(problem(withCheckDigit('18490101', '123')), 'date');
    assert.equal(problem(wrongCheckDigit('198503122387')), 'checksum');
    assert.equal(problem('198503122387'), 'valid');
  });
});
