// The Freja client against the simulator over mutual TLS: each way an authentication can end.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { compactVerify, importX509 } from 'jose';
import { FrejaError } from '../../src/eid/freja/errors.ts';
import { frejaAppLink } from '../../src/eid/freja/links.ts';
import { messageKeyForFailure, messageKeyForStatus } from '../../src/eid/freja/messages.ts';
import type { FrejaOutcome } from '../../src/eid/freja/types.ts';
import { RETENTION_MS, TRANSACTION_MS } from '../../simulators/freja/index.ts';
import { app, base64Json, rawPost, rejection, startHarness, type Harness } from './support.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});
// Lets every open transaction run out, so no test meets another's person still busy.
afterEach(() => {
  h.clock.advance(TRANSACTION_MS);
});

function approved(outcome: FrejaOutcome): Extract<FrejaOutcome, { state: 'approved' }> {
  assert.equal(outcome.state, 'approved', `expected APPROVED, got ${outcome.status}`);
  return outcome as Extract<FrejaOutcome, { state: 'approved' }>;
}

describe('INFERRED (QR code or same device)', () => {
  test('runs STARTED → DELIVERED_TO_MOBILE → APPROVED with verified details and the requested attributes', async () => {
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    assert.deepEqual(await h.client.getOneResult(authRef), { state: 'pending', authRef, status: 'STARTED' });

    const page = await app.open(h.sim, 'anna', frejaAppLink(authRef));
    assert.match(page, /Approve/);
    const delivered = await h.client.getOneResult(authRef);
    assert.equal(delivered.status, 'DELIVERED_TO_MOBILE');
    assert.equal(messageKeyForStatus(delivered.status as 'DELIVERED_TO_MOBILE'), 'freja.confirm');

    assert.match(await app.answer(h.sim, 'approve', 'anna', authRef), /Approved/);
    const { identity } = approved(await h.client.getOneResult(authRef));
    assert.equal(identity.authRef, authRef);
    assert.equal(identity.userInfoType, 'INFERRED');
    assert.equal(identity.userInfo, 'N/A');
    assert.equal(identity.minRegistrationLevel, 'PLUS');
    assert.deepEqual(identity.attributes, {
      basicUserInfo: { name: 'Anna', surname: 'Andersson' },
      ssn: { ssn: '198506142382', country: 'SE' },
      emailAddress: 'anna.andersson@example.org',
      dateOfBirth: '1985-06-14',
      registrationLevel: 'PLUS',
    });
    assert.equal(identity.timestamp, h.clock.now);

    // The kept JWS verifies on its own against the simulator's signing certificate.
    const verified = await compactVerify(identity.details, await importX509(h.sim.signingCertPem, 'RS256'));
    assert.equal(JSON.parse(new TextDecoder().decode(verified.payload)).authRef, authRef);
  });

  test('a result can be read again after approval', async () => {
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    await app.open(h.sim, 'anna', authRef);
    await app.answer(h.sim, 'approve', 'anna', authRef);
    approved(await h.client.getOneResult(authRef));
    approved(await h.client.getOneResult(authRef));
  });
});

describe('SSN', () => {
  test('only the person with that number receives and approves the request', async () => {
    const { authRef } = await h.client.initAuthentication({
      userInfoType: 'SSN',
      personalNumber: '198506142382',
      attributesToReturn: ['SSN', 'BASIC_USER_INFO'],
    });
    assert.match(await app.home(h.sim, { person: 'anna' }), new RegExp(`value="${authRef.replace(/[+/]/g, '.')}"`));
    assert.doesNotMatch(await app.home(h.sim, { person: 'bjorn' }), /SSN ·/);

    assert.match(await app.open(h.sim, 'bjorn', authRef), /for someone else/);
    assert.equal((await h.client.getOneResult(authRef)).status, 'STARTED');

    await app.open(h.sim, 'anna', authRef);
    await app.answer(h.sim, 'approve', 'anna', authRef);
    const { identity } = approved(await h.client.getOneResult(authRef));
    assert.equal(identity.userInfoType, 'SSN');
    assert.deepEqual(JSON.parse(identity.userInfo), { country: 'SE', ssn: '198506142382' });
    assert.deepEqual(identity.attributes, {
      ssn: { ssn: '198506142382', country: 'SE' },
      basicUserInfo: { name: 'Anna', surname: 'Andersson' },
    });
  });

  test('a number Freja does not know is refused with 1012', async () => {
    const error = await rejection(h.client.initAuthentication({ userInfoType: 'SSN', personalNumber: '198507099003' }));
    assert.ok(error instanceof FrejaError);
    assert.equal(error.code, 'userNotFound');
    assert.equal(error.frejaCode, 1012);
    assert.equal(messageKeyForFailure(error), 'freja.userNotFound');
  });

  test('a malformed number is refused before anything is sent', async () => {
    const error = await rejection(h.client.initAuthentication({ userInfoType: 'SSN', personalNumber: '198506142383' }));
    assert.ok(error instanceof FrejaError);
    assert.equal(error.code, 'invalidUserInfo');
    assert.equal(error.frejaCode, undefined);
    assert.doesNotMatch(JSON.stringify(error.detail), /19850614/);
    assert.equal(messageKeyForFailure(error), 'freja.checkIdentifier');
  });
});

