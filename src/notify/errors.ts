// Every way handing a message to the mail server or to Twilio can fail, as one error type. The code
// is for programs (the login UI offers another way on any failure), the message key is what the
// person reads, and `detail` is for logs: it never holds the message body (it carries the code),
// credentials, or a full phone number or address.
import { NOTIFY_MESSAGES, type NotifyMessageKey } from './messages.ts';

export const NOTIFY_ERROR_CODES = [
  /** The provider answered and refused this message for good (SMTP 5xx, Twilio 4xx). */
  'rejected',
  /** No answer within the configured time; the message may or may not have gone out. */
  'timeout',
  /** No connection: refused, DNS, reset, TLS handshake. */
  'unreachable',
  /** The address or number cannot receive messages. Ask the person to check it. */
  'invalidRecipient',
  /** The provider asks us to slow down. */
  'rateLimited',
  /** Portvakt's own setup is wrong: credentials, sender, region permissions. Never the person's fault. */
  'misconfigured',
  'unknown',
] as const;
export type NotifyErrorCode = (typeof NOTIFY_ERROR_CODES)[number];

export type Channel = 'email' | 'sms';

/** Worth trying again later with the same channel; the rest will fail the same way. */
const TRANSIENT: ReadonlySet<NotifyErrorCode> = new Set<NotifyErrorCode>(['timeout', 'unreachable', 'rateLimited']);

export type NotifyErrorDetail = Readonly<Record<string, string | number | boolean | undefined>>;

export class NotifyError extends Error {
  readonly code: NotifyErrorCode;
  readonly channel: Channel;
  /** What to show the person (translate with notifyMessage). */
  readonly messageKey: NotifyMessageKey;
  /** The English text of `messageKey`, for callers without a locale. */
  readonly publicMessage: string;
  /** For logs only: provider codes, statuses, the failing step. */
  readonly detail: NotifyErrorDetail;
  readonly transient: boolean;

  constructor(
    code: NotifyErrorCode,
    channel: Channel,
    options: { detail?: NotifyErrorDetail; cause?: unknown; transient?: boolean } = {},
  ) {
    const detail = options.detail ?? {};
    super(describe(code, channel, detail), { cause: options.cause });
    this.name = 'NotifyError';
    this.code = code;
    this.channel = channel;
    this.messageKey = messageKeyFor(code, channel);
    this.publicMessage = NOTIFY_MESSAGES[this.messageKey].en;
    this.detail = detail;
    this.transient = options.transient ?? TRANSIENT.has(code);
  }
}

export function isNotifyError(error: unknown, code?: NotifyErrorCode): error is NotifyError {
  return error instanceof NotifyError && (code === undefined || error.code === code);
}

function messageKeyFor(code: NotifyErrorCode, channel: Channel): NotifyMessageKey {
  if (code === 'rateLimited') return 'notify.rateLimited';
  if (code === 'invalidRecipient')
    return channel === 'email' ? 'notify.email.invalidRecipient' : 'notify.sms.invalidRecipient';
  return channel === 'email' ? 'notify.email.failed' : 'notify.sms.failed';
}

function describe(code: NotifyErrorCode, channel: Channel, detail: NotifyErrorDetail): string {
  const parts = Object.entries(detail)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`);
  return `${channel} not sent: ${code}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Provider messages may quote the recipient ("The 'To' number +4670… is not valid", "<a@b>: user
 * unknown"). Logs keep the shape, not the person: phone numbers keep their last two digits, e-mail
 * addresses their domain.
 */
export function scrubRecipients(text: string): string {
  return text
    .replace(/\+?\d[\d\s-]{5,}\d/g, (match) => `…${match.replace(/\D/g, '').slice(-2)}`)
    .replace(/[^\s<>"'@]+@([^\s<>"'@]+)/g, (_match, domain: string) => `…@${domain}`);
}
