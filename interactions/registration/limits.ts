// The hourly registration limits, counted in the database so every instance sees the same numbers.
// One client address may register many people (a course day behind an office's NAT); one e-mail
// address only a few times, so nobody can fill a stranger's mailbox with activation links.
import { createHash } from 'node:crypto';
import type { AccountsConfig } from '../../src/config/schema.ts';
import type { Throttle } from '../../src/security/throttle.ts';

const HOUR = 3600;

/** A limit reached: which one, and when its window ends and registrations are taken again. */
export interface LimitReached {
  scope: 'address' | 'email';
  retryAfterSeconds: number;
}

/**
 * Counts one registration against both limits; the address is counted first, and a registration
 * it refuses is not counted against the e-mail address, so the person's own attempts stay theirs.
 */
export async function reachedLimit(
  throttle: Throttle,
  accounts: AccountsConfig,
  ip: string,
  email: string,
): Promise<LimitReached | undefined> {
  const fromAddress = await throttle.hit(`registration:ip:${ip}`, HOUR);
  if (fromAddress.count > accounts.registrationsPerHour)
    return { scope: 'address', retryAfterSeconds: fromAddress.windowLeftSeconds };
  // Hashed: the counters table then holds no addresses.
  const forEmail = await throttle.hit(
    `registration:email:${createHash('sha256').update(email).digest('base64url')}`,
    HOUR,
  );
  if (forEmail.count > accounts.registrationsPerEmailPerHour)
    return { scope: 'email', retryAfterSeconds: forEmail.windowLeftSeconds };
  return undefined;
}
