// One client per configured upstream OpenID Connect issuer, shared by the login method
// (oidc-method.ts) and invitations (../invitation/upstream.ts): both send the issuer the one
// callback Portvakt registered there, and share one discovery and one pinned transport.
import { OidcUpstreamClient } from '../../src/eid/oidc-upstream/client.ts';
import type { OidcUpstreamConfig } from '../../src/eid/oidc-upstream/config.ts';

/** Keyed by the validated entry, so every Portvakt in a process (the tests start many) has its own. */
const clients = new WeakMap<OidcUpstreamConfig, OidcUpstreamClient>();

/** The callback registered at the issuer for this entry. */
export function oidcCallbackPath(name: string): string {
  return `/upstream/oidc/${name}/callback`;
}

export function oidcUpstreamClient(config: OidcUpstreamConfig, issuer: string): OidcUpstreamClient {
  const known = clients.get(config);
  if (known) return known;
  const client = new OidcUpstreamClient(config, `${new URL(issuer).origin}${oidcCallbackPath(config.name)}`);
  clients.set(config, client);
  return client;
}
