// Turns a proven national identity number (BankID, Freja, or an upstream IdP's asserted number)
// into an account: the one that holds it, a new one when the client's policy provisions accounts
// on first login, or a refusal that says whom to contact.
//
//   session S holds the number verified (or is the identified account) and another account holds
//   it verified, or is the identified one ──▶ merge ──▶ survivor (a typed holding never merges)
//        │ else
//        ├─ one holder has it verified ──▶ that account
//        ├─ only typed: one holder (or exactly one active) without a password ──▶ "is this you?"
//        │              (typed: ask) ──yes──▶ that account, number now verified, names from the eID,
//        │              its e-mail unverified until proven again │ no ──▶ as if none held it
//        │              one with a password ──▶ as if none held it
//        │              several ──▶ ambiguous (audited, never a guess)
//        └─ none ──▶ jit: created │ existing: unknown
//   then by status: active ──▶ found │ deactivated for disuse ──▶ reactivated (policy) or refused
//                   │ deactivated by an operator ──▶ refused │ inactive ──▶ refused
import type { Database } from '../../adapters/database.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import type { AuditLog } from '../security/audit.ts';
import type { ChangeNotices } from './change-notices.ts';
import { mergeAccounts } from './merge.ts';
import type { AccountRepository } from './repository.ts';
import type { Account, DeactivationReason, IdentityType } from './types.ts';

export type Provisioning = 'existing' | 'jit';

export type NationalIdType = Extract<IdentityType, 'se_personal_number' | 'no_national_id'>;

export type Resolution =
  | { kind: 'found'; account: Account; reactivated: boolean; retired: string[] }
  | { kind: 'created'; account: Account }
  | { kind: 'unknown' }
  /** Registered and waiting for activation by e-mail. */
  | { kind: 'inactive' }
  /**
   * Deactivated by an operator, or for disuse where the client's policy does not switch it back
   * on: the person contacts support.
   */
  | { kind: 'deactivated'; reason: DeactivationReason | null }
  /** Several accounts hold the number, typed only: the person contacts support. */
  | { kind: 'ambiguous' }
  /** One prepared account typed the number: the person is asked whether it is theirs (`typed: 'ask'`). */
  | { kind: 'confirm'; account: Account };

export interface ResolveDeps {
  accounts: AccountRepository;
  db: Database;
  audit: AuditLog;
  /** Tells the survivor's addresses (now both accounts') of a merge. */
  changeNotices?: ChangeNotices | undefined;
}

export interface Proof {
  type: NationalIdType;
  value: string;
  givenName?: string | undefined;
  familyName?: string | undefined;
}

export interface ResolveOptions {
  provisioning: Provisioning;
  reactivateByEid: boolean;
  /** The account of the browser's Portvakt session: the only thing that allows a merge. */
  sessionAccountId?: string | undefined;
  /** The account the login method identifies by itself (a known upstream subject), if any. */
  identified?: Account | undefined;
  /** The method, for audit events and the merge reason. */
  via: string;
  clientId?: string | undefined;
  ip?: string | undefined;
  /**
   * A single password-less account that only typed the number: `ask` returns `confirm` so the
   * person can say whether it is theirs; `yes` claims it; `no` treats the number as held by nobody.
   * Unset, it is claimed (an upstream IdP's assertion, where no one can be asked).
   */
  typed?: 'ask' | 'yes' | 'no' | undefined;
}

