// Staff login through the organisation's own identity providers: one login method per configured
// upstream SAML IdP or OIDC issuer. None are configured yet in this build.
import type { Config } from '../../config/schema.ts';
import type { LoginMethod } from '../method.ts';

export function upstreamMethods(_config: Config): LoginMethod[] {
  return [];
}
