// "An invitation, or forgot your password?": prove the account's e-mail address with a one-time
// code, choose a new password under the client's rules, which ends the account's sessions and
// grants everywhere, then continue as after a password, so a second factor the policy requires is
// still asked for. An address with a live invitation and no account gets a fresh invitation link
// instead. The answer never says whether an address has an account or an invitation.
//
//   address ──▶ code (e-mail) ──▶ new password ──▶ advance
//          └──▶ (invited) a new invitation link by e-mail
import type Router from '@koa/router';
import { endAccountSessions } from '../../adapters/account-sessions.ts';
import type { Context } from 'koa';
import { passwordRulesFor, type PasswordRules } from '../../src/accounts/password-policy.ts';
import {
  checkNewPassword,
  hasProblems,
  newPasswordErrors,
  newPasswordFields,
  REPEAT_FIELD,
  type NewPasswordProblems,
} from '../../src/web/new-password.ts';
import { passwordResetEmail } from '../../src/notify/index.ts';
import type { Account } from '../../src/accounts/types.ts';
import { ACR } from '../../src/provider/vocabulary.ts';
import { loginSubjectKey } from '../../src/security/throttle.ts';
import { formField, loadInteraction, type InteractionContext, type InteractionServices } from '../context.ts';
import { advance } from '../pipeline.ts';
import { csrfField, errorSummary } from '../../src/web/forms.ts';
import { html } from '../../src/web/html.ts';
import { renderScreen } from '../views/render.ts';
import { InvitationDesk } from '../../src/admin/invitation-desk.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type PasswordResetServices = Pick<
  InteractionServices,
  | 'acceptances'
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
  | 'methods'
  | 'passkeys'
  | 'passwords'
  | 'progress'
  | 'provider'
  | 'senders'
  | 'throttle'
>;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export function mountPasswordReset(router: Router, services: PasswordResetServices): void {
  const base = '/interaction/:uid/password/reset';

  router.get(base, async (ctx) => addressScreen(ctx, await loadInteraction(ctx, services)));

  router.post(base, async (ctx) => {
    const interaction = await loadInteraction(ctx, services);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const address = (formField(ctx, 'email') ?? '').trim().toLowerCase();
    if (!EMAIL.test(address)) return addressScreen(ctx, interaction, interaction.t('reset.invalidEmail'));
    const perAddress = await services.throttle.hit(`reset:address:${address}`, 3600);
    const perClient = await services.throttle.hit(`reset:ip:${interaction.ip}`, 3600);
    const account = await services.accounts.findByIdentity('email', address);
    const allowed =
      perAddress.count <= services.config.oneTimeCodes.sendsPerHour &&
      perClient.count <= services.config.oneTimeCodes.sendsPerHour * 4;
    if (account?.status === 'active' && allowed && services.senders.email && (await resettable(services, account))) {
      const code = await services.codes.reset.issue(interaction.uid, {
        accountId: account.id,
        channel: 'email',
        destination: address,
      });
      const minutes = codeMinutes(services);
      // Not awaited: the answer must take as long whether or not the address has an account.
      void services.senders.email
        .send({
          to: address,
          senderName: interaction.brand?.emailSenderName,
          ...passwordResetEmail(interaction.locale, {
            code,
            minutes,
            service: interaction.client.clientName ?? interaction.client.clientId,
          }),
        })
        .then((result) =>
          services.audit.record({
            type: 'password.reset_requested',
            outcome: result.ok ? 'success' : 'failure',
            accountId: account.id,
            ip: interaction.ip,
          }),
        )
        .catch((error: unknown) => services.logger.warn({ err: error }, 'reset code not sent'));
    } else {
      await services.codes.reset.issueDecoy(interaction.uid, { channel: 'email', destination: address });
      if (!account && allowed) remindInvitee(services, interaction, address);
      await services.audit.record({
        type: 'password.reset_requested',
        outcome: 'info',
        ip: interaction.ip,
        detail: { sent: false, throttled: !allowed },
      });
    }
    codeScreen(ctx, interaction, address, codeMinutes(services));
  });

  router.post(`${base}/code`, async (ctx) => {
    const interaction = await loadInteraction(ctx, services);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const outcome = await services.codes.reset.check(interaction.uid, formField(ctx, 'code') ?? '');
    if (outcome.result !== 'accepted' || !outcome.accountId || outcome.channel !== 'email') {
      // One answer for a wrong code and for no code at all: an address without an account has no
      // code to be wrong about, and saying "expired" there would tell which addresses have one.
      return codeScreen(
        ctx,
        interaction,
        formField(ctx, 'email') ?? '',
        codeMinutes(services),
        interaction.t('reset.codeRejected'),
      );
    }
    await services.progress.save(
      {
        uid: interaction.uid,
        stage: 'password_reset',
        accountId: outcome.accountId,
        method: 'password',
        amr: [],
        acr: ACR.loa1,
      },
      services.config.ttl.interaction,
    );
    newPasswordScreen(ctx, interaction, passwordRulesFor(services.config.password, interaction.policy.rules));
  });

  router.post(`${base}/new`, async (ctx) => {
    const interaction = await loadInteraction(ctx, services);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const progress = await services.progress.find(interaction.uid);
    if (progress?.stage !== 'password_reset') return ctx.redirect(`/interaction/${interaction.uid}/password/reset`);
    const rules = passwordRulesFor(services.config.password, interaction.policy.rules);
    const password = formField(ctx, 'password') ?? '';
    const account = await services.accounts.findById(progress.accountId);
    const problems = checkNewPassword({ password, repeat: formField(ctx, REPEAT_FIELD) ?? '' }, rules, {
      names: [
        account?.givenName,
        account?.familyName,
        account?.email,
        ...(account?.identities.map((identity) => identity.value) ?? []),
      ],
    });
    if (hasProblems(problems)) return newPasswordScreen(ctx, interaction, rules, problems);
    await services.accounts.setPassword(progress.accountId, await services.passwords.hash(password));
    await services.progress.remove(interaction.uid);
    // Whoever knew the old password, or sits in an open session, is out now; this login goes on.
    const { revoked } = await endAccountSessions(services.db, progress.accountId, { keepInteraction: interaction.uid });
    // A new password starts a clean count: the guessing was against the old one.
    await services.throttle.resetWithAddresses(loginSubjectKey({ accountId: progress.accountId }));
    await services.audit.record({
      type: 'account.password_set',
      outcome: 'success',
      accountId: progress.accountId,
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { via: 'reset', sessionsEnded: revoked },
    });
    await services.changeNotices.tell(progress.accountId, { kind: 'password_reset' }, { ip: interaction.ip });
    await advance(ctx, services, interaction, {
      method: 'password',
      accountId: progress.accountId,
      acr: ACR.loa1,
      amr: ['pwd'],
    });
  });
}

