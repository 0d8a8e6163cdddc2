// SmtpEmailSender against the real demo mail server: delivery into the outbox, over plain SMTP and
// over STARTTLS, and each fault ending in the NotifyError code the login UI relies on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emailConfigSchema, type EmailConfigInput } from '../../src/notify/config.ts';
import { SmtpEmailSender } from '../../src/notify/smtp.ts';
import { oneTimeCodeEmail } from '../../src/notify/templates.ts';
import { startMailServer, type MailServer } from '../../simulators/mail/index.ts';

const FAST = { connectionTimeoutMs: 500, greetingTimeoutMs: 500, socketTimeoutMs: 500 };

function sender(server: MailServer, smtp: Partial<EmailConfigInput['smtp']> = {}): SmtpEmailSender {
  return new SmtpEmailSender(
    emailConfigSchema.parse({
      from: 'Portvakt <no-reply@portvakt.test>',
      smtp: { host: server.host, port: server.port, requireTLS: false, ...FAST, ...smtp },
    }),
  );
}

describe('SmtpEmailSender with the demo mail server', () => {
  let server: MailServer;
  before(async () => {
    server = await startMailServer();
  });
  after(() => server.close());

  test('a one-time code e-mail arrives in the outbox with subject, text and html', async () => {
    const mail = oneTimeCodeEmail('sv', { code: '482913', minutes: 10, service: 'Kommunen' });
    const result = await sender(server).send({ to: 'Anna.Andersson@example.se', ...mail });
    assert.equal(result.ok, true);
    assert.ok(result.ok && /^<.+@.+>$/.test(result.id), 'the Message-ID is returned');
    const [entry] = server.outbox.list({ to: 'anna.andersson@example.se' });
    assert.ok(entry);
    assert.equal(entry.kind, 'email');
    assert.equal(entry.subject, 'Din engångskod till Kommunen');
    assert.match(entry.text, /482913/);
    assert.match(entry.text, /Koden gäller i 10 minuter/);
    assert.match(entry.html ?? '', /<html lang="sv">/);
    assert.match(entry.from, /no-reply@portvakt\.test/);
  });

  test('the reject fault ends in rejected, and the server accepts again once it is lifted', async () => {
    server.setFault('reject');
    try {
      const result = await sender(server).send({ to: 'bo@example.se', subject: 's', text: 't' });
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'rejected');
      assert.equal(result.error.channel, 'email');
      assert.equal(result.error.transient, false);
      assert.equal(result.error.detail.smtpReply, 554);
      assert.equal(result.error.messageKey, 'notify.email.failed');
    } finally {
      server.setFault('none');
    }
    assert.equal((await sender(server).send({ to: 'bo@example.se', subject: 's', text: 't' })).ok, true);
  });

  test('an unknown mailbox (550 5.1.1) ends in invalidRecipient', async () => {
    const result = await sender(server).send({ to: 'nobody@example.invalid', subject: 's', text: 't' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'invalidRecipient');
    assert.equal(result.error.messageKey, 'notify.email.invalidRecipient');
    assert.doesNotMatch(result.error.message, /nobody/, 'the address stays out of the log message');
  });

  test('a malformed address is refused before any connection', async () => {
    const before = server.outbox.size;
    const result = await sender(server).send({ to: 'a@b.se\r\nBcc: c@d.se', subject: 's', text: 't' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'invalidRecipient');
    assert.equal(server.outbox.size, before);
  });

  test('the hang fault ends in timeout within the configured 500 ms', async () => {
    server.setFault('hang');
    try {
      const started = performance.now();
      const result = await sender(server).send({ to: 'cecilia@example.se', subject: 's', text: 't' });
      const elapsed = performance.now() - started;
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'timeout');
      assert.equal(result.error.transient, true);
      assert.ok(elapsed >= 450 && elapsed < 2_000, `took ${Math.round(elapsed)} ms`);
    } finally {
      server.setFault('none');
    }
  });

  test('requireTLS refuses a server without STARTTLS instead of sending in clear', async () => {
    const result = await sender(server, { requireTLS: true }).send({ to: 'dan@example.se', subject: 's', text: 't' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'unreachable');
    assert.equal(server.outbox.list({ to: 'dan@example.se' }).length, 0);
  });

  test('verify succeeds against the running server', async () => {
    assert.deepEqual(await sender(server).verify(), { ok: true });
  });
});

describe('SmtpEmailSender over STARTTLS', () => {
  let dataDir: string;
  let server: MailServer;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'portvakt-mail-'));
    server = await startMailServer({ tls: { dataDir } });
  });
  after(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('with requireTLS and the simulator CA pinned, the message arrives', async () => {
    const result = await sender(server, { requireTLS: true, caPem: server.caCertPem! }).send({
      to: 'eva@example.se',
      subject: 'TLS',
      text: 'over TLS',
    });
    assert.equal(result.ok, true);
    assert.equal(server.outbox.list({ to: 'eva@example.se' })[0]?.text.trim(), 'over TLS');
  });

  test('without the CA the certificate is not trusted and nothing is sent', async () => {
    const result = await sender(server, { requireTLS: true }).send({ to: 'fia@example.se', subject: 'TLS', text: 'x' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'unreachable');
    assert.equal(server.outbox.list({ to: 'fia@example.se' }).length, 0);
  });
});

describe('SmtpEmailSender without a server', () => {
  let closed: Server;
  let port: number;
  before(async () => {
    // Take a free port and release it, so nothing listens there.
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });

  test('a refused connection ends in unreachable', async () => {
    const config = emailConfigSchema.parse({
      from: 'no-reply@portvakt.test',
      smtp: { host: '127.0.0.1', port, requireTLS: false, ...FAST },
    });
    const result = await new SmtpEmailSender(config).send({ to: 'gus@example.se', subject: 's', text: 't' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'unreachable');
    assert.equal(result.error.transient, true);
  });
});

describe('SmtpEmailSender with a server that requires login', () => {
  let server: MailServer;
  before(async () => {
    server = await startMailServer({ auth: { user: 'portvakt', pass: 'relay-secret' } });
  });
  after(() => server.close());

  test('the configured credentials log in and the message arrives', async () => {
    const result = await sender(server, { auth: { user: 'portvakt', pass: 'relay-secret' } }).send({
      to: 'hugo@example.se',
      subject: 'auth',
      text: 'x',
    });
    assert.equal(result.ok, true);
    assert.equal(server.outbox.list({ to: 'hugo@example.se' }).length, 1);
  });

  test('a wrong password ends in misconfigured and the password stays out of the error', async () => {
    const result = await sender(server, { auth: { user: 'portvakt', pass: 'wrong-secret' } }).send({
      to: 'ida@example.se',
      subject: 'auth',
      text: 'x',
    });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'misconfigured');
    assert.equal(result.error.messageKey, 'notify.email.failed');
    assert.doesNotMatch(`${result.error.message} ${JSON.stringify(result.error.detail)}`, /wrong-secret/);
  });

  test('without credentials the server refuses the sender: misconfigured', async () => {
    const result = await sender(server).send({ to: 'jon@example.se', subject: 'auth', text: 'x' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'misconfigured');
  });
});
