// Phone numbers for text-message codes: at most two, normalised to E.164, and changed only after a
// fresh second factor or from a trusted network, or only from a trusted network where the account
// page policy says so (an organisation whose own network is the proof).
import type Router from '@koa/router';
import { MAX_PHONE_NUMBERS } from '../../src/accounts/second-factors.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import { notifyMessage } from '../../src/notify/messages.ts';
import { maskPhoneNumber, normalisePhoneNumber } from '../../src/notify/phone.ts';
import { formField, type InteractionServices } from '../context.ts';
import { loadAccountPost } from './context.ts';
import { backHome, record, requirePhoneChange, tellChange } from './respond.ts';
import { accountScreen } from './views.ts';

/** The part of the shared services these screens use. */
type PhoneServices = Pick<
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

export function mountPhoneForms(router: Router, services: PhoneServices): void {
  router.post('/account/phones/add', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    const typed = formField(ctx, 'phone') ?? '';
    if (!(await requirePhoneChange(ctx, services, view, { action: 'add' }, { phone: typed }))) return;
    const parsed = normalisePhoneNumber(typed, { requireMobile: true });
    if (!parsed.ok)
      return accountScreen(ctx, view, {
        errors: { phone: notifyMessage(parsed.error.messageKey, view.page.locale) },
        values: { phone: typed },
      });
    const { e164 } = parsed.value;
    if (view.phones.includes(e164)) return backHome(ctx, 'phoneAdded', 'phones');
    const full = () =>
      accountScreen(ctx, view, { status: 409, errors: { phone: view.text('phoneLimit') }, values: { phone: typed } });
    if (view.phones.length >= MAX_PHONE_NUMBERS) return full();
    try {
      await services.secondFactors.addPhoneNumber(view.account.id, e164);
    } catch (error) {
      if (isPortvaktError(error, 'conflict')) return full();
      throw error;
    }
    await record(services, view, 'account.phone_changed', 'success', {
      action: 'added',
      phone: maskPhoneNumber(e164),
      via: 'account_page',
    });
    await tellChange(services, view, { kind: 'phone_added', value: e164 });
    backHome(ctx, 'phoneAdded', 'phones');
  });

  router.post('/account/phones/remove', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    if (!(await requirePhoneChange(ctx, services, view, { action: 'remove' }))) return;
    const e164 = formField(ctx, 'phone') ?? '';
    if (await services.secondFactors.removePhoneNumber(view.account.id, e164)) {
      await record(services, view, 'account.phone_changed', 'success', {
        action: 'removed',
        phone: maskPhoneNumber(e164),
        via: 'account_page',
      });
      await tellChange(services, view, { kind: 'phone_removed', value: e164 });
    }
    backHome(ctx, 'phoneRemoved', 'phones');
  });
}
