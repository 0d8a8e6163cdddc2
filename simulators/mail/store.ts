// Parses one SMTP DATA stream and files it in the outbox, once per envelope recipient, so a filter
// by recipient finds it even for Bcc.
import { simpleParser } from 'mailparser';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { Outbox } from '../outbox/outbox.ts';

export async function storeMessage(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  outbox: Outbox,
  maxBytes: number,
): Promise<void> {
  const parsed = await simpleParser(stream, { skipImageLinks: true, skipTextToHtml: true });
  if (stream.sizeExceeded) throw Object.assign(new Error(`Message exceeds ${maxBytes} bytes`), { responseCode: 552 });
  const envelopeFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
  for (const recipient of session.envelope.rcptTo) {
    outbox.add({
      kind: 'email',
      to: recipient.address,
      from: parsed.from?.text ?? envelopeFrom,
      ...(parsed.subject !== undefined ? { subject: parsed.subject } : {}),
      text: parsed.text ?? '',
      ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
    });
  }
}
