// Completing an invitation with an authenticator app and a password. The app's secret waits in the
// invitation (sealed) until a first code confirms it; the account is made only when the password
// is chosen, with both credentials in the same transaction, so stopping halfway leaves no account.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { passwordRulesFor } from '../../src/accounts/password-policy.ts';
import { checkNewPassword, hasProblems, REPEAT_FIELD } from '../../src/web/new-password.ts';
import { newTotpSecret } from '../../src/security/totp.ts';
import { confirmFirstCode, enrolmentBody } from '../second-factor/enrolment.ts';
import { formField, type InteractionServices } from '../context.ts';

import {
  createInvitedAccount,
  invitationRepository,
  loadBoundPost,
  refusalScreen,
  unbindBrowser,
  type InvitationPage,
} from './context.ts';
import { enrolScreen, passwordScreen, readyScreen } from './views.ts';
import { csrfField } from '../../src/web/forms.ts';

/** The part of the shared services these screens use. */
type InvitationAuthenticatorServices = Pick<
  InteractionServices,
  'accounts' | 'audit' | 'codeKey' | 'config' | 'csrfKey' | 'db' | 'passwords' | 'provider' | 'sealer' | 'secondFactors'
>;

export async function showAuthenticatorStep(
  ctx: Context,
  services: InvitationAuthenticatorServices,
  view: InvitationPage,
  error?: string,
): Promise<void> {
  const { invitation } = view;
  if (invitation.totpConfirmedStep !== null && !error)
    return passwordScreen(ctx, view, passwordRulesFor(services.config.password, view.policy));
  let secret = invitation.pendingTotp ? services.sealer.open(invitation.pendingTotp) : undefined;
  if (!secret) {
    secret = newTotpSecret();
    await invitationRepository(services).setPendingTotp(invitation.id, services.sealer.seal(secret));
  }
  const body = await enrolmentBody(
    services,
    view.page.t,
    { secret, label: invitation.email },
    { action: `${view.base}/authenticator`, csrf: csrfField(view.page), submitLabel: view.text('continue'), error },
  );
  enrolScreen(ctx, view, { body, error });
}

export function mountInvitationAuthenticator(router: Router, services: InvitationAuthenticatorServices): void {
  const base = '/invitation/:token';
  const bound = (ctx: Context) => loadBoundPost(ctx, services, 'authenticatorAndPassword');

  router.post(`${base}/authenticator`, async (ctx) => {
    const view = await bound(ctx);
    if (!view) return;
    const { invitation } = view;
    if (!invitation.pendingTotp) return ctx.redirect(view.base);
    const step = await confirmFirstCode(services.sealer.open(invitation.pendingTotp), formField(ctx, 'code') ?? '');
    if (step === undefined) return showAuthenticatorStep(ctx, services, view, view.page.t('totp.wrong'));
    await invitationRepository(services).confirmTotp(invitation.id, step);
    ctx.redirect(view.base);
  });

  router.post(`${base}/password`, async (ctx) => {
    const view = await bound(ctx);
    if (!view) return;
    const { invitation, page, text } = view;
    if (!invitation.pendingTotp || invitation.totpConfirmedStep === null) return ctx.redirect(view.base);
    if (await services.accounts.findByLoginName(invitation.email))
      return refusalScreen(ctx, view, text('emailTaken', { email: invitation.email }));
    const rules = passwordRulesFor(services.config.password, view.policy);
    const password = formField(ctx, 'password') ?? '';
    const problems = checkNewPassword({ password, repeat: formField(ctx, REPEAT_FIELD) ?? '' }, rules, {
      names: [invitation.email],
    });
    if (hasProblems(problems)) return passwordScreen(ctx, view, rules, problems);
    const passwordHash = await services.passwords.hash(password);
    const accountId = await createInvitedAccount(ctx, services, view, {
      passwordHash,
      totp: { sealedSecret: invitation.pendingTotp!, step: invitation.totpConfirmedStep! },
    });
    if (!accountId) return;
    const recoveryCodes = await services.secondFactors.newRecoveryCodes(accountId);
    const event = { outcome: 'success', accountId, clientId: invitation.clientId ?? undefined, ip: page.ip } as const;
    await services.audit.record({
      ...event,
      type: 'account.created',
      detail: { via: 'invitation', invitation: invitation.id },
    });
    await services.audit.record({ ...event, type: 'totp.enrolled', detail: { via: 'invitation' } });
    await services.audit.record({
      ...event,
      type: 'invitation.accepted',
      detail: { invitation: invitation.id, completion: 'authenticatorAndPassword' },
    });
    unbindBrowser(ctx);
    readyScreen(ctx, view, recoveryCodes);
  });
}
