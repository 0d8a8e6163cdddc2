// Sends SMS through Twilio's Messages API with the official SDK, from a number, an alphanumeric
// sender ID or a Messaging Service. In the demo and the tests the same SDK talks to the local
// simulator (see twilio-client.ts).
import type twilio from 'twilio';
import type { TwilioConfig } from './config.ts';
import { NotifyError } from './errors.ts';
import { createTwilioClient } from './twilio-client.ts';
import { twilioError } from './twilio-errors.ts';
import type { SendResult, SmsMessage, SmsSender } from './types.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

export class TwilioSmsSender implements SmsSender {
  readonly #client: twilio.Twilio;
  readonly #sender: { from: string } | { messagingServiceSid: string };

  constructor(config: TwilioConfig) {
    this.#client = createTwilioClient(config);
    this.#sender =
      config.messagingServiceSid !== undefined
        ? { messagingServiceSid: config.messagingServiceSid }
        : { from: config.from! };
  }

  async send(message: SmsMessage): Promise<SendResult> {
    if (!E164.test(message.to)) {
      return {
        ok: false,
        error: new NotifyError('invalidRecipient', 'sms', { detail: { reason: 'not an E.164 number' } }),
      };
    }
    try {
      // An organisation's alphanumeric sender replaces a sending number, never a messaging service.
      const sender = message.sender && 'from' in this.#sender ? { from: message.sender } : this.#sender;
      const created = await this.#client.messages.create({ to: message.to, body: message.body, ...sender });
      return { ok: true, channel: 'sms', id: created.sid };
    } catch (error) {
      return { ok: false, error: twilioError(error) };
    }
  }
}
