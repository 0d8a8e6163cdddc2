// Answers that must not be believed: tampered or foreign signatures, results for another
// transaction, approvals below the required level, and answers that break the protocol.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import { CompactSign } from 'jose';
import type { FrejaClient } from '../../src/eid/freja/client.ts';
import { FrejaError, type FrejaErrorCode } from '../../src/eid/freja/errors.ts';
import { messageKeyForFailure, messageKeyForStatus } from '../../src/eid/freja/messages.ts';
import { x5tOf } from '../../src/eid/freja/signing-keys.ts';
import { TRANSACTION_MS } from '../../simulators/freja/index.ts';
import { startRelay, type Relay } from './relay.ts';
import { app, base64Json, clientFor, rawPost, rejection, startHarness, type Harness } from './support.ts';

let h: Harness;
let relay: Relay;
let viaRelay: FrejaClient;
before(async () => {
  h = await startHarness();
  relay = await startRelay(h);
  viaRelay = clientFor(h.sim, { baseUrl: relay.url, requestTimeoutMs: 300 });
});
after(async () => {
  viaRelay.close();
  await relay.close();
  await h.close();
});
afterEach(() => {
  relay.rewrite = (_call, answer) => answer;
  h.clock.advance(TRANSACTION_MS);
});

async function approvedByAnna(): Promise<string> {
  const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
  await app.open(h.sim, 'anna', authRef);
  await app.answer(h.sim, 'approve', 'anna', authRef);
  return authRef;
}

