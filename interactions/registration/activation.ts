// The activation link from the registration e-mail. Opening it changes nothing (mail scanners
// fetch links before people do); the button on the page uses it, once.
import type Router from '@koa/router';
import { Registrations } from '../../src/accounts/registration.ts';
import type { InteractionServices } from '../context.ts';
import { loadPage } from '../views/standalone.ts';
import { registrationTexts } from './messages.ts';
import { activeScreen, confirmActivationScreen, unusableLinkScreen } from './views.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';
import { rememberService, serviceHome } from '../../src/provider/service-home.ts';

/** The part of the shared services these screens use. */
type ActivationServices = Pick<InteractionServices, 'audit' | 'codeKey' | 'config' | 'csrfKey' | 'db' | 'provider'>;

export function mountActivationRoutes(router: Router, services: ActivationServices): void {
  const registrations = () => new Registrations(services.db, services.codeKey);

  router.get('/activate/:token', async (ctx) => {
    const page = loadPage(ctx, services);
    const text = registrationTexts(page.locale);
    const token = String(ctx.params.token ?? '');
    if (!(await registrations().isUsable(token))) return unusableLinkScreen(ctx, page, text);
    confirmActivationScreen(ctx, page, text, token);
  });

  router.post('/activate/:token', async (ctx) => {
    const page = loadPage(ctx, services);
    assertScreenCsrf(ctx, page, services.config.issuer);
    const text = registrationTexts(page.locale);
    const activation = await registrations().activate(String(ctx.params.token ?? ''));
    if (!activation) {
      await services.audit.record({
        type: 'account.activated',
        outcome: 'failure',
        ip: page.ip,
        detail: { reason: 'unusable_link' },
      });
      return unusableLinkScreen(ctx, page, text);
    }
    await services.audit.record({
      type: 'account.activated',
      outcome: 'success',
      accountId: activation.accountId,
      ip: page.ip,
      detail: { email: activation.email },
    });
    const uid = activation.interactionUid;
    // The login that led to the registration, if it has not expired meanwhile. The link is often
    // opened on another device (the phone that reads the mail), where that login's cookie is not:
    // the service's own page starts a login that works anywhere, and the started one stays offered.
    const alive = uid ? await services.provider.Interaction.find(uid).catch(() => undefined) : undefined;
    const clientId = alive?.params.client_id;
    const client = typeof clientId === 'string' ? await services.provider.Client.find(clientId) : undefined;
    if (client) rememberService(ctx, client.clientId);
    const home = client ? serviceHome(client) : undefined;
    activeScreen(ctx, page, text, {
      started: alive && uid ? `/interaction/${uid}/login` : undefined,
      service: home && client ? { name: client.clientName ?? client.clientId, url: home } : undefined,
    });
  });
}
