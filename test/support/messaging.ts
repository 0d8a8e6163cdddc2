// Where codes go in tests: a real SMTP server and the Twilio Messages API simulator, sharing one
// outbox a test reads the way a person reads their phone.
import { Outbox } from '../../simulators/outbox/index.ts';
import { startMailServer, type MailServer } from '../../simulators/mail/index.ts';
import { startTwilioSimulator, type TwilioSimulator } from '../../simulators/twilio/index.ts';

export const TWILIO = {
  sid: `AC${'a'.repeat(32)}`,
  authToken: 'test-twilio-auth-token-0123456789',
  from: '+46700000001',
};

export interface Messaging {
  outbox: Outbox;
  mail: MailServer;
  twilio: TwilioSimulator;
  config: Record<string, unknown>;
  /** The newest code sent to `to` (an e-mail address or an E.164 number). */
  latestCode(to: string): string;
  close(): Promise<void>;
}

export async function startMessaging(): Promise<Messaging> {
  const outbox = new Outbox({ maxEntries: 200 });
  const [mail, twilio] = await Promise.all([
    startMailServer({ outbox }),
    startTwilioSimulator({ accounts: [{ sid: TWILIO.sid, authToken: TWILIO.authToken }], outbox }),
  ]);
  return {
    outbox,
    mail,
    twilio,
    config: {
      email: {
        from: 'Portvakt <no-reply@portvakt.example>',
        smtp: {
          host: mail.host,
          port: mail.port,
          secure: false,
          requireTLS: false,
          connectionTimeoutMs: 2000,
          greetingTimeoutMs: 2000,
          socketTimeoutMs: 2000,
        },
      },
      sms: {
        twilio: {
          accountSid: TWILIO.sid,
          authToken: TWILIO.authToken,
          from: TWILIO.from,
          apiBaseUrl: twilio.url,
          timeoutMs: 3000,
        },
      },
    },
    latestCode(to) {
      const message = outbox.list({ to })[0];
      const code = message ? /\b([A-Z2-9]{6})\b/.exec(message.text)?.[1] : undefined;
      if (!code) throw new Error(`no code sent to ${to}; outbox has ${outbox.size} messages`);
      return code;
    },
    async close() {
      await Promise.all([mail.close(), twilio.close()]);
    },
  };
}
