// The account page: a person's own view of what Portvakt holds about them. It logs people in as
// the relying party `portvakt-account` (session.ts), so policy, second factors and step-up come
// from the provider; each form family lives in its own module.
//
//   /account ──no session──▶ /auth ──▶ login ──▶ /account/callback ──▶ /account
//   phone, address or factor change without a fresh second factor ──▶ /account/step-up (max_age=0, loa2)
//   every such change ──▶ a notice to all addresses ──▶ /account/undo/{token} undoes it, logs out everywhere
import type Router from '@koa/router';
import type { InteractionServices } from '../context.ts';
import { html } from '../../src/web/html.ts';
import { renderPage } from '../views/standalone.ts';
import { mountAddressForms } from './addresses.ts';
import { loadAccountPage, loadAccountView } from './context.ts';
import { mountFactorForms } from './factors.ts';
import { mountPasskeyForms } from './passkeys.ts';
import { accountTexts } from './messages.ts';
import { mountPhoneForms } from './phones.ts';
import { mountPasswordChange } from './password.ts';
import { mountProfileForms } from './profile.ts';
import { mountRemoval } from './removal.ts';
import { noticeFrom } from './respond.ts';
import { completeLogin, endSession, logoutUrl, readSession, startLogin } from './session.ts';
import { mountUndo } from './undo.ts';
import { accountScreen } from './views.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type AccountPageServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codes'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'logger'
  | 'passkeyCeremony'
  | 'passkeys'
  | 'passwords'
  | 'sealer'
  | 'secondFactors'
  | 'senders'
  | 'throttle'
>;

export function mountAccountPage(router: Router, services: AccountPageServices): void {
  router.get('/account', async (ctx) => {
    const view = await loadAccountView(ctx, services);
    if (view) accountScreen(ctx, view, { notice: noticeFrom(ctx, view) });
  });

  router.get('/account/callback', async (ctx) => {
    const page = loadAccountPage(ctx, services);
    const result = await completeLogin(ctx, services, page);
    if (result.ok) return ctx.redirect(result.returnTo);
    const text = accountTexts(page.locale);
    renderPage(ctx, page, {
      title: text('loginFailedTitle'),
      status: 400,
      body: html`<p class="error" role="alert">${text('loginFailed')}</p><p><a class="button" href="/account">${text('retry')}</a></p>`,
    });
  });

  router.get('/account/step-up', async (ctx) => {
    // Back to the section the person was in; only the page's own anchors.
    const to = ctx.query.to === 'password' ? 'password' : 'phones';
    await startLogin(ctx, services, loadAccountPage(ctx, services), { stepUp: true, returnTo: `/account#${to}` });
  });

  router.post('/account/logout', async (ctx) => {
    const page = loadAccountPage(ctx, services);
    assertScreenCsrf(ctx, page, services.config.issuer);
    const session = readSession(ctx, services);
    endSession(ctx);
    ctx.redirect(session ? await logoutUrl(services, session, page) : '/account');
  });

  mountProfileForms(router, services);
  mountAddressForms(router, services);
  mountPhoneForms(router, services);
  mountPasswordChange(router, services);
  mountFactorForms(router, services);
  mountPasskeyForms(router, services);
  mountRemoval(router, services);
  mountUndo(router, services);
}