/**
 * An account that logs in only with an eID (it holds a verified national identity number and no
 * password) gets no password by e-mail: control of a mailbox must not open an eID-proven account.
 */
async function resettable(services: PasswordResetServices, account: Account): Promise<boolean> {
  const eidProven = account.identities.some(
    (identity) => (identity.type === 'se_personal_number' || identity.type === 'no_national_id') && identity.verified,
  );
  return !eidProven || (await services.accounts.passwordHash(account.id)) !== undefined;
}

function codeMinutes(services: PasswordResetServices): number {
  return Math.max(1, Math.round(services.config.oneTimeCodes.lifetimeSeconds / 60));
}

function addressScreen(ctx: Context, interaction: InteractionContext, error?: string): void {
  const { t, uid } = interaction;
  renderScreen(ctx, interaction, {
    title: t('reset.title'),
    status: error ? 400 : 200,
    body: html`${errorSummary(error)}<p>${t('reset.intro')}</p>
<form method="post" action="/interaction/${uid}/password/reset" novalidate>${csrfField(interaction)}
<label for="email">${t('reset.email')}</label>
<input id="email" name="email" type="email" autocomplete="email" required autofocus${error ? html` aria-invalid="true" aria-describedby="form-error"` : ''}>
<button type="submit">${t('reset.send')}</button></form>
<p><a href="/interaction/${uid}/password">${t('password.back')}</a></p>`,
  });
}

/** Not awaited, like the code: the answer takes as long whether or not an invitation exists. */
function remindInvitee(services: PasswordResetServices, interaction: InteractionContext, address: string): void {
  new InvitationDesk(services)
    .remind(address, { ip: interaction.ip, clientId: interaction.client.clientId })
    .catch((error: unknown) => services.logger.warn({ err: error }, 'invitation reminder not sent'));
}

function codeScreen(
  ctx: Context,
  interaction: InteractionContext,
  address: string,
  minutes: number,
  error?: string,
): void {
  const { t, uid } = interaction;
  renderScreen(ctx, interaction, {
    title: t('reset.title'),
    status: error ? 400 : 200,
    body: html`${errorSummary(error)}<p role="status">${t('reset.sent', { address, minutes })}</p>
<form method="post" action="/interaction/${uid}/password/reset/code">${csrfField(interaction)}<input type="hidden" name="email" value="${address}">
<label for="code">${t('code.label')}</label>
<input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="20" required autofocus>
<button type="submit">${t('code.submit')}</button></form>
<p><a href="/interaction/${uid}/password/reset">${t('code.resend')}</a></p>`,
  });
}

function newPasswordScreen(
  ctx: Context,
  interaction: InteractionContext,
  rules: PasswordRules,
  problems?: NewPasswordProblems,
): void {
  const { t, uid } = interaction;
  renderScreen(ctx, interaction, {
    title: t('reset.title'),
    status: hasProblems(problems) ? 400 : 200,
    body: html`${newPasswordErrors(t, rules, problems)}
<form method="post" action="/interaction/${uid}/password/reset/new">${csrfField(interaction)}
${newPasswordFields(t, rules, problems, { autofocus: true })}
<button type="submit">${t('reset.save')}</button></form>`,
  });
}
