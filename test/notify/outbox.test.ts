// The outbox: bounded, newest first, filtered by recipient; its pages render escaped and
// accessible HTML, and its JSON endpoint is what tests and browser tests read codes from.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox } from '../../simulators/outbox/outbox.ts';
import { startOutboxPage, type OutboxEntryJson, type OutboxPage } from '../../simulators/outbox/server.ts';
import { startMailServer } from '../../simulators/mail/index.ts';
import { emailConfigSchema } from '../../src/notify/config.ts';
import { SmtpEmailSender } from '../../src/notify/smtp.ts';
import { createTransport } from 'nodemailer';

const HOSTILE = `<img src=x onerror="alert(1)">`;

describe('Outbox', () => {
  test('keeps the newest entries first and drops the oldest beyond its bound', () => {
    const outbox = new Outbox({ maxEntries: 3 });
    for (const n of [1, 2, 3, 4])
      outbox.add({ kind: 'sms', to: '+46701234567', from: 'Portvakt', text: `message ${n}` });
    assert.deepEqual(
      outbox.list().map((entry) => entry.text),
      ['message 4', 'message 3', 'message 2'],
    );
    assert.equal(outbox.size, 3);
  });

  test('filters by recipient without case or spaces, and by kind', () => {
    const outbox = new Outbox();
    outbox.add({ kind: 'email', to: 'Anna@Example.se', from: 'a', subject: 's', text: 't' });
    outbox.add({ kind: 'sms', to: '+46701234567', from: 'b', text: 't' });
    assert.equal(outbox.list({ to: ' anna@example.SE ' }).length, 1);
    assert.equal(outbox.list({ to: '+46 70 123 45 67' }).length, 1);
    assert.equal(outbox.list({ kind: 'email' })[0]?.to, 'anna@example.se');
    assert.equal(outbox.list({ to: 'nobody@example.se' }).length, 0);
  });

  test('next() resolves with the next matching entry and times out otherwise', async () => {
    const outbox = new Outbox();
    const waiting = outbox.next({ to: '+4791234567' }, 1_000);
    outbox.add({ kind: 'sms', to: '+46701234567', from: 'x', text: 'not this' });
    outbox.add({ kind: 'sms', to: '+4791234567', from: 'x', text: 'this' });
    assert.equal((await waiting).text, 'this');
    await assert.rejects(outbox.next({ to: '+4791234567' }, 50), /within 50 ms/);
  });
});

describe('Outbox page', () => {
  const outbox = new Outbox();
  let page: OutboxPage;
  let emailId: string;

  before(async () => {
    page = await startOutboxPage({ outbox });
    emailId = outbox.add({
      kind: 'email',
      to: 'anna@example.se',
      from: 'Portvakt <no-reply@example.org>',
      subject: `Code ${HOSTILE}`,
      text: `Your code is 482913 ${HOSTILE}`,
      html: `<p>${HOSTILE}</p>`,
    }).id;
    outbox.add({ kind: 'sms', to: '+46701234567', from: 'Portvakt', text: '731942 is your code' });
  });
  after(() => page.close());

  async function get(path: string) {
    const response = await fetch(`${page.url}${path}`);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  test('the list is accessible, escaped, newest first and refreshes itself until switched off', async () => {
    const { status, headers, text } = await get('/');
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    assert.match(headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(text, /<html lang="en">/);
    assert.match(text, /<h1>Outbox<\/h1>/);
    assert.match(text, /<caption>[^<]+<\/caption>/);
    assert.equal(text.match(/<th scope="col">/g)?.length, 5);
    assert.match(text, /<label for="to">/);
    assert.doesNotMatch(text, /<img/);
    assert.match(text, /Code &lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
    assert.ok(text.indexOf('731942') < text.indexOf('Code &lt;img'), 'newest first');
    assert.match(text, /<meta http-equiv="refresh" content="5">/);
    assert.doesNotMatch((await get('/?refresh=off')).text, /http-equiv="refresh"/);
  });

  test('?to= shows only that recipient’s messages', async () => {
    const { text } = await get(`/?to=${encodeURIComponent('+46701234567')}`);
    assert.match(text, /731942 is your code/);
    assert.doesNotMatch(text, /anna@example\.se/);
    assert.match(text, /Messages to \+46701234567/);
  });

  test('a message page shows the text escaped and the html only inside a sandboxed frame', async () => {
    const { status, text } = await get(`/messages/${emailId}`);
    assert.equal(status, 200);
    assert.match(text, /<h1>Code &lt;img/);
    assert.match(text, /<pre>Your code is 482913 &lt;img/);
    assert.match(
      text,
      /<iframe sandbox="" title="[^"]+" srcdoc="&lt;p&gt;&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;&lt;\/p&gt;">/,
    );
    assert.doesNotMatch(text, /<img/);
    assert.equal((await get('/messages/999999')).status, 404);
  });

  test('the JSON endpoint filters by recipient and kind', async () => {
    const all = JSON.parse((await get('/api/messages')).text) as { messages: OutboxEntryJson[] };
    assert.equal(all.messages.length, 2);
    const sms = JSON.parse((await get(`/api/messages?to=${encodeURIComponent('+46701234567')}`)).text) as {
      messages: OutboxEntryJson[];
    };
    assert.deepEqual(
      sms.messages.map((message) => [message.kind, message.to, message.text]),
      [['sms', '+46701234567', '731942 is your code']],
    );
    assert.match(sms.messages[0]!.receivedAt, /^\d{4}-\d\d-\d\dT/);
    const emails = JSON.parse((await get('/api/messages?to=ANNA@example.se&kind=email')).text) as {
      messages: OutboxEntryJson[];
    };
    assert.equal(emails.messages[0]?.subject, `Code ${HOSTILE}`);
    assert.equal(JSON.parse((await get('/api/messages?to=nobody@example.se')).text).messages.length, 0);
    assert.equal((await get(`/api/messages/${emailId}`)).status, 200);
  });

  test('it is read-only', async () => {
    const response = await fetch(`${page.url}/api/messages`, { method: 'DELETE' });
    assert.equal(response.status, 405);
    await response.arrayBuffer();
    assert.equal(outbox.size, 2);
  });
});

describe('Mail server and outbox', () => {
  test('a message to several recipients is filed once per recipient, Bcc included', async () => {
    const server = await startMailServer({ maxMessages: 10 });
    try {
      const sender = new SmtpEmailSender(
        emailConfigSchema.parse({
          from: 'no-reply@portvakt.test',
          smtp: { host: server.host, port: server.port, requireTLS: false },
        }),
      );
      // The sender takes one recipient; plain nodemailer shows the server's side of several.
      const transport = createTransport({ host: server.host, port: server.port, ignoreTLS: true });
      await transport.sendMail({
        from: 'a@portvakt.test',
        to: 'b@example.se',
        bcc: 'c@example.se',
        subject: 'Both',
        text: 'hello',
      });
      transport.close();
      assert.equal(server.outbox.list({ to: 'b@example.se' })[0]?.subject, 'Both');
      assert.equal(server.outbox.list({ to: 'c@example.se' })[0]?.subject, 'Both');
      assert.equal((await sender.send({ to: 'd@example.se', subject: 'One', text: 'x' })).ok, true);
      assert.equal(server.outbox.size, 3);
    } finally {
      await server.close();
    }
  });
});
