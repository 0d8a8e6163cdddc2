// Changing the password while logged in. The owner proves it with the current password, or with
// a second factor from the last minutes (an eID-only account may then set its first one). The new
// one follows the account page policy's rules and is typed twice. Every other session ends, so
// whoever knew the old password is out; this page's session goes on, and the person is told at
// every address and number, with a link that ends every session if it was not them.
import type Router from '@koa/router';
import { endAccountSessions } from '../../adapters/account-sessions.ts';
import { loginSubjectKey } from '../../src/security/throttle.ts';
import { checkNewPassword, hasProblems, REPEAT_FIELD } from '../../src/web/new-password.ts';
import { formField, type InteractionServices } from '../context.ts';
import { loadAccountPost, type AccountView } from './context.ts';
import { backHome, record, tellChange } from './respond.ts';
import { restartSession } from './session.ts';
import { accountScreen } from './views.ts';

/** The part of the shared services these screens use. */
type PasswordChangeServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codes'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'logger'
  | 'passkeys'
  | 'passwords'
  | 'sealer'
  | 'secondFactors'
  | 'throttle'
>;

/** Wrong current passwords per account before the form asks the person to wait (or use a code). */
const CURRENT_PASSWORD_TRIES = 5;
const CURRENT_PASSWORD_WINDOW_SECONDS = 15 * 60;

export function mountPasswordChange(router: Router, services: PasswordChangeServices): void {
  router.post('/account/password', async (ctx) => {
    const view = await loadAccountPost(ctx, services);
    if (!view) return;
    const proof = await ownerProof(services, view, formField(ctx, 'current_password') ?? '');
    if (proof.kind === 'refused') {
      await record(services, view, 'account.password_set', 'failure', { via: 'account_page', reason: proof.reason });
      if (proof.reason === 'fresh_second_factor_required')
        return accountScreen(ctx, view, { status: 403, stepUpAsked: true });
      // The new password is not kept: a page never sends one back to the browser.
      return accountScreen(ctx, view, {
        status: proof.reason === 'throttled' ? 429 : 400,
        errors: { currentPassword: proof.message },
      });
    }
    const password = formField(ctx, 'password') ?? '';
    const problems = checkNewPassword({ password, repeat: formField(ctx, REPEAT_FIELD) ?? '' }, view.passwordRules, {
      names: [
        view.account.givenName,
        view.account.familyName,
        view.account.email,
        ...view.account.identities.map((identity) => identity.value),
      ],
    });
    if (hasProblems(problems)) return accountScreen(ctx, view, { status: 400, passwordProblems: problems });

    const accountId = view.account.id;
    await services.accounts.setPassword(accountId, await services.passwords.hash(password));
    const { revoked } = await endAccountSessions(services.db, accountId);
    restartSession(ctx, services, view.session);
    // A new password starts a clean count: the guessing was against the old one.
    await services.throttle.resetWithAddresses(loginSubjectKey({ accountId }));
    await services.throttle.reset(currentPasswordKey(accountId));
    await record(services, view, 'account.password_set', 'success', {
      via: 'account_page',
      proof: proof.kind,
      first: !view.hasPassword,
      sessionsEnded: revoked,
    });
    await tellChange(services, view, { kind: 'password_changed' });
    backHome(ctx, 'passwordChanged', 'password');
  });
}

type OwnerProof =
  | { kind: 'fresh_second_factor' | 'current_password' }
  | { kind: 'refused'; reason: 'fresh_second_factor_required' }
  | { kind: 'refused'; reason: 'wrong_current_password' | 'throttled'; message: string };

async function ownerProof(services: PasswordChangeServices, view: AccountView, current: string): Promise<OwnerProof> {
  if (view.freshSecondFactor) return { kind: 'fresh_second_factor' };
  if (!view.hasPassword) return { kind: 'refused', reason: 'fresh_second_factor_required' };
  const key = currentPasswordKey(view.account.id);
  const tries = await services.throttle.state(key);
  if (tries.count >= CURRENT_PASSWORD_TRIES && tries.windowLeftSeconds > 0)
    return {
      kind: 'refused',
      reason: 'throttled',
      message: view.text('currentPasswordWait', { minutes: Math.ceil(tries.windowLeftSeconds / 60) }),
    };
  if (await services.passwords.verify(current, await services.accounts.passwordHash(view.account.id)))
    return { kind: 'current_password' };
  await services.throttle.hit(key, CURRENT_PASSWORD_WINDOW_SECONDS);
  return { kind: 'refused', reason: 'wrong_current_password', message: view.text('currentPasswordWrong') };
}

function currentPasswordKey(accountId: string): string {
  return `account:current-password:${accountId}`;
}
