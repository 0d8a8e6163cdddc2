// Sends e-mail through an SMTP relay with nodemailer: one connection per message (one-time codes
// are few and must not wait behind a pool), short timeouts so a person is not left waiting, and
// TLS required unless configured otherwise.
import { createTransport } from 'nodemailer';
import type { EmailConfig } from './config.ts';
import { NotifyError } from './errors.ts';
import { smtpError } from './smtp-errors.ts';
import type { EmailMessage, EmailSender, SendResult } from './types.ts';

export type CheckResult = { ok: true } | { ok: false; error: NotifyError };

/** A bare address without display name, spaces, angle brackets or line breaks. */
const ADDRESS = /^[^\s<>@",;]+@[^\s<>@",;]+\.[^\s<>@",;]+$/;

export class SmtpEmailSender implements EmailSender {
  readonly #transport;
  readonly #from: string;

  constructor(config: EmailConfig) {
    const { smtp } = config;
    this.#from = config.from;
    this.#transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTLS,
      ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
      tls: { minVersion: 'TLSv1.2', ...(smtp.caPem ? { ca: smtp.caPem } : {}) },
      connectionTimeout: smtp.connectionTimeoutMs,
      greetingTimeout: smtp.greetingTimeoutMs,
      socketTimeout: smtp.socketTimeoutMs,
      dnsTimeout: smtp.connectionTimeoutMs,
      // The message is ours and plain: it never pulls in files or URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
      // Nodemailer's logger would write message data, which carries the code.
      logger: false,
      debug: false,
    });
  }

  async send(message: EmailMessage): Promise<SendResult> {
    if (!ADDRESS.test(message.to)) {
      return {
        ok: false,
        error: new NotifyError('invalidRecipient', 'email', { detail: { reason: 'not a plain e-mail address' } }),
      };
    }
    try {
      const info = await this.#transport.sendMail({
        from: message.senderName ? { name: message.senderName, address: addressOf(this.#from) } : this.#from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
      });
      return { ok: true, channel: 'email', id: info.messageId };
    } catch (error) {
      return { ok: false, error: smtpError(error) };
    }
  }

  /** Connects and, when configured, logs in, without sending: a start-up or health check. */
  async verify(): Promise<CheckResult> {
    try {
      await this.#transport.verify();
      return { ok: true };
    } catch (error) {
      return { ok: false, error: smtpError(error) };
    }
  }

  close(): void {
    this.#transport.close();
  }
}

/** The bare address of a configured sender, `Name <address>` or just `address`. */
function addressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}
