// Why a SAML message from an upstream IdP was refused. Each code is one audit reason and maps to
// one message for the person; detail stays in the logs.

export type SamlFailure =
  /** Not XML, not a Response, or shaped in a way SAML does not allow. */
  | 'malformed'
  /** The IdP answered, but not with success (the person cancelled, or the IdP failed). */
  | 'status'
  /** No valid signature from a configured certificate over the response or the assertion. */
  | 'signature'
  /** The assertion came in clear text from an IdP whose assertions must be encrypted. */
  | 'unencrypted'
  /** The assertion could not be decrypted with Portvakt's keys. */
  | 'decryption'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not_yet_valid'
  /** Sent to another endpoint than this service provider's ACS. */
  | 'recipient'
  /** Not the answer to the request this login sent. */
  | 'in_response_to'
  /** The RelayState names no round trip in progress. */
  | 'relay_state'
  /** This assertion was accepted before. */
  | 'replay'
  /** The configured subject (NameID or attribute) is missing. */
  | 'subject_missing';

export class SamlError extends Error {
  readonly code: SamlFailure;
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: SamlFailure, message: string, options: { detail?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SamlError';
    this.code = code;
    this.detail = options.detail;
  }
}

export function isSamlError(error: unknown): error is SamlError {
  return error instanceof SamlError;
}