describe('EMAIL', () => {
  test('a person at EXTENDED approves when EXTENDED is enough', async () => {
    const { authRef } = await h.client.initAuthentication({
      userInfoType: 'EMAIL',
      email: 'bjorn.berg@example.org',
      minRegistrationLevel: 'EXTENDED',
    });
    await app.open(h.sim, 'bjorn', authRef);
    await app.answer(h.sim, 'approve', 'bjorn', authRef);
    const { identity } = approved(await h.client.getOneResult(authRef, { minRegistrationLevel: 'EXTENDED' }));
    assert.equal(identity.userInfo, 'bjorn.berg@example.org');
    assert.equal(identity.attributes.registrationLevel, 'EXTENDED');
    assert.equal(identity.attributes.emailAddress, 'bjorn.berg@example.org');
  });

  test('a person below the required level can neither approve nor decline, and the request runs out', async () => {
    const { authRef } = await h.client.initAuthentication({
      userInfoType: 'EMAIL',
      email: 'kari.nordmann@example.org',
    });
    const page = await app.open(h.sim, 'kari', authRef);
    assert.match(page, /at level BASIC, but the service requires PLUS/);
    assert.doesNotMatch(page, /action="\/approve"/);
    assert.match(await app.answer(h.sim, 'approve', 'kari', authRef), /at level BASIC/);
    assert.match(await app.answer(h.sim, 'decline', 'kari', authRef), /at level BASIC/);
    assert.equal((await h.client.getOneResult(authRef)).status, 'DELIVERED_TO_MOBILE');
    h.clock.advance(TRANSACTION_MS);
    assert.equal((await h.client.getOneResult(authRef)).status, 'EXPIRED');
  });
});

describe('PHONE', () => {
  test('the person with that mobile number receives and approves the request', async () => {
    const init = await rawPost(
      h.sim,
      '/authentication/1.0/initAuthentication',
      `initAuthRequest=${base64Json({
        userInfoType: 'PHONE',
        userInfo: '+46701740605',
        minRegistrationLevel: 'PLUS',
        attributesToReturn: [{ attribute: 'BASIC_USER_INFO' }],
      })}`,
    );
    assert.equal(init.status, 200, init.body);
    const { authRef } = JSON.parse(init.body) as { authRef: string };
    assert.match(await app.home(h.sim, { person: 'anna' }), /PHONE · STARTED/);
    assert.doesNotMatch(await app.home(h.sim, { person: 'bjorn' }), /PHONE ·/);
    assert.match(await app.open(h.sim, 'bjorn', authRef), /for someone else/);

    await app.open(h.sim, 'anna', authRef);
    await app.answer(h.sim, 'approve', 'anna', authRef);
    const { identity } = approved(await h.client.getOneResult(authRef));
    assert.equal(identity.userInfoType, 'PHONE');
    assert.equal(identity.userInfo, '+46701740605');
    assert.deepEqual(identity.attributes, { basicUserInfo: { name: 'Anna', surname: 'Andersson' } });
  });
});

