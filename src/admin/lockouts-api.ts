// /admin/v1/lockouts: the failed-login and failed-second-factor locks in force on accounts, and
// lifting one of them.
import type Router from '@koa/router';
import { z } from 'zod';
import type { AdminState } from './auth.ts';
import { liftLockout, listLockouts, lockoutView, type LockoutServices } from './lockout-desk.ts';

const idParam = z.object({
  id: z
    .string()
    .max(400)
    .regex(/^[A-Za-z0-9_-]+$/, 'expected a lockout id as GET /lockouts gives it'),
});

export function mountLockoutsApi(router: Router, services: LockoutServices): void {
  router.get('/lockouts', async (ctx) => {
    ctx.body = { lockouts: (await listLockouts(services)).map(lockoutView) };
  });

  router.delete('/lockouts/:id', async (ctx) => {
    const { id } = idParam.parse(ctx.params);
    ctx.body = lockoutView(await liftLockout(services, id, (ctx.state as AdminState).adminClient));
  });
}
