// `portvakt accounts …`: operators list and inspect accounts, switch them off and on, and merge two
// accounts of the same person.
import { z } from 'zod';
import { accountView } from '../../src/admin/account-view.ts';
import {
  deactivateAccount,
  mergeIntoAccount,
  reactivateAccount,
  requireAccount,
} from '../../src/admin/account-desk.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import type { PortvaktApp } from '../server.ts';
import type { Output } from './output.ts';

export interface AccountsArgs {
  action: string | undefined;
  id: string | undefined;
  /** The retired account for merge. */
  other?: string | undefined;
  values: { status?: string | undefined };
}

const USAGE =
  'Usage: portvakt accounts list [--status S] | show <id> | deactivate <id> | reactivate <id> | merge <survivor-id> <retired-id>';
const BY = 'cli';

export async function accountsCommand(portvakt: PortvaktApp, args: AccountsArgs, out: Output): Promise<void> {
  switch (args.action) {
    case 'list': {
      const status = z.enum(['active', 'inactive', 'deactivated']).optional().safeParse(args.values.status);
      if (!status.success)
        throw new PortvaktError('invalid_input', '--status must be active, inactive or deactivated.');
      const rows = (await portvakt.accounts.list({ status: status.data, limit: 1000 })).map((account) => {
        const view = accountView(account);
        return {
          ...view,
          name: [view.given_name, view.family_name].filter(Boolean).join(' '),
          identities: view.identities.map((identity) => `${identity.type}:${identity.value}`),
        };
      });
      return out.table(rows, ['id', 'status', 'name', 'email', 'identities', 'last_login_at']);
    }
    case 'show': {
      const view = accountView(await requireAccount(portvakt, requireId(args)));
      return out.print(view, () => describe(view));
    }
    case 'deactivate': {
      const view = accountView(await deactivateAccount(portvakt, requireId(args), BY));
      return out.print(view, () => `Account ${view.id} is ${view.status}.`);
    }
    case 'reactivate': {
      const view = accountView(await reactivateAccount(portvakt, requireId(args), BY));
      return out.print(view, () => `Account ${view.id} is ${view.status}.`);
    }
    case 'merge': {
      if (!args.other)
        throw new PortvaktError('invalid_input', 'Usage: portvakt accounts merge <survivor-id> <retired-id>');
      const view = accountView(await mergeIntoAccount(portvakt, requireId(args), args.other, BY));
      return out.print(view, () => `Account ${args.other} was merged into ${view.id}.`);
    }
    default:
      throw new PortvaktError('invalid_input', USAGE);
  }
}

function requireId(args: AccountsArgs): string {
  if (!args.id) throw new PortvaktError('invalid_input', `Usage: portvakt accounts ${args.action} <id>`);
  return args.id;
}

function describe(view: ReturnType<typeof accountView>): string {
  const lines = Object.entries(view)
    .filter(([key]) => key !== 'identities')
    .map(([key, value]) => `${key}: ${value ?? ''}`);
  return [
    ...lines,
    'identities:',
    ...view.identities.map(
      (identity) =>
        `  ${identity.type}${identity.issuer ? ` (${identity.issuer})` : ''}: ${identity.value}${identity.verified ? '' : ' (unverified)'}`,
    ),
  ].join('\n');
}
