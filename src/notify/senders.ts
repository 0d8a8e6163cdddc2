// The senders this deployment is configured for; a channel without configuration is not offered.
import type { Config } from '../config/schema.ts';
import { SmtpEmailSender } from './smtp.ts';
import { TwilioSmsSender } from './twilio.ts';
import type { EmailSender, SmsSender } from './types.ts';

export function createSenders(config: Config): { email?: EmailSender; sms?: SmsSender } {
  return {
    ...(config.email ? { email: new SmtpEmailSender(config.email) } : {}),
    ...(config.sms ? { sms: new TwilioSmsSender(config.sms.twilio) } : {}),
  };
}
