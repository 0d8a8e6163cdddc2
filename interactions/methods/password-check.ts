// Checks a username and password under the shared rate limits and lockout, and audits the result.
// Every path that touches a name costs one argon2id verification, so timing tells nothing.
//
// Guessing is stopped without locking the owner out (NIST SP 800-63B §5.2.2): failures count per
// account, across all its login names, and per account and client address. An address that failed
// too often is locked out of that account; an account under attack from many addresses refuses a
// right password only from an address that has failed on it too, so the owner, coming from
// elsewhere, still gets in (or uses an eID, which no password lock touches). Before the lock, each
// failure past the first few makes that address wait twice as long (backoff.ts), and the account's
// lock tells its owner by e-mail.
import { unusableAccountKey, type AccountStateMessage } from '../../src/accounts/lifecycle-messages.ts';
import { normaliseLoginName } from '../../src/accounts/types.ts';
import { failureDelaySeconds } from '../../src/security/backoff.ts';
import { fromAddressKey, loginSubjectKey } from '../../src/security/throttle.ts';
import type { InteractionServices } from '../context.ts';

/** The part of the shared services these screens use. */
type PasswordCheckServices = Pick<
  InteractionServices,
  'accounts' | 'audit' | 'config' | 'guessingAlerts' | 'passwords' | 'throttle'
>;

export type PasswordOutcome =
  | { kind: 'verified'; accountId: string }
  | { kind: 'invalid' }
  | { kind: 'missing' }
  | { kind: 'tooLong' }
  | { kind: 'throttled'; retryAfterSeconds: number }
  /** The password was right, but the account is switched off or not activated yet. */
  | { kind: 'unusable'; status: 'deactivated' | 'inactive'; message: AccountStateMessage };

export async function verifyPassword(
  services: PasswordCheckServices,
  attempt: { username: string; password: string; ip: string; clientId: string },
): Promise<PasswordOutcome> {
  const { throttle, config, audit } = services;
  const name = normaliseLoginName(attempt.username);
  if (!name || !attempt.password) return { kind: 'missing' };
  if (attempt.password.length > config.password.maxLength || name.length > 320) return { kind: 'tooLong' };

  const perAddress = await throttle.hit(`login:address:${attempt.ip}`, 60);
  if (perAddress.count > config.lockout.perAddressPerMinute)
    return throttled(services, attempt, 'address', perAddress.windowLeftSeconds);

  // An unknown name, or an account without a password, is verified against the hasher's dummy hash.
  const found = await services.accounts.findWithPasswordHash(name);
  const account = found?.account;
  const subjectKey = loginSubjectKey(account ? { accountId: account.id } : { name });
  const keys = { subject: subjectKey, fromHere: fromAddressKey(subjectKey, attempt.ip) };
  const [subject, fromHere] = await throttle.states([keys.subject, keys.fromHere]);
  if (fromHere!.lockedForSeconds > 0)
    return throttled(services, attempt, 'account_address', fromHere!.lockedForSeconds, account?.id);

  const storedHash = found?.passwordHash;
  const verified = await services.passwords.verify(attempt.password, storedHash);
  if (!verified || !account) return recordFailure(services, keys, attempt, account?.id);
  // The account is being guessed at from many places, and this address is one of them.
  if (subject!.lockedForSeconds > 0 && fromHere!.count > 0)
    return throttled(services, attempt, 'account', subject!.lockedForSeconds, account.id);
  // Only someone who knows the password learns that the account cannot be used, and why.
  if (account.status !== 'active') {
    await audit.record({
      type: 'login.password',
      outcome: 'failure',
      accountId: account.id,
      clientId: attempt.clientId,
      ip: attempt.ip,
      detail: { reason: account.status },
    });
    return { kind: 'unusable', status: account.status, message: unusableAccountKey(account) };
  }

  // A success ends a run of failures (NIST counts consecutive ones): this address's, and the
  // account's unless it is locked, which means guessing from elsewhere is still going on.
  const cleared = [
    ...(fromHere!.count > 0 ? [keys.fromHere] : []),
    ...(subject!.count > 0 && subject!.lockedForSeconds === 0 ? [keys.subject] : []),
  ];
  await throttle.resetAll(cleared);
  await audit.record({
    type: 'login.password',
    outcome: 'success',
    accountId: account.id,
    clientId: attempt.clientId,
    ip: attempt.ip,
  });
  if (storedHash && services.passwords.needsRehash(storedHash)) {
    await services.accounts.setPassword(account.id, await services.passwords.hash(attempt.password));
  }
  return { kind: 'verified', accountId: account.id };
}

async function throttled(
  services: PasswordCheckServices,
  attempt: { ip: string; clientId: string },
  scope: 'address' | 'account_address' | 'account',
  retryAfterSeconds: number,
  accountId?: string,
): Promise<PasswordOutcome> {
  await services.audit.record({
    type: 'rate.limited',
    outcome: 'failure',
    accountId,
    clientId: attempt.clientId,
    ip: attempt.ip,
    detail: { scope },
  });
  return { kind: 'throttled', retryAfterSeconds };
}

async function recordFailure(
  services: PasswordCheckServices,
  keys: { subject: string; fromHere: string },
  attempt: { ip: string; clientId: string },
  accountId: string | undefined,
): Promise<PasswordOutcome> {
  const { lockout } = services.config;
  const [subject, fromHere] = await Promise.all([
    services.throttle.hit(keys.subject, lockout.windowSeconds),
    services.throttle.hit(keys.fromHere, lockout.windowSeconds),
  ]);
  const delaySeconds = failureDelaySeconds(fromHere.count, lockout);
  await services.audit.record({
    type: 'login.password',
    outcome: 'failure',
    accountId,
    clientId: attempt.clientId,
    ip: attempt.ip,
    detail: { failures: subject.count, fromThisAddress: fromHere.count, delaySeconds },
  });
  if (delaySeconds > 0) await services.throttle.lock(keys.fromHere, delaySeconds);
  if (fromHere.count >= lockout.maxFailures) {
    await services.audit.record({
      type: 'account.locked',
      outcome: 'info',
      accountId,
      clientId: attempt.clientId,
      ip: attempt.ip,
      detail: { seconds: lockout.lockSeconds, scope: 'account_address' },
    });
  }
  if (subject.count >= lockout.maxFailures && subject.lockedForSeconds === 0) {
    await services.throttle.lock(keys.subject, lockout.lockSeconds);
    await services.audit.record({
      type: 'account.locked',
      outcome: 'info',
      accountId,
      clientId: attempt.clientId,
      ip: attempt.ip,
      detail: { seconds: lockout.lockSeconds, scope: 'account' },
    });
    if (accountId)
      await services.guessingAlerts.tell(accountId, 'password', {
        failures: subject.count,
        windowSeconds: lockout.windowSeconds,
        ip: attempt.ip,
      });
  }
  return { kind: 'invalid' };
}
