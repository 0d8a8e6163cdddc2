// Second factors on the account page: set up an authenticator app (its secret waits in a sealed
// cookie until a first code confirms it), remove it, and replace the recovery codes. Each change
// needs a fresh second factor or a trusted network, as phone numbers do.
import { clearPageCookie, readPageCookie, setPageCookie, type PageCookie } from '../../src/http/page-cookies.ts';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { newTotpSecret } from '../../src/security/totp.ts';
import { bindAuthenticator, confirmFirstCode, enrolmentBody } from '../second-factor/enrolment.ts';

import { formField, type InteractionServices } from '../context.ts';
import { loadAccountPost, loadAccountView, type AccountView } from './context.ts';
import { backHome, record, requireFreshFactor, tellChange } from './respond.ts';
import { accountScreen, enrolScreen } from './views.ts';
import { csrfField } from '../../src/web/forms.ts';

/** The part of the shared services these screens use. */
type AccountFactorServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codes'
  | 'config'
  | 'csrfKey'
  | 'logger'
  | 'passkeys'
  | 'sealer'
  | 'secondFactors'
>;

const ENROL_COOKIE: PageCookie = 'portvakt_account_totp';
const ENROL_MS = 10 * 60_000;

async function showEnrolment(
  ctx: Context,
  services: AccountFactorServices,
  view: AccountView,
  secret: string,
  error?: string,
): Promise<void> {
  const label =
    view.account.email ??
    view.account.identities.find((identity) => identity.type === 'username')?.value ??
    view.account.id;
  const body = await enrolmentBody(
    services,
    view.page.t,
    { secret, label },
    { action: '/account/authenticator', csrf: csrfField(view.page), submitLabel: view.text('continue'), error },
  );
  enrolScreen(ctx, view, { body, error });
}

function pendingSecret(ctx: Context, services: AccountFactorServices): string | undefined {
  const sealed = readPageCookie(ctx, ENROL_COOKIE);
  if (!sealed) return undefined;
  try {
    const { secret, until } = JSON.parse(services.sealer.open(sealed)) as { secret: string; until: number };
    return until > Date.now() ? secret : undefined;
  } catch {
    return undefined;
  }
}

export function mountFactorForms(router: Router, services: AccountFactorServices): void {
  router.get('/account/authenticator', async (ctx) => {
    const view = await loadAccountView(ctx, services);
    if (!view) return;
    if (view.authenticator) return ctx.redirect('/account#factors');
    if (!(await requireFreshFactor(ctx, services, view, 'totp.enrolled', { via: 'account_page' }))) return;
    const secret = pendingSecret(ctx, services) ?? newTotpSecret();
    setPageCookie(ctx, ENROL_COOKIE, services.sealer.seal(JSON.stringify({ secret, until: Date.now() + ENROL_MS })), {
      sameSite: 'strict',
      maxAge: ENROL_MS,
    });
    await showEnrolment(ctx, services, view, secret);
  });

  router.post('/account/authenticator', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (!(await requireFreshFactor(ctx, services, view, 'totp.enrolled', { via: 'account_page' }))) return;
    const secret = pendingSecret(ctx, services);
    if (!secret || view.authenticator) return ctx.redirect('/account#factors');
    const step = await confirmFirstCode(secret, formField(ctx, 'code') ?? '');
    if (step === undefined) return showEnrolment(ctx, services, view, secret, view.page.t('totp.wrong'));
    const recoveryCodes = await bindAuthenticator(
      services,
      view.account.id,
      { secret, step },
      { via: 'account_page', ip: view.page.ip },
    );
    clearPageCookie(ctx, ENROL_COOKIE, 'strict');
    // Shown once, so this answer is not a redirect.
    accountScreen(
      ctx,
      { ...view, authenticator: true, recoveryUnused: recoveryCodes.length },
      { notice: view.text('appAdded'), recoveryCodes },
    );
  });

  router.post('/account/authenticator/remove', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (!(await requireFreshFactor(ctx, services, view, 'totp.removed', { via: 'account_page' }))) return;
    if (view.authenticator) {
      await services.secondFactors.removeAuthenticator(view.account.id);
      await record(services, view, 'totp.removed', 'success', { via: 'account_page' });
      await tellChange(services, view, { kind: 'authenticator_removed' });
    }
    backHome(ctx, 'appRemoved', 'factors');
  });

  router.post('/account/recovery-codes', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (!(await requireFreshFactor(ctx, services, view, 'account.updated', { field: 'recovery_codes' }))) return;
    if (!view.authenticator) return ctx.redirect('/account#factors');
    const recoveryCodes = await services.secondFactors.newRecoveryCodes(view.account.id);
    await record(services, view, 'account.updated', 'success', { field: 'recovery_codes', via: 'account_page' });
    accountScreen(ctx, { ...view, recoveryUnused: recoveryCodes.length }, { recoveryCodes });
  });
}
