// Bearer tokens for the admin API (RFC 6750): a client-credentials token from our own token
// endpoint, unexpired, whose client still exists, whose scope names `admin`, and whose client
// authenticates with a key unless `admin.allowSecretClients` says a secret will do.
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { clientAddress } from '../http/client-address.ts';
import type { Config } from '../config/schema.ts';
import type { AuditLog } from '../security/audit.ts';

export interface AdminState {
  /** The client_id of the integrator calling. */
  adminClient: string;
}

interface AuthServices {
  config: Config;
  provider: Provider;
  audit: AuditLog;
}

/** Client authentication that proves a key, not a shared secret (RFC 7523, RFC 8705). */
const KEY_AUTH_METHODS: ReadonlySet<string> = new Set([
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
]);

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]{1,512}=*)$/;

export function requireScope(services: AuthServices, scope: string) {
  return async function adminAuth(ctx: Context, next: Next): Promise<void> {
    const presented = BEARER.exec(ctx.get('authorization'))?.[1];
    const token = presented
      ? await services.provider.ClientCredentials.find(presented).catch(() => undefined)
      : undefined;
    const client =
      token?.clientId && !token.isExpired
        ? await services.provider.Client.find(token.clientId).catch(() => undefined)
        : undefined;
    if (!token || !client) {
      await refuse(ctx, services, 401, presented ? 'invalid_token' : undefined, scope, undefined);
      return;
    }
    if (
      !String(token.scope ?? '')
        .split(' ')
        .includes(scope)
    ) {
      await refuse(ctx, services, 403, 'insufficient_scope', scope, client.clientId);
      return;
    }
    if (!KEY_AUTH_METHODS.has(client.clientAuthMethod ?? 'none') && !services.config.admin.allowSecretClients) {
      await refuse(ctx, services, 401, 'invalid_token', scope, client.clientId, 'weak_client_auth');
      return;
    }
    (ctx.state as AdminState).adminClient = client.clientId;
    await next();
  };
}

async function refuse(
  ctx: Context,
  services: AuthServices,
  status: 401 | 403,
  error: 'invalid_token' | 'insufficient_scope' | undefined,
  scope: string,
  clientId: string | undefined,
  reason?: 'weak_client_auth',
): Promise<void> {
  // RFC 6750 §3.1: a request without any token gets the challenge without an error code.
  const challenge = [`realm="portvakt-admin"`, ...(error ? [`error="${error}"`] : []), `scope="${scope}"`].join(', ');
  ctx.set('WWW-Authenticate', `Bearer ${challenge}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.status = status;
  ctx.body = {
    error: error ?? 'invalid_token',
    error_description:
      reason === 'weak_client_auth'
        ? 'Admin API tokens must come from a client that authenticates with private_key_jwt or tls_client_auth, not a client secret.'
        : status === 401
          ? 'A valid access token from the client credentials grant is required.'
          : `The access token lacks the ${scope} scope.`,
  };
  await services.audit.record({
    type: 'admin.refused',
    outcome: 'failure',
    clientId,
    ip: clientAddress(ctx, services.config.http.trustedProxies),
    detail: {
      status,
      error: error ?? 'missing_token',
      ...(reason ? { reason } : {}),
      path: ctx.path,
      method: ctx.method,
    },
  });
}
