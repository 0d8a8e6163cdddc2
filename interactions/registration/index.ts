// Self-registration: the registration page below /interaction/:uid/register (reached from the
// chooser and with prompt=create) and the activation link the e-mail carries.
//
//   form ──valid──▶ inactive account + e-mailed link ──GET /activate/:token (changes nothing)──▶
//        confirm ──POST──▶ active, address proven ──▶ back to the login (when it is still alive)
import type Router from '@koa/router';
import type { Context } from 'koa';
import { PortvaktError } from '../../kernel/errors.ts';
import { isLoginPrompt, loadInteraction, type InteractionContext, type InteractionServices } from '../context.ts';
import { mountActivationRoutes } from './activation.ts';
import { emptyValues } from './fields.ts';
import { registrationTexts } from './messages.ts';
import { signStamp } from './stamp.ts';
import { submitRegistration } from './submit.ts';
import { registrationForm } from './views.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type RegistrationServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'codeKey'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'logger'
  | 'methods'
  | 'provider'
  | 'senders'
  | 'throttle'
>;

/** Whether the client's policy lets people register themselves. */
export function registrationAllowed(interaction: InteractionContext): boolean {
  return interaction.policy.rules.selfRegistration === true;
}

export function mountRegistration(router: Router, services: RegistrationServices): void {
  const path = '/interaction/:uid/register';
  /** The interaction, when this client offers registration and a login is still being asked for. */
  const registering = async (ctx: Context) => {
    const interaction = await loadInteraction(ctx, services);
    if (!registrationAllowed(interaction)) throw new PortvaktError('not_found', 'This page does not exist.');
    if (!isLoginPrompt(interaction)) {
      ctx.redirect(`/interaction/${interaction.uid}`);
      return undefined;
    }
    return interaction;
  };

  router.get(path, async (ctx) => {
    const interaction = await registering(ctx);
    if (!interaction) return;
    const text = registrationTexts(interaction.locale);
    registrationForm(ctx, interaction, text, services.config.accounts, {
      values: emptyValues(services.config.accounts),
      stamp: signStamp(services.csrfKey, interaction.uid, Date.now()),
    });
  });

  router.post(path, async (ctx) => {
    const interaction = await registering(ctx);
    if (!interaction) return;
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    await submitRegistration(ctx, services, interaction);
  });
}

/** The activation link (outside any login interaction). */
export function mountActivation(router: Router, services: RegistrationServices): void {
  mountActivationRoutes(router, services);
}
