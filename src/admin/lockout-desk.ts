// The lockouts in force on accounts, and an operator's lift of one. The throttle store counts by
// key and cannot list its keys, so the candidates come from the audit log: a lock is set only
// right after a failed password or second factor that the log records with its account and
// address, so the failures of the last `lockSeconds` name every key that can still be locked.
// The throttle store then says which are. Locks on names that match no account and per-address
// rate limits hold no account, so they are not listed here (see the report on this change).
import { PortvaktError } from '../../kernel/errors.ts';
import type { Config } from '../config/schema.ts';
import type { AuditLog, StoredAuditEvent } from '../security/audit.ts';
import { fromAddressKey, loginSubjectKey, secondFactorKey, type Throttle } from '../security/throttle.ts';

export interface LockoutServices {
  config: Pick<Config, 'lockout'>;
  audit: AuditLog;
  throttle: Throttle;
}

/** What was failed: the password (any of the account's login names) or a second factor. */
export type LockoutKind = 'password' | 'second_factor';

interface LockedKey {
  kind: LockoutKind;
  accountId: string;
  /** The client address locked out of the account; absent for a lock on the account itself. */
  ip?: string | undefined;
}

export interface Lockout extends LockedKey {
  id: string;
  failures: number;
  lockedUntil: Date;
}

const KIND_OF: Partial<Record<StoredAuditEvent['type'], LockoutKind>> = {
  'login.password': 'password',
  'login.second_factor': 'second_factor',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A lock and its database time may be set a moment after the failure the log records. */
const SLACK_SECONDS = 60;

function throttleKey({ kind, accountId, ip }: LockedKey): string {
  const subject = kind === 'password' ? loginSubjectKey({ accountId }) : secondFactorKey(accountId);
  return ip === undefined ? subject : fromAddressKey(subject, ip);
}

/** The id an operator lifts a lockout by: what it locks, not a secret. */
function lockoutId(key: LockedKey): string {
  return Buffer.from(JSON.stringify([key.kind, key.accountId, key.ip ?? null])).toString('base64url');
}

function parseLockoutId(id: string): LockedKey {
  try {
    const [kind, accountId, ip] = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as unknown[];
    if ((kind === 'password' || kind === 'second_factor') && typeof accountId === 'string' && UUID.test(accountId)) {
      if (ip === null) return { kind, accountId };
      if (typeof ip === 'string') return { kind, accountId, ip };
    }
  } catch {
    // Not JSON: answered below like any other id this API did not hand out.
  }
  throw new PortvaktError('invalid_input', 'Not a lockout id this API handed out.');
}

async function recentCandidates(services: LockoutServices): Promise<LockedKey[]> {
  const since = Date.now() - (services.config.lockout.lockSeconds + SLACK_SECONDS) * 1000;
  const failures = await services.audit.find({
    type: ['login.password', 'login.second_factor'],
    outcome: 'failure',
    from: new Date(since),
  });
  const seen = new Map<string, LockedKey>();
  for (const event of failures) {
    const kind = KIND_OF[event.type];
    if (!kind || !event.accountId) continue;
    const keys: LockedKey[] = [{ kind, accountId: event.accountId }];
    if (event.ip) keys.push({ kind, accountId: event.accountId, ip: event.ip });
    for (const key of keys) seen.set(lockoutId(key), key);
  }
  return [...seen.values()];
}

/** Every lockout in force on an account, the longest first. */
export async function listLockouts(services: LockoutServices): Promise<Lockout[]> {
  const candidates = await recentCandidates(services);
  const states = await services.throttle.states(candidates.map(throttleKey));
  const now = Date.now();
  return candidates
    .map((key, index) => ({ key, state: states[index]! }))
    .filter(({ state }) => state.lockedForSeconds > 0)
    .map(({ key, state }) => ({
      ...key,
      id: lockoutId(key),
      failures: state.count,
      lockedUntil: new Date(now + state.lockedForSeconds * 1000),
    }))
    .sort((a, b) => b.lockedUntil.getTime() - a.lockedUntil.getTime());
}

/** Lifts one lockout, and only that one: the account's other locks stay as they are. */
export async function liftLockout(services: LockoutServices, id: string, by: string): Promise<Lockout> {
  const key = parseLockoutId(id);
  const state = await services.throttle.state(throttleKey(key));
  if (state.lockedForSeconds === 0)
    throw new PortvaktError('not_found', 'No such lockout in force; it may have ended.');
  await services.throttle.reset(throttleKey(key));
  await services.audit.record({
    type: 'account.unlocked',
    outcome: 'success',
    accountId: key.accountId,
    ip: key.ip,
    detail: { via: 'admin', by, kind: key.kind, scope: key.ip === undefined ? 'account' : 'account_address' },
  });
  return { ...key, id, failures: state.count, lockedUntil: new Date(Date.now() + state.lockedForSeconds * 1000) };
}

export function lockoutView(lockout: Lockout) {
  return {
    id: lockout.id,
    kind: lockout.kind,
    scope: lockout.ip === undefined ? 'account' : 'account_address',
    account_id: lockout.accountId,
    address: lockout.ip ?? null,
    failures: lockout.failures,
    locked_until: lockout.lockedUntil.toISOString(),
  };
}
