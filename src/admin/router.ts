// The admin REST API below /admin/v1, for integrators holding a client-credentials token with the
// `admin` scope. docs/admin-api.yaml describes it.
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { InteractionServices } from '../../interactions/context.ts';
import { PortvaktError } from '../errors.ts';
import { mountAccountsApi } from './accounts-api.ts';
import { ADMIN_SCOPE } from '../provider/vocabulary.ts';
import { requireScope } from './auth.ts';
import { adminErrors } from './errors.ts';
import { InvitationDesk } from './invitation-desk.ts';
import { mountInvitationsApi } from './invitations-api.ts';


export function adminRouter(services: InteractionServices): Router {
  const router = new Router({ prefix: '/admin/v1' });
  router.use(adminErrors(services.logger));
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });
  router.use(requireScope(services, ADMIN_SCOPE));
  router.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: services.config.http.bodyLimit,
      onError: (cause) => {
        const tooLarge = (cause as { status?: number }).status === 413;
        throw new PortvaktError('invalid_input', tooLarge ? 'The body is too large.' : 'The body is not valid JSON.', { cause, status: tooLarge ? 413 : 400 });
      },
    }),
  );
  mountInvitationsApi(router, new InvitationDesk(services));
  mountAccountsApi(router, services);
  return router;
}