describe('endings other than approval', () => {
  test('cancel by the relying party gives RP_CANCELED, and a second cancel is refused with 1100', async () => {
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    await h.client.cancel(authRef);
    const outcome = await h.client.getOneResult(authRef);
    assert.deepEqual(outcome, { state: 'failed', authRef, status: 'RP_CANCELED' });
    assert.equal(messageKeyForStatus('RP_CANCELED'), 'freja.cancelled');
    const error = await rejection(h.client.cancel(authRef));
    assert.ok(error instanceof FrejaError && error.code === 'invalidReference' && error.frejaCode === 1100);
  });

  test('declining in the app gives CANCELED', async () => {
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    await app.open(h.sim, 'anna', authRef);
    assert.match(await app.answer(h.sim, 'decline', 'anna', authRef), /Declined/);
    assert.deepEqual(await h.client.getOneResult(authRef), { state: 'failed', authRef, status: 'CANCELED' });
    assert.equal(messageKeyForStatus('CANCELED', { seenOnMobile: true }), 'freja.cancelled');
  });

  test('reporting in the app gives REJECTED, and the next request for that person is refused with 2000', async () => {
    const { authRef } = await h.client.initAuthentication({
      userInfoType: 'SSN',
      personalNumber: '199203184016',
      minRegistrationLevel: 'EXTENDED',
    });
    await app.open(h.sim, 'bjorn', authRef);
    assert.match(await app.answer(h.sim, 'report', 'bjorn', authRef), /Reported/);
    assert.deepEqual(await h.client.getOneResult(authRef), { state: 'failed', authRef, status: 'REJECTED' });
    assert.equal(messageKeyForStatus('REJECTED'), 'freja.rejected');

    const error = await rejection(
      h.client.initAuthentication({
        userInfoType: 'SSN',
        personalNumber: '199203184016',
        minRegistrationLevel: 'EXTENDED',
      }),
    );
    assert.ok(error instanceof FrejaError && error.code === 'previousRejected' && error.frejaCode === 2000);
    assert.equal(messageKeyForFailure(error), 'freja.rejected');
    h.clock.advance(TRANSACTION_MS);
    await h.client.initAuthentication({
      userInfoType: 'SSN',
      personalNumber: '199203184016',
      minRegistrationLevel: 'EXTENDED',
    });
  });

  test('two minutes on the injected clock give EXPIRED, and later the authRef is unknown (1100)', async () => {
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    await app.open(h.sim, 'anna', authRef);
    h.clock.advance(TRANSACTION_MS - 1);
    assert.equal((await h.client.getOneResult(authRef)).status, 'DELIVERED_TO_MOBILE');
    h.clock.advance(1);
    assert.deepEqual(await h.client.getOneResult(authRef), { state: 'failed', authRef, status: 'EXPIRED' });
    assert.match(await app.answer(h.sim, 'approve', 'anna', authRef), /no longer active/);
    assert.equal(messageKeyForStatus('EXPIRED'), 'freja.expired');
    h.clock.advance(RETENTION_MS);
    const error = await rejection(h.client.getOneResult(authRef));
    assert.ok(error instanceof FrejaError && error.code === 'invalidReference');
  });

  test('an authRef Freja never issued is refused with 1100', async () => {
    const error = await rejection(h.client.getOneResult('bm90LWlzc3VlZC1ieS1mcmVqYQ=='));
    assert.ok(error instanceof FrejaError);
    assert.equal(error.code, 'invalidReference');
    assert.equal(error.frejaCode, 1100);
    assert.equal(messageKeyForFailure(error), 'freja.expired');
  });
});

describe('one active authentication per person', () => {
  test('a second SSN request for the same person cancels both', async () => {
    const first = await h.client.initAuthentication({ userInfoType: 'SSN', personalNumber: '198506142382' });
    await app.open(h.sim, 'anna', first.authRef);
    const second = await h.client.initAuthentication({ userInfoType: 'SSN', personalNumber: '198506142382' });
    assert.equal((await h.client.getOneResult(first.authRef)).status, 'CANCELED');
    assert.equal((await h.client.getOneResult(second.authRef)).status, 'CANCELED');
    // The second never reached the app, so it was stopped by the clash, not by the person.
    assert.equal(messageKeyForStatus('CANCELED', { seenOnMobile: false }), 'freja.alreadyInProgress');
    assert.match(await app.answer(h.sim, 'approve', 'anna', first.authRef), /no longer active/);
  });

  test('scanning a second QR code while one is open cancels both', async () => {
    const first = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    const second = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    await app.open(h.sim, 'anna', first.authRef);
    assert.match(await app.open(h.sim, 'anna', frejaAppLink(second.authRef)), /Both have been cancelled/);
    assert.equal((await h.client.getOneResult(first.authRef)).status, 'CANCELED');
    assert.equal((await h.client.getOneResult(second.authRef)).status, 'CANCELED');
  });
});
