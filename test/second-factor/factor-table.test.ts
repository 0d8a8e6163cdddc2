// The second-factor table read both ways: what a factor adds to a password login's amr, and what
// the assurance gate reads back from that amr, must agree for every factor in the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECOND_FACTORS } from '../../interactions/second-factor/factors/registry.ts';
import { amrWith, FACTOR_PROOFS, provenKinds } from '../../src/policy/factors.ts';
import { provesAcceptedFactor } from '../../src/policy/second-factor.ts';
import { ACR } from '../../src/provider/vocabulary.ts';

test('every factor’s amr reads back as the kind it counts as, and reaches the level it declares', () => {
  for (const proof of Object.values(FACTOR_PROOFS)) {
    const amr = amrWith(['pwd'], proof);
    assert.ok(amr.includes('mfa') && amr.includes('pwd'), proof.id);
    assert.deepEqual(provenKinds(amr), [proof.countsAs], proof.id);
    assert.equal(
      proof.acr,
      ACR.loa2,
      `${proof.id}: no second factor here is phishing-resistant, so none reaches higher`,
    );
  }
  for (const [kind, factor] of Object.entries(SECOND_FACTORS))
    assert.equal(factor.proof.id, kind, 'the registry files each factor under its own kind');
});

test('which accepted factors a password session’s amr proves', () => {
  const rows: [accepted: ('totp' | 'sms' | 'email')[], amr: string[], proves: boolean][] = [
    [['totp'], ['pwd'], false],
    [['totp'], ['pwd', 'otp', 'mfa'], true],
    [['totp'], ['pwd', 'sms', 'mfa'], false],
    [['totp'], ['pwd', 'mfa'], false],
    [['sms'], ['pwd', 'sms', 'mfa'], true],
    [['sms', 'email'], ['pwd', 'mfa'], true],
    [['email'], ['pwd', 'otp', 'mfa'], false],
    [['email'], ['pwd'], false],
    [[], ['pwd', 'otp', 'mfa'], false],
  ];
  for (const [accepted, amr, proves] of rows)
    assert.equal(provesAcceptedFactor(accepted, amr), proves, `${accepted.join(',')} / ${amr.join(',')}`);
});
