// Checks a username and password under the shared rate limits and lockout, and audits the result.
// Every path that touches a name costs one argon2id verification, so timing tells nothing.
import { normaliseLoginName } from '../../src/accounts/types.ts';
import { loginNameKey } from '../../src/security/throttle.ts';
import type { InteractionServices } from '../context.ts';

export type PasswordOutcome =
  | { kind: 'verified'; accountId: string }
  | { kind: 'invalid' }
  | { kind: 'missing' }
  | { kind: 'tooLong' }
  | { kind: 'throttled'; retryAfterSeconds: number }
  /** The password was right, but the account is switched off or not activated yet. */
  | { kind: 'unusable'; status: 'deactivated' | 'inactive' };

export async function verifyPassword(
  services: InteractionServices,
  attempt: { username: string; password: string; ip: string; clientId: string },
): Promise<PasswordOutcome> {
  const { throttle, config, audit } = services;
  const name = normaliseLoginName(attempt.username);
  if (!name || !attempt.password) return { kind: 'missing' };
  if (attempt.password.length > config.password.maxLength || name.length > 320) return { kind: 'tooLong' };

  const addressKey = `login:address:${attempt.ip}`;
  const nameKey = loginNameKey(name);
  const { hit: perAddress, read: byName } = await throttle.hitAndRead(addressKey, 60, nameKey);
  const lockedFor = Math.max(byName.lockedForSeconds, perAddress.count > config.lockout.perAddressPerMinute ? perAddress.windowLeftSeconds : 0);
  if (lockedFor > 0) {
    await audit.record({ type: 'rate.limited', outcome: 'failure', clientId: attempt.clientId, ip: attempt.ip, detail: { scope: byName.lockedForSeconds > 0 ? 'name' : 'address' } });
    return { kind: 'throttled', retryAfterSeconds: lockedFor };
  }

  // An unknown name, or an account without a password, is verified against the hasher's dummy hash.
  const found = await services.accounts.findWithPasswordHash(name);
  const account = found?.account;
  const storedHash = found?.passwordHash;
  const verified = await services.passwords.verify(attempt.password, storedHash);
  if (!verified || !account) return recordFailure(services, nameKey, attempt, account?.id);
  // Only someone who knows the password learns that the account cannot be used, and why.
  if (account.status !== 'active') {
    await audit.record({ type: 'login.password', outcome: 'failure', accountId: account.id, clientId: attempt.clientId, ip: attempt.ip, detail: { reason: account.status } });
    return { kind: 'unusable', status: account.status };
  }

  // Nothing counted when the name was read: no row worth a DELETE. Failures counted since then by
  // a concurrent attempt are kept, as if that attempt had come just after this success.
  if (byName.count > 0) await throttle.reset(nameKey);
  await audit.record({ type: 'login.password', outcome: 'success', accountId: account.id, clientId: attempt.clientId, ip: attempt.ip });
  if (storedHash && services.passwords.needsRehash(storedHash)) {
    await services.accounts.setPassword(account.id, await services.passwords.hash(attempt.password));
  }
  return { kind: 'verified', accountId: account.id };
}

async function recordFailure(
  services: InteractionServices,
  nameKey: string,
  attempt: { ip: string; clientId: string },
  accountId: string | undefined,
): Promise<PasswordOutcome> {
  const { lockout } = services.config;
  const failures = await services.throttle.hit(nameKey, lockout.windowSeconds);
  await services.audit.record({ type: 'login.password', outcome: 'failure', accountId, clientId: attempt.clientId, ip: attempt.ip, detail: { failures: failures.count } });
  if (failures.count >= lockout.maxFailures) {
    await services.throttle.lock(nameKey, lockout.lockSeconds);
    await services.audit.record({ type: 'account.locked', outcome: 'info', accountId, clientId: attempt.clientId, ip: attempt.ip, detail: { seconds: lockout.lockSeconds } });
  }
  return { kind: 'invalid' };
}
