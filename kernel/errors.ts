// The one error type Portvakt raises on purpose. A code names the failure for programs, a public
// message is what a person or relying party may see, and detail stays in the logs.

export type ErrorCode =
  | 'config_invalid'
  | 'database_unavailable'
  | 'not_found'
  | 'conflict'
  | 'invalid_input'
  | 'csrf_failed'
  | 'rate_limited'
  | 'interaction_expired'
  | 'method_not_allowed'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  config_invalid: 500,
  database_unavailable: 503,
  not_found: 404,
  conflict: 409,
  invalid_input: 400,
  csrf_failed: 403,
  rate_limited: 429,
  interaction_expired: 400,
  method_not_allowed: 403,
  internal: 500,
};

export class PortvaktError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Safe to show; internal errors never expose their message. */
  readonly publicMessage: string;
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    publicMessage: string,
    options: { detail?: Record<string, unknown>; cause?: unknown; status?: number } = {},
  ) {
    super(publicMessage, { cause: options.cause });
    this.name = 'PortvaktError';
    this.code = code;
    this.status = options.status ?? STATUS[code];
    this.publicMessage = publicMessage;
    this.detail = options.detail;
  }
}

export function isPortvaktError(error: unknown, code?: ErrorCode): error is PortvaktError {
  return error instanceof PortvaktError && (code === undefined || error.code === code);
}
