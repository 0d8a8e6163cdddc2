// The account page: a person's own view of what Portvakt holds about them.
import type Router from '@koa/router';
import type { InteractionServices } from '../context.ts';

export function mountAccountPage(_router: Router, _services: InteractionServices): void {
  // Account screens are mounted here.
}
