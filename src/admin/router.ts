// The admin REST API below /admin/v1, for integrators holding a client-credentials token with the
// `admin` scope. docs/admin-api.yaml describes it.
import Router from '@koa/router';
import type { InteractionServices } from '../../interactions/context.ts';

export const ADMIN_SCOPE = 'admin';

export function adminRouter(_services: InteractionServices): Router {
  return new Router({ prefix: '/admin/v1' });
}
