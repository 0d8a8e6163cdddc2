// Clients: declared in the configuration file, added with the CLI, or registered dynamically.
// Two Portvakt properties travel in the client metadata: `first_party` (skips consent) and
// `login_policy` (names a policy). A registration cannot make itself first-party, nor hold an
// operator scope: the initial access token is handed to integrators, not to operators.
import type { ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { ClientConfig } from '../config/schema.ts';
import { PRIVILEGED_SCOPES } from './vocabulary.ts';

export const PORTVAKT_CLIENT_PROPERTIES = ['first_party', 'login_policy', 'brand'] as const;

export function staticClients(clients: readonly ClientConfig[]): ClientMetadata[] {
  return clients.map((client) => {
    return { ...client, grant_types: client.grant_types ?? ['authorization_code', 'refresh_token'] };
  });
}

/**
 * oidc-provider's extraClientMetadata validator. Only operators make a client first-party; a
 * registering client may name one of the configured login policies (it governs only its own logins).
 */
export function portvaktMetadataValidator(policyNames: readonly string[], scopes: readonly string[]) {
  const registrable = scopes.filter((scope) => !PRIVILEGED_SCOPES.has(scope)).join(' ');
  return (ctx: KoaContextWithOIDC | undefined, key: string, value: unknown, metadata: ClientMetadata): void => {
    const viaRegistration =
      ctx !== undefined && ['registration', 'client', 'client_update'].includes(ctx.oidc?.route ?? '');
    if (key === 'first_party' && viaRegistration) registrableScope(metadata, registrable);
    if (key === 'first_party') presentationOverTls(metadata);
    if (key === 'first_party') {
      if (viaRegistration && value !== undefined && value !== false) {
        throw new errors.InvalidClientMetadata('first_party cannot be set through dynamic registration');
      }
      metadata.first_party = value === true;
    }
    // An organisation's name and colours would lend a registered client its trust: operators only.
    if (key === 'brand' && value !== undefined) {
      if (viaRegistration) throw new errors.InvalidClientMetadata('brand cannot be set through dynamic registration');
      if (typeof value !== 'string') throw new errors.InvalidClientMetadata('brand must name a configured brand');
    }
    if (key === 'login_policy') {
      if (value !== undefined && (typeof value !== 'string' || !policyNames.includes(value))) {
        throw new errors.InvalidClientMetadata(`login_policy must name a configured policy: ${policyNames.join(', ')}`);
      }
      metadata.login_policy = (value as string | undefined) ?? 'default';
    }
  };
}

/** What the login screens show of a client (Dynamic Client Registration §2): https only, never fetched by Portvakt. */
const PRESENTATION_URIS = ['logo_uri', 'policy_uri', 'tos_uri'] as const;

function presentationOverTls(metadata: ClientMetadata): void {
  for (const key of PRESENTATION_URIS) {
    const value = metadata[key];
    if (value === undefined) continue;
    if (!isHttpsUrl(value))
      throw new errors.InvalidClientMetadata(`${key} must be an https URL: the login screens show it to the person`);
  }
}

function isHttpsUrl(value: unknown): boolean {
  return typeof value === 'string' && URL.canParse(value) && new URL(value).protocol === 'https:';
}

/**
 * A registered client's scope never names an operator scope. Without a scope of its own, a client
 * may ask for any scope the provider knows, so a registration without one is given the
 * registrable ones explicitly.
 */
function registrableScope(metadata: ClientMetadata, registrable: string): void {
  const asked = typeof metadata.scope === 'string' ? metadata.scope.split(' ').filter(Boolean) : undefined;
  const privileged = asked?.filter((scope) => PRIVILEGED_SCOPES.has(scope)) ?? [];
  if (privileged.length > 0)
    throw new errors.InvalidClientMetadata(
      `scope ${privileged.join(' ')} cannot be registered: operators configure such clients`,
    );
  if (asked === undefined) metadata.scope = registrable;
}
