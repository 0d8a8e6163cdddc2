// The order of a login's steps, as a table: every combination of facts, and the step that comes
// next. A step done changes the facts; walking the table again gives what follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN_STEPS, nextStep, type LoginFacts } from '../../src/policy/login-steps.ts';

const base: LoginFacts = {
  passwordFirstFactor: true,
  acceptedFactorProven: false,
  secondFactorReason: undefined,
  noticeOutstanding: false,
  passkeyOfferDue: false,
};

test('the next step for each kind of login', () => {
  const rows: [Partial<LoginFacts>, ReturnType<typeof nextStep>][] = [
    [{}, 'finish'],
    [{ secondFactorReason: 'policy' }, 'second_factor'],
    [{ secondFactorReason: 'network' }, 'second_factor'],
    [{ secondFactorReason: 'request' }, 'second_factor'],
    [{ secondFactorReason: 'policy', noticeOutstanding: true }, 'second_factor'],
    [{ secondFactorReason: 'policy', acceptedFactorProven: true }, 'finish'],
    [{ secondFactorReason: 'policy', acceptedFactorProven: true, noticeOutstanding: true }, 'privacy_notice'],
    [{ noticeOutstanding: true }, 'privacy_notice'],
    // An eID or staff login is not topped up with a second factor, whatever the policy says.
    [{ passwordFirstFactor: false, secondFactorReason: 'policy' }, 'finish'],
    [{ passwordFirstFactor: false, secondFactorReason: 'network', noticeOutstanding: true }, 'privacy_notice'],
    // The passkey offer comes last: after the factor the policy asks for, and after the notice.
    [{ passkeyOfferDue: true }, 'passkey_offer'],
    [{ passkeyOfferDue: true, secondFactorReason: 'policy' }, 'second_factor'],
    [{ passkeyOfferDue: true, noticeOutstanding: true }, 'privacy_notice'],
  ];
  for (const [facts, expected] of rows) assert.equal(nextStep({ ...base, ...facts }), expected, JSON.stringify(facts));
});

test('walking the table: each step done removes its own reason, and the login ends after the last', () => {
  let facts: LoginFacts = { ...base, secondFactorReason: 'network', noticeOutstanding: true, passkeyOfferDue: true };
  const walked: string[] = [];
  for (let guard = 0; guard < LOGIN_STEPS.length + 1; guard += 1) {
    const step = nextStep(facts);
    walked.push(step);
    if (step === 'finish') break;
    facts =
      step === 'second_factor'
        ? { ...facts, acceptedFactorProven: true }
        : step === 'privacy_notice'
          ? { ...facts, noticeOutstanding: false }
          : { ...facts, passkeyOfferDue: false };
  }
  assert.deepEqual(walked, ['second_factor', 'privacy_notice', 'passkey_offer', 'finish']);
});
