// The two seams the login flow sends through. Production plugs in SMTP and Twilio, the demo the
// same senders pointed at local simulators. A send never throws for a delivery problem: it ends in
// a closed result, so the screen that asked can offer another way.
import type { Channel, NotifyError } from './errors.ts';

export interface EmailMessage {
  /** A bare address, `person@example.org`. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The display name to send as (the organisation's); the configured address stays. */
  senderName?: string | undefined;
}

export interface SmsMessage {
  /** E.164, `+46701234567`; see normalisePhoneNumber for what people type. */
  to: string;
  body: string;
  /** An alphanumeric sender ID (the organisation's), where the configured sender is a number. */
  sender?: string | undefined;
}

export type SendResult =
  | {
      ok: true;
      channel: Channel;
      /** The provider's id: the SMTP Message-ID or the Twilio message SID. */
      id: string;
    }
  | { ok: false; error: NotifyError };

export interface EmailSender {
  send(message: EmailMessage): Promise<SendResult>;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<SendResult>;
}
