// First login with `onNoMatch: proveExisting`: the person logs in once to an existing account
// with its username and password (under the same limits and lockout as the password method), and
// the upstream identity is linked to that account, with the national identity number the IdP
// proved, if it proves one.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { normaliseLoginName } from '../../src/accounts/types.ts';
import { accountStateMessage } from '../../src/accounts/lifecycle-messages.ts';
import { waitMessage } from '../../src/i18n/wait.ts';
import { allowedInteraction, formField, supportOf } from '../context.ts';
import type { LoginMethod } from '../method.ts';
import { verifyPassword, type PasswordOutcome } from '../methods/password-check.ts';
import { finishWithOutcome, refuse, type PendingLink, type UpstreamStep } from './complete.ts';
import { holdProvenNumber } from '../../src/accounts/login-resolution.ts';
import { link } from '../../src/accounts/upstream-linking.ts';
import { upstreamText } from './messages.ts';
import type { UpstreamMethodServices } from './services.ts';
import { linkScreen, refusalScreen } from './views.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

export function mountProveExisting(router: Router, services: UpstreamMethodServices, method: LoginMethod): void {
  const path = `/interaction/:uid/${method.id}/link`;
  const open = async (ctx: Context): Promise<{ step: UpstreamStep; pending: PendingLink | undefined }> => {
    const interaction = await allowedInteraction(ctx, services, method.id);
    return {
      step: { ctx, services, interaction, method },
      pending: await services.upstream.findLink<PendingLink>(interaction.uid, method.id),
    };
  };

  router.get(path, async (ctx) => {
    const { step, pending } = await open(ctx);
    if (!pending) return refusalScreen(ctx, step.interaction, method, 'lost');
    linkScreen(ctx, step.interaction, method, { username: '' });
  });

  router.post(path, async (ctx) => {
    const { step, pending } = await open(ctx);
    const { interaction } = step;
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    if (!pending) return refusalScreen(ctx, interaction, method, 'lost');
    const username = formField(ctx, 'username') ?? '';
    const outcome = await verifyPassword(services, {
      username,
      password: formField(ctx, 'password') ?? '',
      ip: interaction.ip,
      clientId: interaction.client.clientId,
    });
    if (outcome.kind !== 'verified') {
      if (outcome.kind === 'throttled') ctx.set('Retry-After', String(outcome.retryAfterSeconds));
      return linkScreen(ctx, interaction, method, {
        username: normaliseLoginName(username).slice(0, 256),
        error: passwordError(step, outcome),
        status: outcome.kind === 'throttled' ? 429 : 400,
      });
    }
    const account = await services.accounts.findById(outcome.accountId);
    if (!account) return refuse(step, 'no_account', pending.profile);
    const linked = await link(services.accounts, services.upstream, account, pending.profile, 'password');
    if (linked.kind === 'refused') {
      await services.audit.record({
        type: 'account.linked',
        outcome: 'failure',
        accountId: account.id,
        clientId: interaction.client.clientId,
        ip: interaction.ip,
        detail: { method: method.id, issuer: pending.profile.issuer, reason: linked.reason },
      });
      return linkScreen(ctx, interaction, method, {
        username: '',
        error: upstreamText('link.taken', interaction.locale),
        status: 409,
      });
    }
    // The password proved the account and the IdP the number: the account holds it proven now.
    if (pending.profile.nationalId) await holdProvenNumber(services.accounts, account, pending.profile.nationalId);
    await services.upstream.takeLink(interaction.uid, method.id);
    await finishWithOutcome(step, pending, linked);
  });
}

function passwordError(step: UpstreamStep, outcome: Exclude<PasswordOutcome, { kind: 'verified' }>): string {
  const { t } = step.interaction;
  if (outcome.kind === 'throttled') return waitMessage(t, outcome.retryAfterSeconds);
  if (outcome.kind === 'missing') return t('password.missing');
  if (outcome.kind === 'tooLong') return t('password.tooLong');
  // Said only after a correct password: the account exists but cannot be used yet or any more.
  if (outcome.kind === 'unusable')
    return accountStateMessage(
      outcome.message,
      step.interaction.locale,
      supportOf(step.interaction, step.services.config.accounts),
    );
  return t('password.invalid');
}
