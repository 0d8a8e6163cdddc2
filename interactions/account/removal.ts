// The person's own data: download everything as JSON, or delete the account (after a fresh second
// factor or from a trusted network, as every change to how one gets in). Deleting removes the
// account (the schema cascades the rest), revokes its tokens and sessions, and ends this page's session.
import type Router from '@koa/router';
import { endAccountSessions } from '../../adapters/account-sessions.ts';
import { exportAccount } from '../../src/accounts/account-export.ts';
import { formField, type InteractionServices } from '../context.ts';
import { html } from '../../src/web/html.ts';
import { renderPage } from '../views/standalone.ts';
import { loadAccountPost, loadAccountView } from './context.ts';
import { record, requireFreshFactor } from './respond.ts';
import { endSession } from './session.ts';
import { deleteScreen } from './views.ts';

/** The part of the shared services these screens use. */
type RemovalServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codes'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'logger'
  | 'passkeys'
  | 'sealer'
  | 'secondFactors'
>;

export function mountRemoval(router: Router, services: RemovalServices): void {
  router.get('/account/export', async (ctx) => {
    const view = await loadAccountView(ctx, services);
    if (!view) return;
    const data = await exportAccount(services.db, view.account.id);
    if (!data) return ctx.redirect('/account');
    await record(services, view, 'account.exported', 'success', { via: 'account_page' });
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', `attachment; filename="portvakt-account-${data.exportedAt.slice(0, 10)}.json"`);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(data, null, 2);
  });

  router.get('/account/delete', async (ctx) => {
    const view = await loadAccountView(ctx, services);
    if (view) deleteScreen(ctx, view);
  });

  router.post('/account/delete', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (formField(ctx, 'confirm') !== 'yes') return deleteScreen(ctx, view, view.text('deleteConfirmMissing'));
    // A session left open on a shared computer must not be enough to erase the person.
    if (!(await requireFreshFactor(ctx, services, view, 'account.deleted', { via: 'account_page' }))) return;
    const accountId = view.account.id;
    await services.accounts.delete(accountId);
    // Sessions, grants and every token the provider issued to this person stop working now.
    const { revoked } = await endAccountSessions(services.db, accountId);
    await record(services, view, 'account.deleted', 'success', { via: 'account_page', revoked });
    endSession(ctx);
    renderPage(ctx, view.page, {
      title: view.text('goodbyeTitle'),
      body: html`<p role="status">${view.text('goodbye')}</p>`,
    });
  });
}
