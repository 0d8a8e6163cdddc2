// The `login_network` claim: the configured network a session's latest login came from. It is
// recorded when the login is handed to oidc-provider and read with the account (find-account.ts),
// so every instance and every token of that login see the same value.
import type { Provider } from 'oidc-provider';
import type { Queryable } from '../../adapters/database.ts';
import type { Config } from '../config/schema.ts';
import { clientAddress } from '../http/client-address.ts';
import { NamedNetworks } from '../http/networks.ts';

export class LoginNetworks {
  constructor(private readonly db: Queryable) {}

  /** A login from no named network is recorded too, so it replaces an earlier login's network. */
  async record(sessionUid: string, network: string | undefined, keepSeconds: number): Promise<void> {
    await this.db.query(
      `INSERT INTO login_networks (session_uid, network, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (session_uid) DO UPDATE SET network = EXCLUDED.network, expires_at = EXCLUDED.expires_at`,
      [sessionUid, network ?? null, keepSeconds],
    );
  }
}

/**
 * Records the network when oidc-provider resumes an authorization with a fresh login. It runs after
 * the route and is awaited, so the row exists before the response carrying the code leaves.
 */
export function recordLoginNetworks(
  provider: Provider,
  config: Pick<Config, 'networks' | 'http' | 'ttl'>,
  store: LoginNetworks,
  onError: (error: unknown) => void,
): void {
  const networks = new NamedNetworks(config.networks);
  // As long as any token of the login can still be refreshed into a new ID token.
  const keepSeconds = Math.max(config.ttl.session, config.ttl.refreshToken);
  provider.use(async (ctx, next) => {
    await next();
    const { oidc } = ctx;
    if (!oidc || !oidc.route.endsWith('resume') || !oidc.result?.login || !oidc.session?.uid) return;
    // Unrecorded, the claim is absent: a relying party then grants what it grants off-network.
    await store
      .record(oidc.session.uid, networks.nameOf(clientAddress(ctx, config.http.trustedProxies)), keepSeconds)
      .catch(onError);
  });
}
