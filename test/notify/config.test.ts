// The e-mail and SMS configuration sections: defaults, strictness and the rules that keep
// credentials off unencrypted connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailConfigSchema, smsConfigSchema } from '../../src/notify/config.ts';

const SID = `AC${'0'.repeat(32)}`;
const twilio = { accountSid: SID, authToken: 'token', from: '+46700000001' };

function issues(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}): string[] {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

test('email: defaults are TLS-required with short timeouts', () => {
  const config = emailConfigSchema.parse({
    from: 'Portvakt <no-reply@example.org>',
    smtp: { host: 'smtp.example.org' },
  });
  assert.deepEqual(config.smtp, {
    host: 'smtp.example.org',
    port: 587,
    secure: false,
    requireTLS: true,
    connectionTimeoutMs: 5_000,
    greetingTimeoutMs: 5_000,
    socketTimeoutMs: 15_000,
  });
});

test('email: unknown keys, bad addresses and clear-text credentials are refused with the key named', () => {
  const unknown = emailConfigSchema.safeParse({ from: 'a@b.se', smtp: { host: 'h', hots: 'x' } });
  assert.ok(
    issues(unknown).some((line) => line.startsWith('smtp') && /hots/.test(line)),
    issues(unknown).join('\n'),
  );
  assert.ok(
    issues(emailConfigSchema.safeParse({ from: 'not an address', smtp: { host: 'h' } })).some((line) =>
      line.startsWith('from:'),
    ),
  );
  const clear = emailConfigSchema.safeParse({
    from: 'a@b.se',
    smtp: { host: 'smtp.example.org', requireTLS: false, auth: { user: 'u', pass: 'p' } },
  });
  assert.ok(
    issues(clear).some((line) => line.startsWith('smtp.auth:')),
    issues(clear).join('\n'),
  );
  assert.ok(
    emailConfigSchema.safeParse({
      from: 'a@b.se',
      smtp: { host: '127.0.0.1', requireTLS: false, auth: { user: 'u', pass: 'p' } },
    }).success,
  );
});

test('sms: exactly one of from and messagingServiceSid', () => {
  assert.ok(smsConfigSchema.safeParse({ twilio }).success);
  assert.ok(
    smsConfigSchema.safeParse({
      twilio: { accountSid: SID, authToken: 't', messagingServiceSid: `MG${'f'.repeat(32)}` },
    }).success,
  );
  assert.ok(
    issues(smsConfigSchema.safeParse({ twilio: { accountSid: SID, authToken: 't' } })).some((line) =>
      line.startsWith('twilio.from:'),
    ),
  );
  assert.ok(!smsConfigSchema.safeParse({ twilio: { ...twilio, messagingServiceSid: `MG${'f'.repeat(32)}` } }).success);
});

test('sms: SIDs, senders and the API base URL are checked', () => {
  const bad = (patch: Record<string, unknown>) =>
    issues(smsConfigSchema.safeParse({ twilio: { ...twilio, ...patch } }));
  assert.ok(bad({ accountSid: 'AC123' }).some((line) => line.startsWith('twilio.accountSid:')));
  assert.ok(bad({ from: 'Far too long sender' }).some((line) => line.startsWith('twilio.from:')));
  assert.deepEqual(bad({ from: 'Portvakt' }), []);
  assert.ok(
    bad({ apiBaseUrl: 'http://sms.example.org' }).some((line) => /loopback/.test(line)),
    'an auth token never goes over clear-text HTTP off this machine',
  );
  assert.ok(bad({ apiBaseUrl: 'https://sms.example.org/v1' }).some((line) => /without a path/.test(line)));
  assert.deepEqual(bad({ apiBaseUrl: 'http://127.0.0.1:4010' }), []);
  assert.ok(bad({ authTokne: 'x' }).length > 0, 'unknown keys are refused');
  assert.equal(smsConfigSchema.parse({ twilio }).twilio.timeoutMs, 10_000);
});
