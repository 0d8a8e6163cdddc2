// The admin REST API below /admin/v1, for integrators holding a client-credentials token with the
// `admin` scope. docs/admin-api.yaml describes it.
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Logger } from 'pino';
import { PortvaktError } from '../../kernel/errors.ts';
import { mountAccountsApi, type AccountsApiServices } from './accounts-api.ts';
import { ADMIN_SCOPE } from '../provider/vocabulary.ts';
import { clientAddress } from '../http/client-address.ts';
import { requireScope, type AdminState } from './auth.ts';
import { adminErrors } from './errors.ts';
import { InvitationDesk, type DeskServices } from './invitation-desk.ts';
import { mountInvitationsApi } from './invitations-api.ts';
import { mountNotificationsApi } from './notifications-api.ts';
import { Notifications } from '../notify/notifications.ts';
import { mountKeysApi } from './keys-api.ts';
import { SigningKeys } from '../provider/keys.ts';
import type { Sealer } from '../../kernel/sealing.ts';
import { mountAuditEventsApi } from './audit-events-api.ts';
import { mountLockoutsApi } from './lockouts-api.ts';
import type { LockoutServices } from './lockout-desk.ts';
import { mountPoliciesApi } from './policies-api.ts';
import { mountClientsApi, type ClientsApiServices } from './clients-api.ts';

/** What the admin API needs, as narrow as its parts ask; the composition root hands it over. */
export type AdminServices = DeskServices &
  AccountsApiServices &
  LockoutServices &
  ClientsApiServices & { logger: Logger; sealer: Sealer };

export function adminRouter(services: AdminServices): Router {
  const router = new Router({ prefix: '/admin/v1' });
  router.use(adminErrors(services.logger));
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });
  router.use(requireScope(services, ADMIN_SCOPE));
  // Every call an operator's client makes is an audit event: who, from where, on what, and how it
  // ended. Reads count too, since listing and showing accounts hands out personal data.
  router.use(async (ctx, next) => {
    let failed: unknown;
    try {
      await next();
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      const status = failed ? ((failed as { status?: number }).status ?? 500) : ctx.status;
      await services.audit.record({
        type: 'admin.call',
        outcome: status < 400 ? 'success' : 'failure',
        clientId: (ctx.state as AdminState).adminClient,
        ip: clientAddress(ctx, services.config.http.trustedProxies),
        detail: {
          method: ctx.method,
          route: ctx._matchedRoute ?? ctx.path,
          target: ctx.params?.id ?? ctx.params?.name,
          status,
        },
      });
    }
  });
  router.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: services.config.http.bodyLimit,
      onError: (cause) => {
        const tooLarge = (cause as { status?: number }).status === 413;
        throw new PortvaktError('invalid_input', tooLarge ? 'The body is too large.' : 'The body is not valid JSON.', {
          cause,
          status: tooLarge ? 413 : 400,
        });
      },
    }),
  );
  mountInvitationsApi(router, new InvitationDesk(services));
  mountAccountsApi(router, services);
  mountNotificationsApi(router, new Notifications(services));
  mountKeysApi(router, { ...services, keys: new SigningKeys(services.db, services.sealer) });
  mountAuditEventsApi(router, services.audit);
  mountLockoutsApi(router, services);
  mountPoliciesApi(router, services.config);
  mountClientsApi(router, services);
  return router;
}
