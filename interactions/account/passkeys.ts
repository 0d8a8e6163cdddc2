// Passkeys on the account page: list, name, remove, and add one. Binding a passkey needs more than
// a password: a login with an eID or two factors in the last minutes (a trusted network does not
// stand in here, since a passkey is itself a way in). Removal needs what phone numbers need.
// Every new or removed passkey is told to all the person's addresses.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { holderOf } from '../../src/accounts/passkey-ceremony.ts';
import { cleanPasskeyName, MAX_PASSKEYS } from '../../src/accounts/passkeys.ts';
import { formField, type InteractionServices } from '../context.ts';
import { defaultPasskeyName } from '../views/passkey-names.ts';
import { loadAccountPost, type AccountView } from './context.ts';
import { backHome, record, requireFreshFactor, tellChange } from './respond.ts';
import { mayBindPasskey } from './session.ts';
import { accountScreen } from './views.ts';

/** The part of the shared services these screens use. */
type AccountPasskeyServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codes'
  | 'config'
  | 'csrfKey'
  | 'logger'
  | 'passkeyCeremony'
  | 'passkeys'
  | 'sealer'
  | 'secondFactors'
>;

export function mountPasskeyForms(router: Router, services: AccountPasskeyServices): void {
  const binding = (view: AccountView) => `account:${view.account.id}` as const;

  router.post('/account/passkeys/options', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    ctx.set('Cache-Control', 'no-store');
    if (!mayBindPasskey(view.session) || view.passkeys.length >= MAX_PASSKEYS) {
      ctx.status = 403;
      ctx.body = { error: 'fresh_factor_required' };
      return;
    }
    ctx.body = await services.passkeyCeremony.registrationOptions(binding(view), holderOf(view.account));
  });

  router.post('/account/passkeys', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (!mayBindPasskey(view.session)) return refuseBinding(ctx, services, view);
    const name = cleanPasskeyName(formField(ctx, 'name') ?? '') || defaultPasskeyName(view.page.t, view.page.locale);
    const outcome = await services.passkeyCeremony.verifyRegistration(
      binding(view),
      view.account.id,
      formField(ctx, 'credential'),
      name,
    );
    if (outcome.kind === 'refused' || !(await services.passkeys.add(outcome.passkey))) {
      const reason = outcome.kind === 'refused' ? outcome.reason : 'too_many';
      await record(services, view, 'passkey.added', 'failure', { via: 'account_page', reason });
      return accountScreen(ctx, view, {
        status: 400,
        errors: {
          passkey:
            reason === 'too_many' ? view.text('passkeyLimit', { count: MAX_PASSKEYS }) : view.text('passkeyFailed'),
        },
      });
    }
    await record(services, view, 'passkey.added', 'success', {
      via: 'account_page',
      deviceType: outcome.passkey.deviceType,
    });
    await tellChange(services, view, {
      kind: 'passkey_added',
      value: outcome.passkey.name,
      ref: outcome.passkey.credentialId,
    });
    backHome(ctx, 'passkeyAdded', 'passkeys');
  });

  router.post('/account/passkeys/rename', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    const id = formField(ctx, 'id') ?? '';
    const name = cleanPasskeyName(formField(ctx, 'name') ?? '');
    if (!name)
      return accountScreen(ctx, view, {
        status: 400,
        errors: { passkeyName: view.text('passkeyNameMissing') },
        values: { passkeyId: id },
      });
    // Another account's passkey, or one removed meanwhile: nothing changed, so nothing is said.
    if (!(await services.passkeys.rename(view.account.id, id, name))) return ctx.redirect('/account#passkeys');
    await record(services, view, 'passkey.renamed', 'success', { via: 'account_page' });
    backHome(ctx, 'saved', 'passkeys');
  });

  router.post('/account/passkeys/remove', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (!(await requireFreshFactor(ctx, services, view, 'passkey.removed', { via: 'account_page' }))) return;
    const removed = await services.passkeys.remove(view.account.id, formField(ctx, 'id') ?? '');
    if (removed === undefined) return ctx.redirect('/account#passkeys');
    await record(services, view, 'passkey.removed', 'success', { via: 'account_page' });
    await tellChange(services, view, { kind: 'passkey_removed', value: removed });
    backHome(ctx, 'passkeyRemoved', 'passkeys');
  });
}

async function refuseBinding(ctx: Context, services: AccountPasskeyServices, view: AccountView): Promise<void> {
  await record(services, view, 'passkey.added', 'failure', {
    via: 'account_page',
    reason: 'fresh_second_factor_required',
  });
  accountScreen(ctx, view, { status: 403, stepUpAsked: true });
}
