// Verifies a back-channel logout token as OpenID Connect Back-Channel Logout 1.0, section 2.6, asks:
// signed by the issuer's key, for this client, recent, a logout event, never an ID token in disguise.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type * as oidc from 'openid-client';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface LogoutClaims {
  sub: string | undefined;
  sid: string | undefined;
}

export type LogoutTokenVerifier = (token: string) => Promise<LogoutClaims | undefined>;

export function logoutTokenVerifier(config: oidc.Configuration): LogoutTokenVerifier {
  const metadata = config.serverMetadata();
  // jose fetches the issuer's JWKS when first needed and again when a token names an unknown key.
  const keys = createRemoteJWKSet(new URL(metadata.jwks_uri!));
  const options = {
    issuer: metadata.issuer,
    audience: config.clientMetadata().client_id,
    algorithms: metadata.id_token_signing_alg_values_supported ?? ['RS256'],
    maxTokenAge: '5m',
    clockTolerance: 30,
  };
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, options).catch(() => ({ payload: undefined }));
    if (!payload) return undefined;
    const events = payload.events;
    if (!events || typeof events !== 'object' || !(BACKCHANNEL_EVENT in events)) return undefined;
    if ('nonce' in payload) return undefined;
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (!sid && !payload.sub) return undefined;
    return { sub: payload.sub, sid };
  };
}
