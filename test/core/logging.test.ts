// Log lines name their request and never carry secrets, nor the eID evidence that holds identity numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, requestScope } from '../../src/log.ts';
import { createAuditLog } from '../../src/security/audit.ts';
import { startPortvakt } from '../support/harness.ts';

test('every line written while serving a request carries its id; secrets are redacted', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger('info', sink);
  await requestScope.run({ requestId: 'req-12345678' }, async () => {
    await Promise.resolve();
    logger.info({ password: 'hunter2-hunter2', client: { client_secret: 'abc' } }, 'inside');
  });
  logger.info('outside');
  assert.equal(lines[0]!.reqId, 'req-12345678');
  assert.equal(lines[0]!.password, '[redacted]');
  assert.deepEqual(lines[0]!.client, { client_secret: '[redacted]' });
  assert.equal(lines[1]!.reqId, undefined);
});

test('an eID audit event keeps its evidence in the database and out of the log line', async () => {
  const pv = await startPortvakt();
  try {
    const lines: { audit?: { detail: Record<string, unknown> } }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as { audit?: { detail: Record<string, unknown> } });
        done();
      },
    });
    const audit = createAuditLog(pv.portvakt.db, createLogger('info', sink));
    const evidence = {
      provider: 'bankid',
      personalNumber: '198506142382',
      signature: 'PHNpZ25hdHVyZT4xOTg1MDYxNDIzODI8L3NpZ25hdHVyZT4=',
      ocspResponse: 'MIIHfgoBAKCC',
      details: 'eyJhbGciOi',
    };
    await audit.record({ type: 'login.eid', outcome: 'success', detail: evidence });
    const logged = lines.find((line) => line.audit)!.audit!.detail;
    assert.equal(logged.personalNumber, '19850614****');
    for (const key of ['signature', 'ocspResponse', 'details'])
      assert.equal(logged[key], '[kept in the audit table]', key);
    const [stored] = await pv.portvakt.audit.find({ type: 'login.eid', latest: 1 });
    assert.equal(stored!.detail.signature, evidence.signature, 'the evidence itself stays with the stored event');
    // A hostile id from a path (PostgreSQL's jsonb refuses NUL) is recorded, not turned into a 500.
    await audit.record({ type: 'admin.call', outcome: 'failure', detail: { target: '\u0000id' } });
    const [hostile] = await pv.portvakt.audit.find({ type: 'admin.call', latest: 1 });
    assert.equal(hostile!.detail.target, '\ufffdid');
  } finally {
    await pv.close();
  }
});
