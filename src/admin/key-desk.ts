// Signing keys for operators, shared by the admin API and the command line: the list without
// private material, and a rotation whose retired keys stay published as long as they must.
import type { Config } from '../config/schema.ts';
import type { SigningKeyInfo, SigningKeys } from '../provider/keys.ts';
import type { AuditLog } from '../security/audit.ts';

export interface KeyDeskServices {
  config: Pick<Config, 'ttl'>;
  keys: SigningKeys;
  audit: AuditLog;
}

/**
 * How long a retired key stays published: as long as anything it signed can still be checked (an
 * ID token, an access token, a session), and five minutes for clocks and caches in between.
 */
export function keyRetentionSeconds(ttl: Config['ttl']): number {
  return Math.max(ttl.idToken, ttl.accessToken, ttl.session) + 300;
}

/**
 * Rotates every algorithm's keys. Instances go on signing with the keys they loaded until they
 * restart; the promoted key was published before, so relying parties trust it either way.
 */
export async function rotateSigningKeys(
  services: KeyDeskServices,
  by: string,
): Promise<{ keys: SigningKeyInfo[]; retainSeconds: number }> {
  const retainSeconds = keyRetentionSeconds(services.config.ttl);
  await services.keys.rotate(retainSeconds);
  await services.audit.record({ type: 'keys.rotated', outcome: 'success', detail: { retainSeconds, by } });
  return { keys: await services.keys.list(), retainSeconds };
}

export function keyView(key: SigningKeyInfo) {
  return {
    kid: key.kid,
    alg: key.alg,
    state: key.state,
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
  };
}
