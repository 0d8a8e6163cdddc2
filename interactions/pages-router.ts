// Screens a person reaches outside a login interaction: the activation link from a registration
// e-mail, an invitation, and the account page.
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { PortvaktError } from '../kernel/errors.ts';
import type { InteractionServices } from './context.ts';
import { mountAccountPage } from './account/index.ts';
import { mountInvitation } from './invitation/index.ts';
import { mountActivation } from './registration/index.ts';

/** The part of the shared services these screens use. */
type PagesServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codeKey'
  | 'codes'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'methods'
  | 'passkeyCeremony'
  | 'passkeys'
  | 'passwords'
  | 'provider'
  | 'sealer'
  | 'secondFactors'
  | 'senders'
  | 'throttle'
>;

export const PAGE_PREFIXES = ['/activate', '/invitation', '/account'] as const;

export function pagesRouter(services: PagesServices): Router {
  const router = new Router();
  const forms = bodyParser({
    enableTypes: ['form'],
    formLimit: services.config.http.bodyLimit,
    onError: (cause) => {
      throw new PortvaktError('invalid_input', 'The form could not be read.', { cause, status: 413 });
    },
  });
  for (const prefix of PAGE_PREFIXES) router.use(prefix, forms);
  mountActivation(router, services);
  mountInvitation(router, services);
  mountAccountPage(router, services);
  return router;
}
