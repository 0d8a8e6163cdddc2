// Completing an invitation with a passkey, where the inviting client's policy says so: once the
// code sent to the address is typed in this browser, the person creates a passkey, and the account
// is made with it in one transaction (no password). The account takes the invitation's id, which
// the passkey's user handle already names.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { PortvaktError } from '../../kernel/errors.ts';
import { formField, type InteractionServices } from '../context.ts';
import { html } from '../../src/web/html.ts';
import { defaultPasskeyName } from '../views/passkey-names.ts';
import { PASSKEY_SCRIPTS, passkeyForm } from '../views/passkey-forms.ts';
import { renderPage } from '../views/standalone.ts';
import { createInvitedAccount, loadBoundPost, refusalScreen, unbindBrowser, type InvitationPage } from './context.ts';
import { readyScreen } from './views.ts';
import { csrfField } from '../../src/web/forms.ts';

/** The part of the shared services these screens use. */
type InvitationPasskeyServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codeKey'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'passkeyCeremony'
  | 'passkeys'
  | 'provider'
>;

export function showPasskeyStep(ctx: Context, view: InvitationPage, error?: string): void {
  const { text, page, base } = view;
  renderPage(ctx, page, {
    title: page.t('passkey.create'),
    status: error ? 400 : 200,
    head: PASSKEY_SCRIPTS,
    body: html`${error ? html`<p class="error" role="alert" id="form-error">${error}</p>` : ''}
<p>${text('passkeyStep')}</p>
${passkeyForm({ kind: 'register', action: `${base}/passkey`, optionsUrl: `${base}/passkey/options`, csrf: csrfField(page), label: page.t('passkey.create'), cancelled: page.t('passkey.createFailed'), unsupported: page.t('passkey.unsupported'), name: { label: page.t('passkey.name'), value: defaultPasskeyName(page.t, page.locale) } })}`,
  });
}

export function mountInvitationPasskey(router: Router, services: InvitationPasskeyServices): void {
  const base = '/invitation/:token/passkey';
  const bound = (ctx: Context) => loadBoundPost(ctx, services, 'passkey');
  const binding = (view: InvitationPage) => `invitation:${view.invitation.id}` as const;

  router.post(`${base}/options`, async (ctx) => {
    const view = await bound(ctx);
    if (!view) return;
    const { invitation } = view;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await services.passkeyCeremony.registrationOptions(binding(view), {
      accountId: invitation.id,
      userName: invitation.email,
      displayName: invitation.email,
    });
  });

  router.post(base, async (ctx) => {
    const view = await bound(ctx);
    if (!view) return;
    const { invitation, page, text } = view;
    if (await services.accounts.findByLoginName(invitation.email))
      return refusalScreen(ctx, view, text('emailTaken', { email: invitation.email }));
    const name = formField(ctx, 'name') || defaultPasskeyName(page.t, page.locale);
    const outcome = await services.passkeyCeremony.verifyRegistration(
      binding(view),
      invitation.id,
      formField(ctx, 'credential'),
      name,
    );
    const event = { clientId: invitation.clientId ?? undefined, ip: page.ip } as const;
    if (outcome.kind === 'refused') {
      await services.audit.record({
        ...event,
        type: 'passkey.added',
        outcome: 'failure',
        detail: { via: 'invitation', invitation: invitation.id, reason: outcome.reason },
      });
      return showPasskeyStep(ctx, view, page.t('passkey.createFailed'));
    }
    const accountId = await createInvitedAccount(ctx, services, view, { id: invitation.id }, async (tx) => {
      if (!(await services.passkeys.add(outcome.passkey, tx)))
        throw new PortvaktError('conflict', 'The passkey is registered already.');
    });
    if (!accountId) return;
    const done = { ...event, outcome: 'success', accountId } as const;
    await services.audit.record({
      ...done,
      type: 'account.created',
      detail: { via: 'invitation', invitation: invitation.id },
    });
    await services.audit.record({
      ...done,
      type: 'passkey.added',
      detail: { via: 'invitation', deviceType: outcome.passkey.deviceType },
    });
    await services.audit.record({
      ...done,
      type: 'invitation.accepted',
      detail: { invitation: invitation.id, completion: 'passkey' },
    });
    await services.changeNotices.tell(
      accountId,
      { kind: 'passkey_added', value: outcome.passkey.name, ref: outcome.passkey.credentialId },
      { ip: page.ip },
    );
    unbindBrowser(ctx);
    readyScreen(ctx, view);
  });
}
