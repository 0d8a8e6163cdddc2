// E-mail addresses on the account: a new one joins only after a six-digit code sent to it was
// typed back; the main address (where codes and messages go) cannot be removed here. An address is
// a way into the account ("forgot password" sends its code there), so adding or removing one needs
// a fresh second factor or a trusted network, as phone numbers do: a session alone is not enough.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { normaliseLoginName } from '../../src/accounts/types.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import { formField, type InteractionServices } from '../context.ts';
import { loadAccountPost, type AccountView } from './context.ts';
import { addressCodeEmail } from './messages.ts';
import { backHome, record, requireFreshFactor, tellChange } from './respond.ts';
import { accountScreen } from './views.ts';

/** The part of the shared services these screens use. */
type AddressServices = Pick<
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
  | 'senders'
  | 'throttle'
>;

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

function addressesOf(view: AccountView, only: 'all' | 'verified' = 'all'): string[] {
  return view.account.identities
    .filter((identity) => identity.type === 'email' && identity.issuer === '' && (only === 'all' || identity.verified))
    .map((identity) => identity.value);
}

export function mountAddressForms(router: Router, services: AddressServices): void {
  router.post('/account/emails/add', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    const typed = formField(ctx, 'email') ?? '';
    if (
      !(await requireFreshFactor(
        ctx,
        services,
        view,
        'account.updated',
        { field: 'email', action: 'add' },
        { email: typed },
      ))
    )
      return;
    const email = normaliseLoginName(typed);
    if (email.length > 254 || !ADDRESS.test(email))
      return accountScreen(ctx, view, { errors: { email: view.text('emailInvalid') }, values: { email: typed } });
    // An address of one's own that no one has proven yet gets a code too: that is how it is confirmed.
    if (addressesOf(view, 'verified').includes(email))
      return accountScreen(ctx, view, { errors: { email: view.text('emailAlreadyYours') }, values: { email: typed } });
    await sendProof(ctx, services, view, email, typed);
  });

  router.post('/account/emails/confirm', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (!(await requireFreshFactor(ctx, services, view, 'account.updated', { field: 'email', action: 'add' }))) return;
    const outcome = await services.codes.address.check(view.account.id, formField(ctx, 'code') ?? '', view.account.id);
    if (outcome.result !== 'accepted') {
      const { result } = outcome;
      await record(services, view, 'account.updated', 'failure', { field: 'email', action: 'add', result });
      const message =
        result === 'wrong'
          ? view.text('codeWrong')
          : result === 'exhausted'
            ? view.text('codeExhausted')
            : view.text('codeExpired');
      return accountScreen(
        ctx,
        { ...view, pendingAddress: result === 'wrong' ? view.pendingAddress : undefined },
        { errors: result === 'wrong' ? { code: message } : { email: message } },
      );
    }
    const email = outcome.destination;
    if (addressesOf(view).includes(email)) {
      await services.accounts.verifyIdentity(view.account.id, 'email', email);
      if (view.account.email === email) await services.accounts.updateProfile(view.account.id, { emailVerified: true });
      await record(services, view, 'account.updated', 'success', {
        field: 'email',
        action: 'confirmed',
        via: 'account_page',
      });
      return backHome(ctx, 'emailConfirmed', 'emails');
    }
    try {
      await services.accounts.addIdentity(view.account.id, { type: 'email', issuer: '', value: email, verified: true });
    } catch (error) {
      if (!isPortvaktError(error, 'conflict')) throw error;
      // The person proved they read the address, so saying it cannot be added reveals nothing new.
      await record(services, view, 'account.updated', 'failure', { field: 'email', action: 'add', result: 'in_use' });
      return accountScreen(
        ctx,
        { ...view, pendingAddress: undefined },
        { status: 409, errors: { email: view.text('emailUnavailable') } },
      );
    }
    if (!view.account.email) await services.accounts.updateProfile(view.account.id, { email, emailVerified: true });
    await record(services, view, 'account.updated', 'success', {
      field: 'email',
      action: 'added',
      via: 'account_page',
    });
    await tellChange(services, view, { kind: 'email_added', value: email });
    backHome(ctx, 'emailAdded', 'emails');
  });

  router.post('/account/emails/remove', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (!(await requireFreshFactor(ctx, services, view, 'account.updated', { field: 'email', action: 'remove' })))
      return;
    const email = normaliseLoginName(formField(ctx, 'email') ?? '');
    if (email !== view.account.email && addressesOf(view).includes(email)) {
      await services.accounts.removeIdentity(view.account.id, 'email', email);
      await record(services, view, 'account.updated', 'success', {
        field: 'email',
        action: 'removed',
        via: 'account_page',
      });
      await tellChange(services, view, { kind: 'email_removed', value: email });
    }
    backHome(ctx, 'emailRemoved', 'emails');
  });
}

/** A pause between codes and an hourly cap per account, as for login codes. */
async function sendProof(
  ctx: Context,
  services: AddressServices,
  view: AccountView,
  email: string,
  typed: string,
): Promise<void> {
  const rules = services.config.oneTimeCodes;
  const accountId = view.account.id;
  const recent = await services.throttle.state(`account:address:resend:${accountId}`);
  if (recent.count > 0 && recent.windowLeftSeconds > 0) {
    return accountScreen(ctx, view, {
      status: 429,
      errors: { email: view.text('wait', { seconds: recent.windowLeftSeconds }) },
      values: { email: typed },
    });
  }
  const hourly = await services.throttle.hit(`account:address:sends:${accountId}`, 3600);
  if (hourly.count > rules.sendsPerHour) {
    await services.audit.record({
      type: 'rate.limited',
      outcome: 'failure',
      accountId,
      ip: view.page.ip,
      detail: { scope: 'account_address_codes' },
    });
    return accountScreen(ctx, view, {
      status: 429,
      errors: { email: view.text('wait', { seconds: hourly.windowLeftSeconds }) },
      values: { email: typed },
    });
  }
  await services.throttle.hit(`account:address:resend:${accountId}`, rules.resendAfterSeconds);
  const code = await services.codes.address.issue(accountId, { accountId, channel: 'email', destination: email });
  const sent = services.senders.email
    ? await services.senders.email.send({
        to: email,
        ...addressCodeEmail(view.page.locale, { code, minutes: view.codeMinutes }),
      })
    : undefined;
  await record(services, view, 'code.sent', sent?.ok ? 'success' : 'failure', {
    channel: 'email',
    purpose: 'address_proof',
    ...(sent && !sent.ok ? { error: sent.error.code } : {}),
    ...(sent ? {} : { error: 'no_email_sender' }),
  });
  if (!sent?.ok) await services.codes.address.cancel(accountId);
  if (!sent?.ok)
    return accountScreen(
      ctx,
      { ...view, pendingAddress: undefined },
      { status: 503, errors: { email: view.text('sendFailed') }, values: { email: typed } },
    );
  ctx.redirect('/account#emails');
}