/** Asked nothing (`typed` unset, an upstream IdP's assertion), a prepared account is claimed: no `confirm`. */
export async function resolveByNationalId(
  deps: ResolveDeps,
  proof: Proof,
  options: ResolveOptions & { typed?: undefined },
): Promise<Exclude<Resolution, { kind: 'confirm' }>>;
export async function resolveByNationalId(
  deps: ResolveDeps,
  proof: Proof,
  options: ResolveOptions,
): Promise<Resolution>;
export async function resolveByNationalId(
  deps: ResolveDeps,
  proof: Proof,
  options: ResolveOptions,
): Promise<Resolution> {
  const holders = await deps.accounts.findAllByIdentity(proof.type, proof.value);
  const verified = holders.find((holder) => holdsProof(holder, proof, true));
  const { identified } = options;
  const group = provenGroup(verified, options);
  if (group.length > 1) {
    const survivor = await mergeGroup(deps, group, proof, options);
    return byStatus(
      deps,
      await proveOn(deps, survivor, proof),
      options,
      group.filter((account) => account.id !== survivor.id).map((account) => account.id),
    );
  }
  if (identified)
    return byStatus(
      deps,
      await proveOn(deps, identified, proof, verified !== undefined && verified.id !== identified.id),
      options,
    );
  if (verified) return byStatus(deps, verified, options);
  if (holders.length === 0) return provision(deps, proof, options);
  const candidates = holders.length === 1 ? holders : holders.filter((holder) => holder.status === 'active');
  if (candidates.length !== 1) {
    await deps.audit.record({
      type: 'account.ambiguous_identity',
      outcome: 'failure',
      clientId: options.clientId,
      ip: options.ip,
      detail: { via: options.via, type: proof.type, holders: holders.length },
    });
    return { kind: 'ambiguous' };
  }
  const [only] = candidates as [Account];
  if (only.status === 'inactive') return { kind: 'inactive' };
  // Whoever can open that account with a password may have typed someone else's number into it;
  // the eID proves the number, not that this person is the one behind the password.
  if (await deps.accounts.passwordHash(only.id)) return provision(deps, proof, options);
  if (options.typed === 'ask') return { kind: 'confirm', account: only };
  if (options.typed === 'no') {
    await deps.audit.record({
      type: 'account.claim_declined',
      outcome: 'info',
      accountId: only.id,
      clientId: options.clientId,
      ip: options.ip,
      detail: { via: options.via },
    });
    return provision(deps, proof, options);
  }
  return byStatus(deps, await claimTyped(deps, only, proof), options);
}

/**
 * The accounts this login proves belong to one person: the browser session's account, when it
 * holds the number verified or is the one the method identifies, together with the account
 * holding the number verified and the identified one. An account that only typed the number is
 * never part of it, not even the session's own: a typed number proves nothing, and an approval
 * phished into the typist's browser would otherwise fold the person's account into the typist's.
 */
function provenGroup(verified: Account | undefined, options: ResolveOptions): Account[] {
  const sessionId = options.sessionAccountId;
  const session = sessionId
    ? verified?.id === sessionId
      ? verified
      : options.identified?.id === sessionId
        ? options.identified
        : undefined
    : undefined;
  if (!session) return [];
  const group = new Map<string, Account>();
  for (const account of [session, verified, options.identified]) if (account) group.set(account.id, account);
  return [...group.values()];
}

/**
 * The survivor holds an employee code when exactly one account does; else it holds the number
 * verified; else it is the oldest. The others are merged into it, one by one, and audited.
 */
async function mergeGroup(
  deps: ResolveDeps,
  group: Account[],
  proof: Proof,
  options: ResolveOptions,
): Promise<Account> {
  const employees = group.filter((account) => account.identities.some((identity) => identity.type === 'employee_code'));
  const survivor =
    (employees.length === 1 ? employees[0] : undefined) ??
    group.find((account) => holdsProof(account, proof, true)) ??
    [...group].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]!;
  for (const retired of group.filter((account) => account.id !== survivor.id)) {
    await mergeAccounts(deps.db, {
      survivorId: survivor.id,
      retiredId: retired.id,
      reason: `${options.via}:${proof.type}`,
    });
    await deps.audit.record({
      type: 'account.merged',
      outcome: 'success',
      accountId: survivor.id,
      clientId: options.clientId,
      ip: options.ip,
      detail: {
        survivor: survivor.id,
        retired: retired.id,
        via: options.via,
        proof: proof.type,
        session: options.sessionAccountId,
      },
    });
  }
  await deps.changeNotices?.tell(survivor.id, { kind: 'merged' }, { ip: options.ip });
  return (await deps.accounts.findById(survivor.id))!;
}

