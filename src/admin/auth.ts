// Bearer tokens for the admin API (RFC 6750): a client-credentials token from our own token
// endpoint, unexpired, whose client still exists and whose scope names `admin`.
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { clientAddress } from '../http/client-address.ts';
import type { Config } from '../../config/schema.ts';
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

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]{1,512}=*)$/;

export function requireScope(services: AuthServices, scope: string) {
  return async function adminAuth(ctx: Context, next: Next): Promise<void> {
    const presented = BEARER.exec(ctx.get('authorization'))?.[1];
    const token = presented ? await services.provider.ClientCredentials.find(presented).catch(() => undefined) : undefined;
    const client = token?.clientId && !token.isExpired ? await services.provider.Client.find(token.clientId).catch(() => undefined) : undefined;
    if (!token || !client) {
      await refuse(ctx, services, 401, presented ? 'invalid_token' : undefined, scope, undefined);
      return;
    }
    if (!String(token.scope ?? '').split(' ').includes(scope)) {
      await refuse(ctx, services, 403, 'insufficient_scope', scope, client.clientId);
      return;
    }
    (ctx.state as AdminState).adminClient = client.clientId;
    await next();
  };
}

async function refuse(ctx: Context, services: AuthServices, status: 401 | 403, error: 'invalid_token' | 'insufficient_scope' | undefined, scope: string, clientId: string | undefined): Promise<void> {
  // RFC 6750 §3.1: a request without any token gets the challenge without an error code.
  const challenge = [`realm="portvakt-admin"`, ...(error ? [`error="${error}"`] : []), `scope="${scope}"`].join(', ');
  ctx.set('WWW-Authenticate', `Bearer ${challenge}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.status = status;
  ctx.body = {
    error: error ?? 'invalid_token',
    error_description: status === 401 ? 'A valid access token from the client credentials grant is required.' : `The access token lacks the ${scope} scope.`,
  };
  await services.audit.record({ type: 'admin.refused', outcome: 'failure', clientId, ip: clientAddress(ctx, services.config.http.trustedProxies), detail: { status, error: error ?? 'missing_token', path: ctx.path, method: ctx.method } });
}
