// Every way a BankID call can fail, as one error type. The code says what happened; `internal`
// says whether the fault is Portvakt's own (and so must never be shown to the person as a BankID
// problem); `mayRetry` says whether an automatic retry is allowed by BankID's guidelines.

/** Error codes BankID sends in `{errorCode, details}` bodies. */
export const BANKID_ERROR_CODES = [
  'alreadyInProgress',
  'invalidParameters',
  'unauthorized',
  'notFound',
  'methodNotAllowed',
  'requestTimeout',
  'unsupportedMediaType',
  'internalError',
  'maintenance',
] as const;
export type BankIdApiErrorCode = (typeof BANKID_ERROR_CODES)[number];

export type BankIdErrorCode =
  | BankIdApiErrorCode
  /**
   * HTTP 429. BankID's own errorCode string for it is UNCONFIRMED, so the client keys this on the
   * status alone and keeps whatever code arrived in `bankIdErrorCode`.
   */
  | 'rateLimited'
  /** No answer within the configured timeout. */
  | 'timeout'
  /** No connection: DNS, refused, TLS handshake (including a rejected certificate), reset. */
  | 'unreachable'
  /** An answer that is not the documented JSON shape. */
  | 'invalidResponse'
  /** Refused by the client before sending: Portvakt built a bad request. */
  | 'invalidRequest'
  /** An errorCode BankID has added since this was written. */
  | 'unknown';

/** Faults on Portvakt's side of the line. Show a generic Portvakt error for these, never a BankID message. */
const INTERNAL: ReadonlySet<BankIdErrorCode> = new Set<BankIdErrorCode>([
  'invalidParameters',
  'unauthorized',
  'notFound',
  'methodNotAllowed',
  'unsupportedMediaType',
  'invalidResponse',
  'invalidRequest',
]);

/**
 * BankID says `maintenance` may be retried silently; 429 may be retried after a pause. It says not to
 * retry `internalError` or `requestTimeout` automatically, and an RP fault will not fix itself.
 * Timeouts and unreachable hosts are not retried either: a collect loop would retry on its next tick anyway.
 */
const MAY_RETRY: ReadonlySet<BankIdErrorCode> = new Set<BankIdErrorCode>(['maintenance', 'rateLimited']);

export class BankIdError extends Error {
  readonly code: BankIdErrorCode;
  /** HTTP status, when an HTTP answer arrived. */
  readonly status: number | undefined;
  /** The errorCode string exactly as BankID sent it, also for `unknown` and `rateLimited`. */
  readonly bankIdErrorCode: string | undefined;
  /** BankID's free-text details (or the client's own reason); for logs, never for the person. */
  readonly details: string | undefined;
  readonly internal: boolean;
  readonly mayRetry: boolean;

  constructor(
    code: BankIdErrorCode,
    options: {
      status?: number | undefined;
      bankIdErrorCode?: string | undefined;
      details?: string | undefined;
      cause?: unknown;
    } = {},
  ) {
    const details = options.details === undefined ? undefined : scrubPersonalNumbers(options.details);
    super(describe(code, options.status, details), { cause: options.cause });
    this.name = 'BankIdError';
    this.code = code;
    this.status = options.status;
    this.bankIdErrorCode = options.bankIdErrorCode;
    this.details = details;
    this.internal = INTERNAL.has(code);
    this.mayRetry = MAY_RETRY.has(code);
  }
}

export function isBankIdError(error: unknown, code?: BankIdErrorCode): error is BankIdError {
  return error instanceof BankIdError && (code === undefined || error.code === code);
}

export function isBankIdApiErrorCode(value: string): value is BankIdApiErrorCode {
  return (BANKID_ERROR_CODES as readonly string[]).includes(value);
}

/** Maps an HTTP error answer to a code: the body's errorCode wins, 429 is always `rateLimited`. */
export function errorCodeFor(status: number, bankIdErrorCode: string | undefined): BankIdErrorCode {
  if (status === 429) return 'rateLimited';
  if (bankIdErrorCode !== undefined && isBankIdApiErrorCode(bankIdErrorCode)) return bankIdErrorCode;
  return 'unknown';
}

function describe(code: BankIdErrorCode, status: number | undefined, details: string | undefined): string {
  const head = status === undefined ? `BankID ${code}` : `BankID ${code} (HTTP ${status})`;
  return details ? `${head}: ${details}` : head;
}

/**
 * Error messages end up in logs. BankID's free-text details are not documented never to echo the
 * request, so anything shaped like a personal number (YYYYMMDDNNNN, YYMMDD-NNNN) is blanked.
 */
export function scrubPersonalNumbers(text: string): string {
  return text.replace(/(?<!\d)(?:\d{8}|\d{6})[-+]?\d{4}(?!\d)/g, '[personal number]');
}

/**
 * A collect that failed this way leaves the order alive at BankID (the service was briefly away or
 * slow, or the connection dropped): ask again on the next tick rather than end the login.
 */
const COLLECT_SURVIVES: ReadonlySet<BankIdErrorCode> = new Set<BankIdErrorCode>([
  'maintenance',
  'internalError',
  'requestTimeout',
  'rateLimited',
  'timeout',
  'unreachable',
]);

export function collectMayRetry(error: unknown): boolean {
  return isBankIdError(error) && COLLECT_SURVIVES.has(error.code);
}
