// Answers shared by the account page's forms: back to the overview with a notice after a change
// (post, redirect, get), the refusal that asks for a fresh second factor, and one audit shape.
import type { Context } from 'koa';
import type { AccountChange } from '../../src/accounts/change-notices.ts';
import type { AuditType } from '../../src/security/audit.ts';
import type { InteractionServices } from '../context.ts';
import type { AccountView } from './context.ts';
import type { AccountTextKey } from './messages.ts';
import { accountScreen, type Field } from './views.ts';

/** The part of the shared services these screens use. */
type RespondServices = Pick<InteractionServices, 'audit' | 'changeNotices'>;

/** The notices a redirect may name; anything else in the query is ignored. */
const NOTICES = [
  'saved',
  'emailAdded',
  'emailConfirmed',
  'emailRemoved',
  'phoneAdded',
  'phoneRemoved',
  'appRemoved',
  'passkeyAdded',
  'passkeyRemoved',
  'passwordChanged',
] as const satisfies readonly AccountTextKey[];
export type Notice = (typeof NOTICES)[number];

export function backHome(ctx: Context, notice: Notice, anchor: string, query: Record<string, string> = {}): void {
  const params = new URLSearchParams({ ...query, done: notice });
  ctx.redirect(`/account?${params.toString()}#${anchor}`);
}

export function noticeFrom(ctx: Context, view: AccountView): string | undefined {
  const done = ctx.query.done;
  return typeof done === 'string' && (NOTICES as readonly string[]).includes(done)
    ? view.text(done as Notice)
    : undefined;
}

export async function record(
  services: RespondServices,
  view: AccountView,
  type: AuditType,
  outcome: 'success' | 'failure',
  detail: Record<string, unknown>,
): Promise<void> {
  await services.audit.record({ type, outcome, accountId: view.account.id, ip: view.page.ip, detail });
}

/** Tells every address and number of the account about a change made on this page. */
export async function tellChange(services: RespondServices, view: AccountView, change: AccountChange): Promise<void> {
  await services.changeNotices.tell(view.account.id, change, { ip: view.page.ip });
}

/** False after rendering the refusal: the numbers change only as the account page policy says. */
export async function requirePhoneChange(
  ctx: Context,
  services: RespondServices,
  view: AccountView,
  detail: Record<string, unknown>,
  values: Partial<Record<Field, string>> = {},
): Promise<boolean> {
  if (view.phoneChange === 'allowed') return true;
  const reason =
    view.phoneChange === 'needsTrustedNetwork' ? 'trusted_network_required' : 'fresh_second_factor_required';
  await record(services, view, 'account.phone_changed', 'failure', { ...detail, reason });
  accountScreen(ctx, view, { status: 403, stepUpAsked: true, values });
  return false;
}

/** False after rendering the refusal: the change needs a second factor from the last minutes. */
export async function requireFreshFactor(
  ctx: Context,
  services: RespondServices,
  view: AccountView,
  type: AuditType,
  detail: Record<string, unknown>,
  values: Partial<Record<Field, string>> = {},
): Promise<boolean> {
  if (view.mayChange) return true;
  await record(services, view, type, 'failure', { ...detail, reason: 'fresh_second_factor_required' });
  accountScreen(ctx, view, { status: 403, stepUpAsked: true, values });
  return false;
}
