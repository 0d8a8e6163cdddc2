// The login UI's routes, built from the method registry: the entry point decides between the
// chooser and consent, each method mounts its own screens, and abort ends the login.
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { PortvaktError } from '../kernel/errors.ts';
import { showChooser } from './chooser.ts';
import { grantConsent, showConsent } from './consent.ts';
import { loadInteraction, type InteractionServices } from './context.ts';
import { finishWithError } from './finish.ts';
import { LOGIN_METHODS } from './registry.ts';
import { upstreamMethods } from './upstream/index.ts';
import { mountSecondFactor } from './second-factor/routes.ts';
import { mountPrivacyNotice } from './privacy-notice.ts';
import { mountPasskeyOffer } from './passkey-offer.ts';
import { resumeShortSession } from './sso-resume.ts';
import { takeHandedOffProof } from './proof-handoff.ts';
import { advance } from './pipeline.ts';
import { mountRegistration, registrationAllowed } from './registration/index.ts';
import { assertScreenCsrf } from '../src/http/screen.ts';

/**
 * The services every screen shares, with the methods this deployment can offer: availability
 * depends only on configuration, so it is decided here once rather than on every request.
 */
export function interactionServices(base: Omit<InteractionServices, 'methods'>): InteractionServices {
  const all: InteractionServices = { ...base, methods: [...LOGIN_METHODS, ...upstreamMethods(base.config)] };
  return { ...all, methods: all.methods.filter((method) => method.available(all)) };
}

export function interactionRouter(services: InteractionServices): Router {
  const { methods } = services;
  const router = new Router();
  router.use(
    '/interaction',
    bodyParser({
      enableTypes: ['form'],
      formLimit: services.config.http.bodyLimit,
      onError: (cause) => {
        throw new PortvaktError('invalid_input', 'The form could not be read.', { cause, status: 413 });
      },
    }),
  );

  router.get('/interaction/:uid', async (ctx) => {
    const interaction = await loadInteraction(ctx, services);
    if (interaction.details.prompt.name === 'consent') return showConsent(ctx, interaction);
    // prompt=create (OpenID Connect "Initiating User Registration") opens the registration page.
    if (interaction.details.prompt.name === 'create' && registrationAllowed(interaction)) {
      return ctx.redirect(`/interaction/${interaction.uid}/register`);
    }
    if (await resumeShortSession(ctx, services, interaction)) return;
    const handedOff = await takeHandedOffProof(ctx, services, interaction);
    if (handedOff) return advance(ctx, services, interaction, handedOff);
    return showChooser(ctx, services, interaction);
  });

  // The chooser itself, for a person on the registration page who already has an account.
  router.get('/interaction/:uid/login', async (ctx) =>
    showChooser(ctx, services, await loadInteraction(ctx, services)),
  );

  router.post('/interaction/:uid/consent', async (ctx) => {
    await grantConsent(ctx, services, await loadInteraction(ctx, services));
  });

  router.post('/interaction/:uid/abort', async (ctx) => {
    const interaction = await loadInteraction(ctx, services);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    await finishWithError(ctx, services, interaction, 'access_denied', 'the person cancelled the login');
  });

  for (const method of methods) method.mount(router, services);
  mountSecondFactor(router, services);
  mountPrivacyNotice(router, services);
  mountPasskeyOffer(router, services);
  mountRegistration(router, services);
  return router;
}
