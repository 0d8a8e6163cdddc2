// The profile forms: name, language and how often the person wants messages.
import type Router from '@koa/router';
import { LOCALES, type Locale } from '../../src/config/schema.ts';
import type { NotificationPreference } from '../../src/accounts/types.ts';
import { formField, type InteractionServices } from '../context.ts';
import { loadAccountPost } from './context.ts';
import type { AccountText, PlainAccountTextKey } from './messages.ts';
import { backHome, record } from './respond.ts';
import { accountScreen } from './views.ts';

/** The part of the shared services these screens use. */
type ProfileServices = Pick<
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

const PREFERENCES: readonly NotificationPreference[] = ['immediately', 'weekly', 'off'];
/** Letters of any script, marks, spaces, and the punctuation names carry. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

/** A name as typed, or the message that says what is wrong with it. */
export function checkName(
  input: string | undefined,
  text: AccountText,
  missing: PlainAccountTextKey,
): { value: string } | { error: string } {
  const value = (input ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
  if (value === '') return { error: text(missing) };
  if (value.length > 100) return { error: text('nameTooLong') };
  if (!NAME.test(value)) return { error: text('nameInvalid') };
  return { value };
}

export function mountProfileForms(router: Router, services: ProfileServices): void {
  router.post('/account/name', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    const given = checkName(formField(ctx, 'given_name'), view.text, 'givenNameMissing');
    const family = checkName(formField(ctx, 'family_name'), view.text, 'familyNameMissing');
    if ('error' in given || 'error' in family) {
      return accountScreen(ctx, view, {
        errors: {
          ...('error' in given ? { givenName: given.error } : {}),
          ...('error' in family ? { familyName: family.error } : {}),
        },
        values: { givenName: formField(ctx, 'given_name') ?? '', familyName: formField(ctx, 'family_name') ?? '' },
      });
    }
    await services.accounts.updateProfile(view.account.id, { givenName: given.value, familyName: family.value });
    await record(services, view, 'account.updated', 'success', { field: 'name', via: 'account_page' });
    backHome(ctx, 'saved', 'name');
  });

  router.post('/account/language', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    const locale = formField(ctx, 'locale');
    if (!locale || !(LOCALES as readonly string[]).includes(locale)) {
      return accountScreen(ctx, view, { errors: { locale: view.text('choiceInvalid') } });
    }
    await services.accounts.updateProfile(view.account.id, { locale });
    await record(services, view, 'account.updated', 'success', { field: 'locale', via: 'account_page' });
    // The page follows the chosen language from now on.
    backHome(ctx, 'saved', 'language', { lang: locale as Locale });
  });

  router.post('/account/notifications', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    const preference = formField(ctx, 'notification_preference');
    if (!preference || !(PREFERENCES as readonly string[]).includes(preference)) {
      return accountScreen(ctx, view, { errors: { notificationPreference: view.text('choiceInvalid') } });
    }
    await services.accounts.updateProfile(view.account.id, {
      notificationPreference: preference as NotificationPreference,
    });
    await record(services, view, 'account.updated', 'success', {
      field: 'notification_preference',
      via: 'account_page',
    });
    backHome(ctx, 'saved', 'notifications');
  });
}
