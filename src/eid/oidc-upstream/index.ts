// The OpenID Connect client for upstream issuers used for staff login.
export { oidcUpstreamConfigSchema, type OidcUpstreamConfig } from './config.ts';
export { OidcUpstreamClient, type RoundTripSecrets, type UpstreamAnswer } from './client.ts';
export { OidcUpstreamError, isOidcUpstreamError, classify, type OidcUpstreamFailure } from './errors.ts';
