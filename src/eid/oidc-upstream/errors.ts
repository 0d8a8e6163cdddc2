// Why an upstream OpenID Connect login was refused, one code per audit reason and person message.
import * as oidc from 'openid-client';

export type OidcUpstreamFailure =
  /** The issuer, or the `iss` of its answer or ID token, is not the configured one (mix-up). */
  | 'issuer'
  | 'nonce'
  | 'state'
  /** The ID token or its signature failed another check (audience, expiry, hashes). */
  | 'id_token'
  /** The person cancelled, or the issuer said no. */
  | 'denied'
  /** The token endpoint refused the code. */
  | 'token'
  /** The issuer could not be reached or answered nonsense. */
  | 'unavailable'
  /** A verified person whose e-mail domain this issuer may not vouch for here. */
  | 'domain'
  /** A level the entry's assurance table does not know, or one below what this client needs. */
  | 'assurance'
  | 'subject_missing';

export class OidcUpstreamError extends Error {
  readonly code: OidcUpstreamFailure;
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    code: OidcUpstreamFailure,
    message: string,
    options: { detail?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'OidcUpstreamError';
    this.code = code;
    this.detail = options.detail;
  }
}

export function isOidcUpstreamError(error: unknown): error is OidcUpstreamError {
  return error instanceof OidcUpstreamError;
}

/** Sorts openid-client's errors into Portvakt's reasons. */
export function classify(error: unknown): OidcUpstreamError {
  if (error instanceof OidcUpstreamError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new OidcUpstreamError('denied', 'The issuer answered with an error.', {
      cause: error,
      detail: { error: error.error },
    });
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new OidcUpstreamError('token', 'The issuer refused the authorization code.', {
      cause: error,
      detail: { error: error.error },
    });
  }
  if (error instanceof oidc.ClientError) {
    const inner = error.cause as { message?: string; cause?: { claim?: string } } | undefined;
    const claim = inner?.cause?.claim;
    const message = inner?.message ?? error.message;
    const detail = { code: error.code, message };
    if (claim === 'iss' || /"iss"/.test(message))
      return new OidcUpstreamError('issuer', 'The answer comes from another issuer.', { cause: error, detail });
    if (claim === 'nonce')
      return new OidcUpstreamError('nonce', 'The ID token belongs to another login.', { cause: error, detail });
    if (/"state"/.test(message))
      return new OidcUpstreamError('state', 'The answer belongs to another login.', { cause: error, detail });
    if (error.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || error.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
      return new OidcUpstreamError('id_token', 'The ID token failed validation.', { cause: error, detail });
    }
    return new OidcUpstreamError('unavailable', 'The issuer’s answer could not be used.', { cause: error, detail });
  }
  return new OidcUpstreamError('unavailable', 'The issuer could not be reached.', {
    cause: error,
    detail: { message: (error as Error)?.message },
  });
}
