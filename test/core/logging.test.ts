// Log lines name their request and never carry secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, requestScope } from '../../src/log.ts';

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
