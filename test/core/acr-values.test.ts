// What a request asks a login to reach: the first known `acr_values` level (voluntary, in order of
// preference) and the lowest essential one (any of them is enough).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestedAcrs } from '../../src/policy/second-factor.ts';

const LOA = (n: number) => `http://id.elegnamnden.se/loa/1.0/loa${n}`;

test('requested levels from acr_values and an essential acr claim', () => {
  const rows: [acrValues: string | undefined, essential: string[] | undefined, expected: string[]][] = [
    [undefined, undefined, []],
    [LOA(2), undefined, [LOA(2)]],
    [`${LOA(1)} ${LOA(2)} ${LOA(3)} ${LOA(4)}`, undefined, [LOA(1)]],
    [`${LOA(3)} ${LOA(1)}`, undefined, [LOA(3)]],
    [`urn:unknown ${LOA(2)}`, undefined, [LOA(2)]],
    ['urn:unknown', undefined, []],
    [undefined, [LOA(3), LOA(2)], [LOA(2)]],
    [LOA(1), [LOA(4)], [LOA(1), LOA(4)]],
  ];
  for (const [acrValues, essential, expected] of rows) {
    assert.deepEqual(
      requestedAcrs(acrValues === undefined ? {} : { acr_values: acrValues }, essential),
      expected,
      `${acrValues} / ${essential}`,
    );
  }
});
