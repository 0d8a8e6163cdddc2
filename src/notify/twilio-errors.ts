// Turns a failed Messages API call into a NotifyError. Twilio answers with `{code, message,
// more_info, status}`; the code is specific (https://www.twilio.com/docs/api/errors), the status
// the fallback. Without an answer, the SDK's HTTP layer (axios) reports a Node error code.
import { NotifyError, scrubRecipients, type NotifyErrorCode } from './errors.ts';

const BY_TWILIO_CODE: Readonly<Record<number, NotifyErrorCode>> = {
  20003: 'misconfigured', // authentication failed
  20404: 'misconfigured', // no such account or resource: a wrong account SID
  20429: 'rateLimited',
  14107: 'rateLimited', // SMS send rate limit exceeded
  21211: 'invalidRecipient', // invalid 'To' number
  21214: 'invalidRecipient', // 'To' cannot be reached
  21612: 'invalidRecipient', // 'To' not reachable over this route
  21614: 'invalidRecipient', // 'To' is not a mobile number
  21610: 'rejected', // the recipient has answered STOP
  21617: 'rejected', // body too long
  21602: 'rejected', // body missing
  // A trial account may only text verified numbers: the number is fine, the account is not.
  21608: 'misconfigured',
  21408: 'misconfigured', // geographic permission for the destination not enabled
  21212: 'misconfigured', // invalid 'From'
  21606: 'misconfigured', // 'From' is not one of the account's senders
  21603: 'misconfigured', // 'From' missing
  21701: 'misconfigured', // Messaging Service unknown
  21703: 'misconfigured', // Messaging Service has no senders
  21704: 'misconfigured',
};

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_SOCKET_CLOSED',
]);
// ERR_CANCELED: the request's deadline (twilio-client.ts) aborted it; nothing else cancels one.
const TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

interface TwilioFailure {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  moreInfo?: unknown;
  cause?: unknown;
}

export function twilioError(error: unknown): NotifyError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as TwilioFailure;
  if (typeof failure.status === 'number') return fromAnswer(failure.status, failure, error);
  const nodeCode = networkCode(failure);
  const code: NotifyErrorCode = TIMEOUT.has(nodeCode)
    ? 'timeout'
    : UNREACHABLE.has(nodeCode) || isTlsCode(nodeCode)
      ? 'unreachable'
      : 'unknown';
  return new NotifyError(code, 'sms', { detail: { networkCode: nodeCode || undefined }, cause: error });
}

function fromAnswer(status: number, failure: TwilioFailure, error: unknown): NotifyError {
  const twilioCode = typeof failure.code === 'number' ? failure.code : undefined;
  const detail = {
    httpStatus: status,
    twilioCode,
    twilioMessage: typeof failure.message === 'string' ? scrubRecipients(failure.message).slice(0, 200) : undefined,
  };
  const code = (twilioCode !== undefined ? BY_TWILIO_CODE[twilioCode] : undefined) ?? codeForStatus(status);
  return new NotifyError(code, 'sms', { detail, cause: error, ...(status >= 500 ? { transient: true } : {}) });
}

function codeForStatus(status: number): NotifyErrorCode {
  if (status === 429) return 'rateLimited';
  if (status === 401 || status === 403) return 'misconfigured';
  if (status >= 400 && status < 500) return 'rejected';
  return 'unknown';
}

function networkCode(failure: TwilioFailure): string {
  if (typeof failure.code === 'string') return failure.code;
  const cause = failure.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : '';
}

/** OpenSSL verification failures (self-signed, unknown issuer, wrong host name) arrive as their own codes. */
function isTlsCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code);
}
