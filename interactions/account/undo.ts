// The "this was not me" link from a change notice. Opening it changes nothing (mail scanners
// follow links); the button undoes the change and ends every session of the account, once.
import type Router from '@koa/router';
import type { InteractionServices } from '../context.ts';
import { html } from '../../src/web/html.ts';
import { loadAccountPage } from './context.ts';
import { renderPage } from '../views/standalone.ts';
import { accountTexts } from './messages.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';
import { csrfField } from '../../src/web/forms.ts';

/** The part of the shared services these screens use. */
type UndoServices = Pick<InteractionServices, 'audit' | 'changeNotices' | 'config' | 'csrfKey'>;

export function mountUndo(router: Router, services: UndoServices): void {
  router.get('/account/undo/:token', async (ctx) => {
    const page = loadAccountPage(ctx, services);
    const text = accountTexts(page.locale);
    const token = String(ctx.params.token ?? '');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (!(await services.changeNotices.usable(token))) {
      return renderPage(ctx, page, {
        title: text('undoTitle'),
        status: 410,
        body: html`<p class="error" role="alert">${text('undoUnusable')}</p>`,
      });
    }
    renderPage(ctx, page, {
      title: text('undoTitle'),
      body: html`<p>${text('undoIntro')}</p>
<form method="post" action="/account/undo/${token}">${csrfField(page)}<button type="submit">${text('undoButton')}</button></form>`,
    });
  });

  router.post('/account/undo/:token', async (ctx) => {
    const page = loadAccountPage(ctx, services);
    assertScreenCsrf(ctx, page, services.config.issuer);
    const text = accountTexts(page.locale);
    ctx.set('Referrer-Policy', 'no-referrer');
    const result = await services.changeNotices.undo(String(ctx.params.token ?? ''), { ip: page.ip });
    if (result.kind === 'unusable') {
      await services.audit.record({
        type: 'account.change_undone',
        outcome: 'failure',
        ip: page.ip,
        detail: { reason: 'unusable_link' },
      });
      return renderPage(ctx, page, {
        title: text('undoTitle'),
        status: 410,
        body: html`<p class="error" role="alert">${text('undoUnusable')}</p>`,
      });
    }
    renderPage(ctx, page, {
      title: text('undoTitle'),
      body: html`<p class="status" role="status">${text('undoDone')}</p>`,
    });
  });
}