/** Rewrites getOneResult answers' JSON. */
function rewriteResult(
  change: (answer: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>,
): void {
  relay.rewrite = async (call, answer) => {
    if (!call.path.endsWith('/getOneResult') || answer.status !== 200) return answer;
    return { status: 200, body: JSON.stringify(await change(JSON.parse(answer.body) as Record<string, unknown>)) };
  };
}

async function refusedWith(code: FrejaErrorCode, promise: Promise<unknown>, reason?: RegExp): Promise<FrejaError> {
  const error = await rejection(promise);
  assert.ok(error instanceof FrejaError, `expected a FrejaError, got ${String(error)}`);
  assert.equal(error.code, code);
  if (reason) assert.match(String(error.detail?.reason), reason);
  return error;
}

describe('the signed details', () => {
  test('an untouched answer passes through the relay and verifies', async () => {
    const authRef = await approvedByAnna();
    assert.equal((await viaRelay.getOneResult(authRef)).state, 'approved');
  });

  test('the unsigned copy of the attributes beside the JWS is ignored', async () => {
    const authRef = await approvedByAnna();
    rewriteResult((answer) => ({ ...answer, requestedAttributes: { ssn: { ssn: '199203184016', country: 'SE' } } }));
    const outcome = await viaRelay.getOneResult(authRef);
    assert.equal(outcome.state === 'approved' && outcome.identity.attributes.ssn?.ssn, '198506142382');
  });

  test('a changed payload is refused', async () => {
    const authRef = await approvedByAnna();
    rewriteResult((answer) => {
      const [header, payload, signature] = String(answer.details).split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as {
        requestedAttributes: { ssn: { ssn: string } };
      };
      claims.requestedAttributes.ssn.ssn = '199203184016';
      return {
        ...answer,
        details: `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`,
      };
    });
    const error = await refusedWith('invalidSignature', viaRelay.getOneResult(authRef), /does not verify/);
    assert.equal(messageKeyForFailure(error), 'freja.error');
  });

  test('a changed signature is refused', async () => {
    const authRef = await approvedByAnna();
    rewriteResult((answer) => {
      const details = String(answer.details);
      const flipped = details.at(-2) === 'A' ? 'B' : 'A';
      return { ...answer, details: `${details.slice(0, -2)}${flipped}${details.at(-1)}` };
    });
    await refusedWith('invalidSignature', viaRelay.getOneResult(authRef), /does not verify/);
  });

  test('a JWS with another algorithm is refused even when its x5t names a trusted certificate', async () => {
    const authRef = await approvedByAnna();
    const x5t = x5tOf(new X509Certificate(h.sim.signingCertPem));
    rewriteResult(async (answer) => {
      const payload = Buffer.from(String(answer.details).split('.')[1] ?? '', 'base64url');
      const forged = await new CompactSign(payload).setProtectedHeader({ alg: 'HS256', x5t }).sign(new Uint8Array(32));
      return { ...answer, details: forged };
    });
    await refusedWith('invalidSignature', viaRelay.getOneResult(authRef), /unexpected algorithm/);
  });

  test('a JWS signed by a key whose x5t is not configured is refused', async () => {
    const other = await startHarness();
    try {
      // Talks to the other simulator with its CA and client certificate, but trusts only our signer.
      const client = clientFor(other.sim, { signingCertificatesPem: [h.sim.signingCertPem] });
      const { authRef } = await client.initAuthentication({ userInfoType: 'INFERRED' });
      await app.open(other.sim, 'anna', authRef);
      await app.answer(other.sim, 'approve', 'anna', authRef);
      await refusedWith('invalidSignature', client.getOneResult(authRef), /unknown signing certificate/);
      client.close();
    } finally {
      await other.close();
    }
  });

  test('a signing certificate outside its validity is refused', async () => {
    const authRef = await approvedByAnna();
    const later = clientFor(h.sim, { now: () => Date.now() + 10 * 365 * 24 * 3600 * 1000 });
    try {
      await refusedWith('invalidSignature', later.getOneResult(authRef), /not valid now/);
    } finally {
      later.close();
    }
  });
});

describe('results that belong elsewhere', () => {
  test('a genuine approval of another authRef is refused', async () => {
    const approvedRef = await approvedByAnna();
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    relay.rewrite = async (call, answer) => {
      if (!call.path.endsWith('/getOneResult')) return answer;
      const genuine = await rawPost(
        h.sim,
        call.path,
        `getOneAuthResultRequest=${base64Json({ authRef: approvedRef })}`,
      );
      const other = JSON.parse(genuine.body) as Record<string, unknown>;
      return { status: 200, body: JSON.stringify({ ...other, authRef }) };
    };
    await refusedWith('invalidResponse', viaRelay.getOneResult(authRef), /signed details name another authRef/);
  });

  test('an answer naming another authRef is refused', async () => {
    const authRef = await approvedByAnna();
    rewriteResult((answer) => ({ ...answer, authRef: 'c29tZXRoaW5nLWVsc2U=' }));
    await refusedWith('invalidResponse', viaRelay.getOneResult(authRef), /another authRef/);
  });

  test('APPROVED without details is refused', async () => {
    const authRef = await approvedByAnna();
    rewriteResult(({ details: _dropped, ...answer }) => answer);
    await refusedWith('invalidResponse', viaRelay.getOneResult(authRef), /without details/);
  });

  test('an approval signed for a lower registration level than required is refused', async () => {
    const { authRef } = await h.client.initAuthentication({
      userInfoType: 'INFERRED',
      minRegistrationLevel: 'EXTENDED',
    });
    await app.open(h.sim, 'bjorn', authRef);
    await app.answer(h.sim, 'approve', 'bjorn', authRef);
    await refusedWith('invalidResponse', h.client.getOneResult(authRef), /minRegistrationLevel below/);
    assert.equal((await h.client.getOneResult(authRef, { minRegistrationLevel: 'EXTENDED' })).state, 'approved');
  });
});

describe('answers that break the protocol', () => {
  test('an unknown status is a failure with a generic message', async () => {
    const { authRef } = await h.client.initAuthentication({ userInfoType: 'INFERRED' });
    rewriteResult((answer) => ({ ...answer, status: 'PROCESSING_NEW_THING' }));
    const outcome = await viaRelay.getOneResult(authRef);
    assert.deepEqual(outcome, { state: 'failed', authRef, status: 'UNKNOWN', reportedStatus: 'PROCESSING_NEW_THING' });
    assert.equal(messageKeyForStatus(outcome.status as 'UNKNOWN'), 'freja.error');
  });

  test('a slow answer ends in a timeout', async () => {
    relay.rewrite = (_call, answer) => new Promise((resolve) => setTimeout(() => resolve(answer), 800));
    const error = await refusedWith('timeout', viaRelay.initAuthentication({ userInfoType: 'INFERRED' }));
    assert.equal(messageKeyForFailure(error), 'freja.unreachable');
  });

  test('a 503 is a server error, shown as Freja being unreachable', async () => {
    relay.rewrite = () => ({ status: 503, body: '' });
    const error = await refusedWith('serverError', viaRelay.initAuthentication({ userInfoType: 'INFERRED' }));
    assert.equal(messageKeyForFailure(error), 'freja.unreachable');
  });

  test('an answer larger than any authentication result is refused', async () => {
    relay.rewrite = () => ({ status: 200, body: JSON.stringify({ authRef: 'x'.repeat(2 * 1024 * 1024) }) });
    await refusedWith('invalidResponse', viaRelay.initAuthentication({ userInfoType: 'INFERRED' }), /too large/);
  });

  test('a body that is not JSON, and an error without a code, are invalid responses', async () => {
    relay.rewrite = () => ({ status: 200, body: '<html>' });
    await refusedWith('invalidResponse', viaRelay.initAuthentication({ userInfoType: 'INFERRED' }), /not JSON/);
    relay.rewrite = () => ({ status: 400, body: '{"message":"no code"}' });
    await refusedWith('invalidResponse', viaRelay.initAuthentication({ userInfoType: 'INFERRED' }), /without code/);
    relay.rewrite = () => ({ status: 200, body: '{"reference":"x"}' });
    await refusedWith('invalidResponse', viaRelay.initAuthentication({ userInfoType: 'INFERRED' }));
  });
});
