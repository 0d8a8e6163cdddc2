// Every way a call to Freja eID can fail, as one coded error. Transport and verification
// failures are ours; the rest translate Freja's numeric error codes (REST API v1.0).

export type FrejaErrorCode =
  | 'timeout'
  | 'unreachable'
  | 'invalidResponse'
  | 'invalidSignature'
  /** The identifier a person supplied (personal number, e-mail) is malformed: Freja 1002 or our own check. */
  | 'invalidUserInfo'
  /** Freja refused our request as malformed or not allowed: a Portvakt bug or misconfiguration. */
  | 'invalidParameters'
  /** Unknown or expired authRef (1100). */
  | 'invalidReference'
  | 'userNotFound'
  | 'serviceDisabled'
  /** A previous request for this person was rejected for security reasons (2000). */
  | 'previousRejected'
  | 'serverError'
  | 'unknownError';

export class FrejaError extends Error {
  readonly code: FrejaErrorCode;
  /** Safe to show to a relying party or in a generic page; never carries personal data. */
  readonly publicMessage: string;
  /** For logs only. */
  readonly detail: Record<string, unknown> | undefined;
  /** Freja's own numeric code when Freja answered with one. */
  readonly frejaCode: number | undefined;

  constructor(
    code: FrejaErrorCode,
    publicMessage: string,
    options: { detail?: Record<string, unknown>; cause?: unknown; frejaCode?: number } = {},
  ) {
    super(publicMessage, { cause: options.cause });
    this.name = 'FrejaError';
    this.code = code;
    this.publicMessage = publicMessage;
    this.detail = options.detail;
    this.frejaCode = options.frejaCode;
  }
}

export function isFrejaError(error: unknown, code?: FrejaErrorCode): error is FrejaError {
  return error instanceof FrejaError && (code === undefined || error.code === code);
}

/** Freja's error codes for the authentication service, and what each means to Portvakt. */
const BY_FREJA_CODE: Record<number, FrejaErrorCode> = {
  0: 'serverError',
  1000: 'invalidParameters',
  1001: 'invalidParameters',
  1002: 'invalidUserInfo',
  1003: 'invalidParameters',
  1004: 'invalidParameters',
  1005: 'serviceDisabled',
  1006: 'invalidParameters',
  1007: 'invalidParameters',
  1008: 'invalidParameters',
  1009: 'invalidParameters',
  1010: 'invalidParameters',
  1011: 'invalidParameters',
  1012: 'userNotFound',
  1013: 'invalidParameters',
  1100: 'invalidReference',
  1200: 'invalidParameters',
  2000: 'previousRejected',
  2002: 'invalidParameters',
  2003: 'invalidParameters',
};

export const KNOWN_FREJA_CODES: readonly number[] = Object.keys(BY_FREJA_CODE).map(Number);

export function codeForFrejaError(frejaCode: number): FrejaErrorCode {
  return BY_FREJA_CODE[frejaCode] ?? 'unknownError';
}

export function fromFrejaErrorBody(frejaCode: number, message: string, httpStatus: number): FrejaError {
  return new FrejaError(codeForFrejaError(frejaCode), 'Freja eID refused the request.', {
    frejaCode,
    detail: { httpStatus, frejaCode, frejaMessage: message },
  });
}

/** A result request that failed this way leaves the transaction alive at Freja: ask again on the next tick. */
const RESULT_SURVIVES: ReadonlySet<FrejaErrorCode> = new Set<FrejaErrorCode>(['timeout', 'unreachable', 'serverError']);

export function resultMayRetry(error: unknown): boolean {
  return isFrejaError(error) && RESULT_SURVIVES.has(error.code);
}
