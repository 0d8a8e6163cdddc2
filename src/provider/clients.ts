// Clients: declared in the configuration file, added with the CLI, or registered dynamically.
// Two Portvakt properties travel in the client metadata: `first_party` (skips consent) and
// `login_policy` (names a policy). Neither can be set through dynamic registration.
import type { ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { ClientConfig } from '../../config/schema.ts';

export const PORTVAKT_CLIENT_PROPERTIES = ['first_party', 'login_policy'] as const;

export function staticClients(clients: readonly ClientConfig[]): ClientMetadata[] {
  return clients.map((client) => {
    return { ...client, grant_types: client.grant_types ?? ['authorization_code', 'refresh_token'] };
  });
}

/**
 * oidc-provider's extraClientMetadata validator. Only operators make a client first-party; a
 * registering client may name one of the configured login policies (it governs only its own logins).
 */
export function portvaktMetadataValidator(policyNames: readonly string[]) {
  return (ctx: KoaContextWithOIDC | undefined, key: string, value: unknown, metadata: ClientMetadata): void => {
    const viaRegistration = ctx !== undefined && ['registration', 'client', 'client_update'].includes(ctx.oidc?.route ?? '');
    if (key === 'first_party') {
      if (viaRegistration && value !== undefined && value !== false) {
        throw new errors.InvalidClientMetadata('first_party cannot be set through dynamic registration');
      }
      metadata.first_party = value === true;
    }
    if (key === 'login_policy') {
      if (value !== undefined && (typeof value !== 'string' || !policyNames.includes(value))) {
        throw new errors.InvalidClientMetadata(`login_policy must name a configured policy: ${policyNames.join(', ')}`);
      }
      metadata.login_policy = (value as string | undefined) ?? 'default';
    }
  };
}
