// The Messages resource: checks a create request as Twilio does (in Twilio's order: To, sender,
// Body) and builds the JSON message resource Twilio answers with.
import { randomBytes } from 'node:crypto';
import { normalisePhoneNumber } from '../../src/notify/phone.ts';
import { twilioErrors } from './errors.ts';
import { segmentCount } from './segments.ts';

export const API_VERSION = '2010-04-01';
const E164 = /^\+[1-9]\d{6,14}$/;
const ALPHANUMERIC_SENDER = /^(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/;
const MAX_BODY = 1600;

export interface MessageRequest {
  to: string;
  from: string | undefined;
  messagingServiceSid: string | undefined;
  body: string;
}

export interface SenderRules {
  /** From values the account owns; absent means any well-formed number or sender ID. */
  senders: ReadonlySet<string> | undefined;
  messagingServices: ReadonlySet<string> | undefined;
}

/** Returns the request or throws the TwilioApiError Twilio would answer with. */
export function parseMessageRequest(form: URLSearchParams, rules: SenderRules): MessageRequest {
  const to = form.get('To')?.trim();
  if (!to) throw twilioErrors.toMissing();
  checkRecipient(to);
  const from = form.get('From')?.trim() || undefined;
  const messagingServiceSid = form.get('MessagingServiceSid')?.trim() || undefined;
  checkSender(from, messagingServiceSid, rules);
  const body = form.get('Body') ?? '';
  if (body === '') throw twilioErrors.bodyMissing();
  if ([...body].length > MAX_BODY) throw twilioErrors.bodyTooLong();
  return { to, from, messagingServiceSid, body };
}

/** Nordic numbers are held to their numbering plans, as Twilio's lookup would; landlines cannot take SMS. */
function checkRecipient(to: string): void {
  if (!E164.test(to)) throw twilioErrors.toInvalid(to);
  const nordic = normalisePhoneNumber(to);
  if (!nordic.ok) {
    if (nordic.error.code === 'unsupportedCountry') return;
    throw twilioErrors.toInvalid(to);
  }
  if (nordic.value.lineType === 'fixed') throw twilioErrors.toNotMobile(to);
}

function checkSender(from: string | undefined, service: string | undefined, rules: SenderRules): void {
  if (from === undefined && service === undefined) throw twilioErrors.fromMissing();
  if (
    service !== undefined &&
    (!MESSAGING_SERVICE_SID.test(service) || (rules.messagingServices && !rules.messagingServices.has(service)))
  ) {
    throw twilioErrors.messagingServiceInvalid(service);
  }
  if (from === undefined) return;
  if (!E164.test(from) && !ALPHANUMERIC_SENDER.test(from)) throw twilioErrors.fromInvalid(from);
  if (rules.senders && !rules.senders.has(from)) throw twilioErrors.fromNotOwned(from);
}

export type MessageResource = ReturnType<typeof messageResource>;

export function messageResource(accountSid: string, request: MessageRequest, now: Date) {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const base = `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}`;
  const date = rfc2822(now);
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: request.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: request.from ?? null,
    messaging_service_sid: request.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: String(segmentCount(request.body)),
    price: null,
    price_unit: 'USD',
    sid,
    // Through a Messaging Service the message is first `accepted`, then queued once a sender is picked.
    status: request.messagingServiceSid !== undefined ? 'accepted' : 'queued',
    subresource_uris: { media: `${base}/Media.json` },
    to: request.to,
    uri: `${base}.json`,
  };
}

/** Twilio's date format: `Thu, 30 Jul 2015 20:12:31 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
