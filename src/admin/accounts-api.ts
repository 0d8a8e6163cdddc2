// /admin/v1/accounts: list and read accounts, switch them off and on, merge two into one.
import type Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../../adapters/database.ts';
import type { AccountRepository } from '../accounts/repository.ts';
import type { AuditLog } from '../security/audit.ts';
import type { AdminState } from './auth.ts';
import { accountView } from './account-view.ts';
import { deactivateAccount, mergeIntoAccount, reactivateAccount, requireAccount } from './account-desk.ts';

const listQuery = z.object({
  status: z.enum(['active', 'inactive', 'deactivated']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const idParam = z.uuid();
const mergeBody = z.strictObject({ retired_id: z.uuid() });

export interface AccountsApiServices {
  accounts: AccountRepository;
  audit: AuditLog;
  db: Database;
}

export function mountAccountsApi(router: Router, services: AccountsApiServices): void {
  router.get('/accounts', async (ctx) => {
    const query = listQuery.parse(ctx.query);
    ctx.body = { accounts: (await services.accounts.list(query)).map(accountView) };
  });

  router.get('/accounts/:id', async (ctx) => {
    ctx.body = accountView(await requireAccount(services, idParam.parse(ctx.params.id)));
  });

  router.post('/accounts/:id/deactivate', async (ctx) => {
    ctx.body = accountView(
      await deactivateAccount(services, idParam.parse(ctx.params.id), (ctx.state as AdminState).adminClient),
    );
  });

  router.post('/accounts/:id/reactivate', async (ctx) => {
    ctx.body = accountView(
      await reactivateAccount(services, idParam.parse(ctx.params.id), (ctx.state as AdminState).adminClient),
    );
  });

  router.post('/accounts/:id/merge', async (ctx) => {
    const survivorId = idParam.parse(ctx.params.id);
    const { retired_id: retiredId } = mergeBody.parse((ctx.request as { body?: unknown }).body);
    ctx.body = accountView(
      await mergeIntoAccount(services, survivorId, retiredId, (ctx.state as AdminState).adminClient),
    );
  });
}
