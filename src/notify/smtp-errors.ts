// Turns what nodemailer reports into a NotifyError. Nodemailer's own codes say where a send broke
// (connection, TLS, authentication, envelope, data); the SMTP reply code and its enhanced status
// (RFC 3463) say why the server refused.
import { NotifyError, scrubRecipients, type NotifyErrorCode } from './errors.ts';

interface NodemailerFailure {
  code?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
  command?: string | undefined;
  timeoutType?: string | undefined;
}

const BY_NODEMAILER_CODE: Readonly<Record<string, NotifyErrorCode>> = {
  ETIMEDOUT: 'timeout',
  ECONNECTION: 'unreachable',
  ESOCKET: 'unreachable',
  EDNS: 'unreachable',
  EPROXY: 'unreachable',
  // A failed STARTTLS or handshake, or a server without STARTTLS under requireTLS: never fall back to clear text.
  ETLS: 'unreachable',
  EAUTH: 'misconfigured',
  ENOAUTH: 'misconfigured',
  EOAUTH2: 'misconfigured',
  ECONFIG: 'misconfigured',
  EREQUIRETLS: 'misconfigured',
};

export function smtpError(error: unknown): NotifyError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as NodemailerFailure;
  const code =
    codeForStep(failure) ?? (failure.responseCode !== undefined ? codeForReply(failure) : codeForEnvelope(failure));
  const detail = {
    nodemailerCode: failure.code,
    smtpReply: failure.responseCode,
    command: failure.command,
    timeoutType: failure.timeoutType,
    response: failure.response === undefined ? undefined : scrubRecipients(failure.response).slice(0, 200),
  };
  const transient =
    failure.responseCode !== undefined && failure.responseCode >= 400 && failure.responseCode < 500 ? true : undefined;
  return new NotifyError(code, 'email', { detail, cause: error, ...(transient ? { transient } : {}) });
}

/** Where the send broke decides first: a 500 to STARTTLS is a TLS problem, not a refused message. */
function codeForStep(failure: NodemailerFailure): NotifyErrorCode | undefined {
  return failure.code !== undefined ? BY_NODEMAILER_CODE[failure.code] : undefined;
}

/** EENVELOPE without a server reply: nodemailer found no usable recipient itself. */
function codeForEnvelope(failure: NodemailerFailure): NotifyErrorCode {
  return failure.code === 'EENVELOPE' ? 'invalidRecipient' : 'unknown';
}

/**
 * 421 closes the session; 530/534/535/538 mean our credentials. A bad address is 5.1.x when the
 * server sends enhanced status codes (RFC 3463), else 550/551/553 to RCPT TO (RFC 5321 4.2.3);
 * policy refusals there come as 554 or 5.7.x. Other 4xx/5xx refuse this message (4xx too:
 * greylisting and throttling look alike, so no rateLimited).
 */
function codeForReply(failure: NodemailerFailure): NotifyErrorCode {
  const reply = failure.responseCode ?? 0;
  const enhanced = /^\d{3}[ -]([245])\.(\d{1,3})\.\d{1,3}\b/.exec(failure.response ?? '');
  if (reply === 421) return 'unreachable';
  if ([530, 534, 535, 538].includes(reply)) return 'misconfigured';
  if (
    enhanced
      ? enhanced[1] === '5' && enhanced[2] === '1'
      : failure.command === 'RCPT TO' && [550, 551, 553].includes(reply)
  )
    return 'invalidRecipient';
  if (reply >= 400 && reply < 600) return 'rejected';
  return 'unknown';
}
