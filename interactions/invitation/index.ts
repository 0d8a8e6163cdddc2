// Invitations: the page an invitation e-mail links to, outside any login interaction. Opening the
// link changes nothing (mail scanners open links too); a code sent to the invited address, typed
// in this browser, binds the browser to the invitation, and only then does completion start.
//
//   link ──send──▶ code ──▶ (bound) ──policy──▶ authenticator ──▶ password ──▶ ready
//                                        ├──────▶ e-ID (BankID | Freja | ID-porten | HelseID) ──▶ ready
//                                        └──────▶ passkey ───────────────────▶ ready
import type Router from '@koa/router';
import type { Context } from 'koa';
import { invitationCodeEmail } from '../../src/notify/invitation-emails.ts';
import { formField, type InteractionServices } from '../context.ts';
import { mountInvitationAuthenticator, showAuthenticatorStep } from './authenticator.ts';
import { bindBrowser, invitationRepository, loadInvitation, type InvitationPage } from './context.ts';
import { mountInvitationEid, showEidStep } from './eid.ts';
import { mountInvitationDetails } from './details.ts';
import { mountInvitationPasskey, showPasskeyStep } from './passkey.ts';
import { landingScreen } from './views.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type InvitationServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codeKey'
  | 'codes'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'passkeyCeremony'
  | 'passkeys'
  | 'passwords'
  | 'provider'
  | 'sealer'
  | 'secondFactors'
  | 'senders'
  | 'throttle'
>;

export function mountInvitation(router: Router, services: InvitationServices): void {
  const base = '/invitation/:token';
  // Before the token routes, which would read "details" as a token.
  mountInvitationDetails(router, services);

  router.get(base, async (ctx) => {
    const view = await loadInvitation(ctx, services);
    if (!view) return;
    if (!view.bound) {
      const codeOutstanding =
        !view.invitation.emailProvenAt && (await services.codes.invitation.pending(view.invitation.id)) !== undefined;
      return landingScreen(ctx, view, { codeSent: codeOutstanding });
    }
    await nextStep(ctx, services, view);
  });

  router.post(`${base}/send`, async (ctx) => {
    const view = await loadInvitation(ctx, services);
    if (!view) return;
    assertScreenCsrf(ctx, view.page, services.config.issuer);
    if (view.bound) return ctx.redirect(view.base);
    await sendCode(ctx, services, view);
  });

  router.post(`${base}/code`, async (ctx) => {
    const view = await loadInvitation(ctx, services);
    if (!view) return;
    assertScreenCsrf(ctx, view.page, services.config.issuer);
    if (view.bound) return ctx.redirect(view.base);
    const { invitation, text, page } = view;
    const repository = invitationRepository(services);
    const outcome = await services.codes.invitation.check(invitation.id, formField(ctx, 'code') ?? '');
    // The code proves the address it was sent to, and only while that is still the invitation's.
    const proven = outcome.result === 'accepted' && (await repository.proveEmail(invitation.id, outcome.destination));
    if (proven) {
      bindBrowser(ctx, services, (await repository.findById(invitation.id))!);
      return ctx.redirect(view.base);
    }
    const result = outcome.result === 'accepted' ? 'expired' : outcome.result;
    await services.audit.record({
      type: 'invitation.code_failed',
      outcome: 'failure',
      clientId: invitation.clientId ?? undefined,
      ip: page.ip,
      detail: { invitation: invitation.id, result },
    });
    const error =
      result === 'wrong' ? text('codeWrong') : result === 'exhausted' ? text('codeExhausted') : text('codeExpired');
    landingScreen(ctx, view, { codeSent: result === 'wrong', error });
  });

  mountInvitationAuthenticator(router, services);
  mountInvitationEid(router, services);
  mountInvitationPasskey(router, services);
}

async function nextStep(ctx: Context, services: InvitationServices, view: InvitationPage): Promise<void> {
  if (view.policy.invitationCompletion === 'eid') return showEidStep(ctx, services, view);
  if (view.policy.invitationCompletion === 'passkey') return showPasskeyStep(ctx, view);
  await showAuthenticatorStep(ctx, services, view);
}

/** One code at a time per invitation, a pause between sends, and an hourly cap per invitation and per address. */
async function sendCode(ctx: Context, services: InvitationServices, view: InvitationPage): Promise<void> {
  const { invitation, text, page } = view;
  const rules = services.config.oneTimeCodes;
  const recent = await services.throttle.state(`invitation:resend:${invitation.id}`);
  if (recent.count > 0 && recent.windowLeftSeconds > 0) {
    return landingScreen(ctx, view, {
      codeSent: (await services.codes.invitation.pending(invitation.id)) !== undefined,
      notice: text('wait', { seconds: recent.windowLeftSeconds }),
      status: 429,
    });
  }
  const perInvitation = await services.throttle.hit(`invitation:sends:${invitation.id}`, 3600);
  const perAddress = await services.throttle.hit(`invitation:sends:ip:${page.ip}`, 3600);
  if (perInvitation.count > rules.sendsPerHour || perAddress.count > rules.sendsPerHour * 20) {
    await services.audit.record({
      type: 'rate.limited',
      outcome: 'failure',
      clientId: invitation.clientId ?? undefined,
      ip: page.ip,
      detail: { scope: 'invitation_code_sends', invitation: invitation.id },
    });
    const wait = Math.max(perInvitation.windowLeftSeconds, perAddress.windowLeftSeconds);
    return landingScreen(ctx, view, { error: text('tooMany', { minutes: Math.ceil(wait / 60) }), status: 429 });
  }
  await services.throttle.hit(`invitation:resend:${invitation.id}`, rules.resendAfterSeconds);
  const code = await services.codes.invitation.issue(invitation.id, {
    channel: 'email',
    destination: invitation.email,
  });
  const minutes = Math.round(rules.lifetimeSeconds / 60);
  const result = services.senders.email
    ? await services.senders.email.send({
        to: invitation.email,
        senderName: view.brand?.emailSenderName,
        ...invitationCodeEmail(page.locale, { code, minutes, service: view.service }),
      })
    : undefined;
  await services.audit.record({
    type: 'invitation.code_sent',
    outcome: result?.ok ? 'success' : 'failure',
    clientId: invitation.clientId ?? undefined,
    ip: page.ip,
    detail: {
      invitation: invitation.id,
      ...(result && !result.ok ? { error: result.error.code } : {}),
      ...(result ? {} : { error: 'no_email_sender' }),
    },
  });
  if (!result?.ok) {
    await services.codes.invitation.cancel(invitation.id);
    return landingScreen(ctx, view, { error: text('sendFailed'), status: 503 });
  }
  landingScreen(ctx, view, { codeSent: true, minutes });
}
