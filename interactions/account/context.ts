// What every account screen needs: the person's language and texts, the page session, the account
// behind it and its second factors. Without a session, a GET starts a login and a POST goes home.
import type { Context } from 'koa';
import type { Passkey } from '../../src/accounts/passkeys.ts';
import type { Account } from '../../src/accounts/types.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import type { InteractionServices } from '../context.ts';
import { loadPage, type PageContext } from '../views/standalone.ts';
import { policyBrand } from '../../src/provider/brands.ts';
import { accountTexts, type AccountText } from './messages.ts';
import { passwordRulesFor, type PasswordRules } from '../../src/accounts/password-policy.ts';
import {
  accountPagePolicy,
  endSession,
  hasFreshSecondFactor,
  mayChangeFactors,
  phoneChange,
  type PhoneChange,
  readSession,
  sessionStartedAt,
  startLogin,
  type AccountSession,
} from './session.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type AccountViewServices = Pick<
  InteractionServices,
  'accounts' | 'audit' | 'codes' | 'config' | 'csrfKey' | 'logger' | 'passkeys' | 'sealer' | 'secondFactors'
>;

export interface AccountView {
  page: PageContext;
  text: AccountText;
  session: AccountSession;
  account: Account;
  phones: string[];
  authenticator: boolean;
  recoveryUnused: number;
  passkeys: Passkey[];
  pendingAddress: PendingAddress | undefined;
  /** Second factors may change now (fresh second factor or trusted network). */
  mayChange: boolean;
  /** Phone numbers may change now, by the account page policy's rule, or what is needed first. */
  phoneChange: PhoneChange;
  /** The account has a password to change (an eID-only account may set one after a fresh eID login). */
  hasPassword: boolean;
  /** The page's login proved two factors in the last minutes: the current password is not asked for. */
  freshSecondFactor: boolean;
  passwordRules: PasswordRules;
  codeMinutes: number;
}

/** A new e-mail address waiting for its code (the one-time-code engine's `address` purpose). */
export interface PendingAddress {
  email: string;
}

/** An account screen, in the look of the account page policy's organisation. */
export function loadAccountPage(ctx: Context, services: Pick<InteractionServices, 'config' | 'csrfKey'>): PageContext {
  const page = loadPage(ctx, services);
  return { ...page, brand: policyBrand(services.config, services.config.accounts.accountPagePolicy, page.locale) };
}

/** The view for a GET; undefined after the browser was sent to log in. */
export async function loadAccountView(ctx: Context, services: AccountViewServices): Promise<AccountView | undefined> {
  const page = loadAccountPage(ctx, services);
  const view = await viewFor(ctx, services, page);
  if (!view) await startLogin(ctx, services, page);
  return view;
}

/** The view for a POST: the CSRF token first, then the session; undefined after a redirect home. */
export async function loadAccountPost(ctx: Context, services: AccountViewServices): Promise<AccountView | undefined> {
  const page = loadAccountPage(ctx, services);
  try {
    assertScreenCsrf(ctx, page, services.config.issuer);
  } catch (error) {
    if (isPortvaktError(error, 'csrf_failed'))
      await services.audit.record({
        type: 'csrf.rejected',
        outcome: 'failure',
        ip: page.ip,
        detail: { path: ctx.path },
      });
    throw error;
  }
  const view = await viewFor(ctx, services, page);
  if (!view) ctx.redirect('/account');
  return view;
}

async function viewFor(
  ctx: Context,
  services: AccountViewServices,
  page: PageContext,
): Promise<AccountView | undefined> {
  const session = readSession(ctx, services);
  if (!session) return undefined;
  const account = await services.accounts.findById(session.sub);
  if (!account || account.status !== 'active' || endedEverywhere(session, account)) {
    endSession(ctx);
    return undefined;
  }
  const [phones, factors, pendingAddress, passkeys, passwordHash] = await Promise.all([
    services.secondFactors.phoneNumbers(account.id),
    services.secondFactors.summary(account.id),
    services.codes.address.pending(account.id).then((code) => code && { email: code.destination }),
    services.passkeys.list(account.id),
    services.accounts.passwordHash(account.id),
  ]);
  return {
    page,
    text: accountTexts(page.locale),
    session,
    account,
    phones,
    authenticator: factors.authenticator,
    recoveryUnused: factors.recoveryUnused,
    passkeys,
    pendingAddress,
    mayChange: mayChangeFactors(services, session, page.ip),
    phoneChange: phoneChange(services, session, page.ip),
    hasPassword: passwordHash !== undefined,
    freshSecondFactor: hasFreshSecondFactor(session),
    passwordRules: passwordRulesFor(services.config.password, accountPagePolicy(services)),
    codeMinutes: Math.round(services.config.oneTimeCodes.lifetimeSeconds / 60),
  };
}

/** The account's sessions were ended everywhere (a password reset) after this one began. */
function endedEverywhere(session: AccountSession, account: Account): boolean {
  return account.sessionsValidAfter !== null && sessionStartedAt(session) < account.sessionsValidAfter.getTime();
}
