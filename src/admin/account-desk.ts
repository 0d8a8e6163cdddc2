// Switching accounts off and on again, shared by the admin API and the command line, each change
// audited with who made it.
import type { Database } from '../../adapters/database.ts';
import type { ChangeNotices } from '../accounts/change-notices.ts';
import { mergeAccounts } from '../accounts/merge.ts';
import type { AccountRepository } from '../accounts/repository.ts';
import type { Account } from '../accounts/types.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import type { AuditLog } from '../security/audit.ts';

export interface AccountDeskServices {
  accounts: AccountRepository;
  audit: AuditLog;
}

/**
 * An operator's merge of two accounts they know to be one person's: the retired account's
 * identities, credentials and history move to the survivor, its `sub` is listed in the survivor's
 * `previous_subs`, and its tokens stop working.
 */
export async function mergeIntoAccount(
  services: AccountDeskServices & { db: Database; changeNotices?: ChangeNotices | undefined },
  survivorId: string,
  retiredId: string,
  by: string,
): Promise<Account> {
  await requireAccount(services, survivorId);
  await requireAccount(services, retiredId);
  await mergeAccounts(services.db, { survivorId, retiredId, reason: `operator:${by}` });
  await services.audit.record({
    type: 'account.merged',
    outcome: 'success',
    accountId: survivorId,
    detail: { survivor: survivorId, retired: retiredId, by },
  });
  // The survivor now holds both accounts' addresses: each person hears of the merge.
  await services.changeNotices?.tell(survivorId, { kind: 'merged' });
  return requireAccount(services, survivorId);
}

export async function requireAccount(services: AccountDeskServices, id: string): Promise<Account> {
  const account = await services.accounts.findById(id);
  if (!account) throw new PortvaktError('not_found', `No account ${id}.`);
  return account;
}

/** Deactivates an active or not yet activated account; deactivating twice changes nothing. */
export async function deactivateAccount(services: AccountDeskServices, id: string, by: string): Promise<Account> {
  const account = await requireAccount(services, id);
  if (await services.accounts.setStatus(account.id, 'deactivated', 'operator')) {
    await services.audit.record({
      type: 'account.deactivated',
      outcome: 'success',
      accountId: account.id,
      detail: { by },
    });
  }
  return requireAccount(services, id);
}

/** Switches a deactivated account back on; an account waiting for its own activation stays waiting. */
export async function reactivateAccount(services: AccountDeskServices, id: string, by: string): Promise<Account> {
  const account = await requireAccount(services, id);
  if (account.status === 'inactive')
    throw new PortvaktError('conflict', 'The account has not been activated by its owner yet.');
  if (await services.accounts.setStatus(account.id, 'active')) {
    await services.audit.record({
      type: 'account.reactivated',
      outcome: 'success',
      accountId: account.id,
      detail: { by },
    });
  }
  return requireAccount(services, id);
}
