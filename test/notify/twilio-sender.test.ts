// TwilioSmsSender through the official twilio SDK, pointed at the simulator over HTTPS with the
// simulator's CA pinned: delivery into the outbox, and every failure mapped to its NotifyError code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twilioConfigSchema, type TwilioConfig } from '../../src/notify/config.ts';
import { TwilioSmsSender } from '../../src/notify/twilio.ts';
import { oneTimeCodeSms } from '../../src/notify/templates.ts';
import { Outbox } from '../../simulators/outbox/outbox.ts';
import { startTwilioSimulator, type TwilioSimulator } from '../../simulators/twilio/index.ts';

const ACCOUNT = { sid: `AC${'c'.repeat(32)}`, authToken: 'sender-test-token' };
const SERVICE = `MG${'d'.repeat(32)}`;

describe('TwilioSmsSender with the Twilio simulator', () => {
  let dataDir: string;
  let sim: TwilioSimulator;
  const outbox = new Outbox();

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'portvakt-twilio-'));
    sim = await startTwilioSimulator({
      accounts: [ACCOUNT],
      senders: ['Portvakt'],
      messagingServices: [SERVICE],
      outbox,
      tls: { dataDir },
    });
  });
  after(async () => {
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function config(overrides: Record<string, unknown> = {}): TwilioConfig {
    return twilioConfigSchema.parse({
      accountSid: ACCOUNT.sid,
      authToken: ACCOUNT.authToken,
      from: 'Portvakt',
      apiBaseUrl: sim.url,
      caPem: sim.caCertPem,
      timeoutMs: 500,
      ...overrides,
    });
  }

  test('an SMS goes through the SDK to the simulator and into the outbox', async () => {
    const body = oneTimeCodeSms('nb', { code: '731942', minutes: 5, service: 'Helseforetaket', host: 'id.example.no' });
    const result = await new TwilioSmsSender(config()).send({ to: '+4791234567', body });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.channel, 'sms');
    assert.match(result.id, /^SM[0-9a-f]{32}$/, 'the SID parsed from the message resource');
    const [entry] = outbox.list({ to: '+4791234567', kind: 'sms' });
    assert.equal(entry?.text, body);
    assert.equal(entry?.from, 'Portvakt');
  });

  test('a Messaging Service can be the sender', async () => {
    const { from: _from, ...rest } = config();
    const result = await new TwilioSmsSender(twilioConfigSchema.parse({ ...rest, messagingServiceSid: SERVICE })).send({
      to: '+46701234567',
      body: 'x',
    });
    assert.ok(result.ok);
    assert.equal(outbox.get(outbox.list({ to: '+46701234567' })[0]!.id)?.from, SERVICE);
  });

  test('a wrong auth token ends in misconfigured (20003), never shown as the person’s fault', async () => {
    const result = await new TwilioSmsSender(config({ authToken: 'not-the-token' })).send({
      to: '+46701234567',
      body: 'x',
    });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'misconfigured');
    assert.equal(result.error.detail.twilioCode, 20003);
    assert.equal(result.error.detail.httpStatus, 401);
    assert.equal(result.error.messageKey, 'notify.sms.failed');
    assert.doesNotMatch(result.error.message, /not-the-token/);
  });

  test('a number Twilio refuses ends in invalidRecipient (21211, 21614)', async () => {
    for (const [to, twilioCode] of [
      ['+4670123', 21211],
      ['+46812345678', 21614],
    ] as const) {
      const result = await new TwilioSmsSender(config()).send({ to, body: 'x' });
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'invalidRecipient');
      assert.equal(result.error.detail.twilioCode, twilioCode);
      assert.equal(result.error.messageKey, 'notify.sms.invalidRecipient');
      assert.doesNotMatch(result.error.message, /812345678|70123/, 'the number stays out of the log message');
    }
  });

  test('a recipient that is not E.164 is refused before any request', async () => {
    const before = outbox.size;
    const result = await new TwilioSmsSender(config()).send({ to: '070-123 45 67', body: 'x' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'invalidRecipient');
    assert.equal(outbox.size, before);
  });

  test('a sender the account does not own ends in misconfigured (21606)', async () => {
    const result = await new TwilioSmsSender(config({ from: 'Someone' })).send({ to: '+46701234567', body: 'x' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'misconfigured');
    assert.equal(result.error.detail.twilioCode, 21606);
  });

  test('500 ends in unknown (transient), 429 in rateLimited', async () => {
    sim.setFault('error500');
    const failed = await new TwilioSmsSender(config()).send({ to: '+46701234567', body: 'x' });
    sim.setFault('rateLimit');
    const limited = await new TwilioSmsSender(config()).send({ to: '+46701234567', body: 'x' });
    sim.setFault('none');
    assert.ok(!failed.ok && !limited.ok);
    assert.equal(failed.error.code, 'unknown');
    assert.equal(failed.error.transient, true);
    assert.equal(limited.error.code, 'rateLimited');
    assert.equal(limited.error.messageKey, 'notify.rateLimited');
  });

  test('the hang fault ends in timeout within the configured 500 ms', async () => {
    sim.setFault('hang');
    try {
      const started = performance.now();
      const result = await new TwilioSmsSender(config()).send({ to: '+46701234567', body: 'x' });
      const elapsed = performance.now() - started;
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'timeout');
      assert.ok(elapsed >= 450 && elapsed < 2_000, `took ${Math.round(elapsed)} ms`);
    } finally {
      sim.setFault('none');
    }
  });

  test('without the simulator CA pinned the certificate is refused: unreachable', async () => {
    const { caPem: _caPem, ...rest } = config();
    const result = await new TwilioSmsSender(twilioConfigSchema.parse(rest)).send({ to: '+46701234567', body: 'x' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'unreachable');
  });

  test('nothing listening: unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await new TwilioSmsSender(config({ apiBaseUrl: `http://127.0.0.1:${port}` })).send({
      to: '+46701234567',
      body: 'x',
    });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'unreachable');
    assert.equal(result.error.transient, true);
  });
});
