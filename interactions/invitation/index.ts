// Invitations: the page an invitation e-mail links to, outside any login interaction.
import type Router from '@koa/router';
import type { InteractionServices } from '../context.ts';

export function mountInvitation(_router: Router, _services: InteractionServices): void {
  // Invitation screens are mounted here.
}
