// Norwegian fødselsnummer, D-number and H-number: both check digits, the date, and the century
// the individual number implies. The valid numbers are synthetic, computed for these tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isNorwegianId, maskNorwegianId, parseNorwegianId } from '../../src/accounts/fodselsnummer.ts';

describe('Norwegian national identity numbers', () => {
  test('a fødselsnummer gives its kind and date of birth', () => {
    assert.deepEqual(parseNorwegianId('15038500047'), {
      value: '15038500047',
      kind: 'fodselsnummer',
      birthdate: '1985-03-15',
    });
    assert.deepEqual(parseNorwegianId('01019000083'), {
      value: '01019000083',
      kind: 'fodselsnummer',
      birthdate: '1990-01-01',
    });
  });

  test('a D-number adds 40 to the day and an H-number 40 to the month', () => {
    assert.deepEqual(parseNorwegianId('55038500030'), {
      value: '55038500030',
      kind: 'dNumber',
      birthdate: '1985-03-15',
    });
    assert.deepEqual(parseNorwegianId('41019000077'), {
      value: '41019000077',
      kind: 'dNumber',
      birthdate: '1990-01-01',
    });
    assert.deepEqual(parseNorwegianId('15438500100'), {
      value: '15438500100',
      kind: 'hNumber',
      birthdate: '1985-03-15',
    });
    assert.deepEqual(parseNorwegianId('01419000066'), {
      value: '01419000066',
      kind: 'hNumber',
      birthdate: '1990-01-01',
    });
  });

  test('either check digit wrong is refused', () => {
    assert.equal(parseNorwegianId('15038500048'), undefined, 'second check digit');
    assert.equal(parseNorwegianId('15038500057'), undefined, 'first check digit');
    assert.ok(isNorwegianId('15038500128'));
  });

  test('a number whose check digit would be 10 does not exist', () => {
    // 150385008: the first check digit computes to 10; 1503850039: the second does.
    for (let digit = 0; digit <= 9; digit += 1) {
      for (let last = 0; last <= 9; last += 1) assert.equal(isNorwegianId(`150385008${digit}${last}`), false);
      assert.equal(isNorwegianId(`1503850039${digit}`), false);
    }
  });

  test('the date must exist in the century the individual number gives', () => {
    assert.equal(
      parseNorwegianId('29020050088')?.birthdate,
      '2000-02-29',
      'individual number 500 and year 00: the 2000s, a leap year',
    );
    assert.equal(parseNorwegianId('29020000064'), undefined, 'individual number 000: 1900, not a leap year');
    assert.equal(isNorwegianId('32018500000'), false);
  });

  test('anything but eleven digits is refused, and masking hides the individual part', () => {
    for (const input of ['', '1503850004', '150385000477', '15038500O47', ' 15038500047', '150385-00047'])
      assert.equal(isNorwegianId(input), false, input);
    assert.equal(maskNorwegianId('15038500047'), '150385*****');
  });
});
