// Every dynamic registration, update and removal is an audit event with what it asked for (scope,
// grant types) and how it ended, so an operator sees who tried to register what. It runs after the
// route and is awaited, so the event exists before the answer leaves.
import type { Provider } from 'oidc-provider';
import type { Config } from '../config/schema.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AuditLog } from '../security/audit.ts';

const ROUTES: Record<string, 'client.registered' | 'client.updated' | 'client.removed'> = {
  registration: 'client.registered',
  client_update: 'client.updated',
  client_delete: 'client.removed',
};

export function auditRegistrations(
  provider: Provider,
  config: Pick<Config, 'http'>,
  audit: AuditLog,
  onError: (error: unknown) => void,
): void {
  provider.use(async (ctx, next) => {
    await next();
    const type = ctx.oidc ? ROUTES[ctx.oidc.route] : undefined;
    if (!type) return;
    const asked = (ctx.oidc.body ?? {}) as { scope?: unknown; grant_types?: unknown };
    const answer = (ctx.body ?? {}) as { client_id?: unknown; error?: unknown };
    const ok = ctx.status < 400;
    await audit
      .record({
        type,
        outcome: ok ? 'success' : 'failure',
        clientId: typeof answer.client_id === 'string' ? answer.client_id : ctx.oidc.client?.clientId,
        ip: clientAddress(ctx, config.http.trustedProxies),
        detail: {
          via: 'dynamic_registration',
          scope: typeof asked.scope === 'string' ? asked.scope.slice(0, 200) : undefined,
          grantTypes: Array.isArray(asked.grant_types)
            ? asked.grant_types.filter((value) => typeof value === 'string').slice(0, 10)
            : undefined,
          ...(ok ? {} : { error: typeof answer.error === 'string' ? answer.error : ctx.status }),
        },
      })
      .catch(onError);
  });
}