/**
 * The first eID login into an account prepared with the number typed (an operator's import, an
 * invitation): the number becomes verified, the names become the eID's, and the e-mail address
 * someone typed stops counting as verified until the person proves it after this login, so no
 * relying party receives a stranger's address as this person's verified one.
 */
async function claimTyped(deps: ResolveDeps, account: Account, proof: Proof): Promise<Account> {
  const claimed = await proveOn(deps, account, proof);
  await deps.accounts.updateProfile(account.id, {
    ...(proof.givenName ? { givenName: proof.givenName } : {}),
    ...(proof.familyName ? { familyName: proof.familyName } : {}),
    ...(claimed.email ? { emailVerified: false } : {}),
  });
  await deps.accounts.unverifyIdentities(account.id, 'email');
  return (await deps.accounts.findById(account.id)) ?? claimed;
}

/** The account now holds the proven number as verified, unless another account holds it verified. */
async function proveOn(deps: ResolveDeps, account: Account, proof: Proof, othersHold = false): Promise<Account> {
  if (holdsProof(account, proof, true)) return account;
  try {
    if (holdsProof(account, proof, false)) await deps.accounts.verifyIdentity(account.id, proof.type, proof.value);
    else if (!othersHold)
      await deps.accounts.addIdentity(account.id, { type: proof.type, issuer: '', value: proof.value, verified: true });
  } catch (error) {
    // Proven on another account a moment ago: this login still reaches the account it found.
    if (!isPortvaktError(error, 'conflict')) throw error;
  }
  return (await deps.accounts.findById(account.id)) ?? account;
}

async function byStatus(
  deps: ResolveDeps,
  account: Account,
  options: ResolveOptions,
  retired: string[] = [],
): Promise<Resolution> {
  if (account.status === 'active') return { kind: 'found', account, reactivated: false, retired };
  if (account.status === 'inactive') return { kind: 'inactive' };
  const event = { accountId: account.id, clientId: options.clientId, ip: options.ip, detail: { via: options.via } };
  // Proving who one is undoes only a switch-off for disuse: an operator's decision (or one made
  // before reasons were kept) stands until an operator reverses it.
  if (!options.reactivateByEid || account.deactivatedReason !== 'inactivity') {
    const reason = account.deactivatedReason ?? 'unknown';
    await deps.audit.record({
      ...event,
      type: 'account.reactivation_refused',
      outcome: 'failure',
      detail: { ...event.detail, reason: options.reactivateByEid ? reason : 'policy' },
    });
    return { kind: 'deactivated', reason: account.deactivatedReason };
  }
  await deps.accounts.setStatus(account.id, 'active');
  await deps.audit.record({ ...event, type: 'account.reactivated', outcome: 'success' });
  // Welcome back, at every address: and if it was not the owner, the notice's link ends every session.
  await deps.changeNotices?.tell(account.id, { kind: 'reactivated' }, { ip: options.ip });
  return {
    kind: 'found',
    account: { ...account, status: 'active', deactivatedAt: null, deactivationWarnedAt: null },
    reactivated: true,
    retired,
  };
}

async function provision(deps: ResolveDeps, proof: Proof, options: ResolveOptions): Promise<Resolution> {
  if (options.provisioning !== 'jit') return { kind: 'unknown' };
  try {
    const account = await deps.accounts.create({
      givenName: proof.givenName,
      familyName: proof.familyName,
      identities: [{ type: proof.type, issuer: '', value: proof.value, verified: true }],
    });
    return { kind: 'created', account };
  } catch (error) {
    // Two first logins at once: the other one created the account a moment ago.
    if (!isPortvaktError(error, 'conflict')) throw error;
    const raced = await deps.accounts.findByIdentity(proof.type, proof.value);
    if (!raced) throw error;
    return byStatus(deps, raced, options);
  }
}

function holdsProof(account: Account, proof: Proof, verified: boolean): boolean {
  return account.identities.some(
    (identity) =>
      identity.type === proof.type &&
      identity.issuer === '' &&
      identity.value === proof.value &&
      (!verified || identity.verified),
  );
}
