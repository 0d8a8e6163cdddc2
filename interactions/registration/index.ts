// Self-registration: the registration page below /interaction/:uid/register (reached from the
// chooser and with prompt=create) and the activation link the e-mail carries.
import type Router from '@koa/router';
import { offeredMethods } from '../chooser.ts';
import type { InteractionContext, InteractionServices } from '../context.ts';

/** Whether the client's policy lets people register themselves. */
export function registrationAllowed(services: InteractionServices, interaction: InteractionContext): boolean {
  return services.config.policies[offeredMethods(services, interaction).policyName]?.selfRegistration === true;
}

export function mountRegistration(_router: Router, _services: InteractionServices): void {
  // Registration screens are mounted here.
}

/** The activation link (outside any login interaction). */
export function mountActivation(_router: Router, _services: InteractionServices): void {
  // The activation page is mounted here.
}
