// The time the registration form was shown, signed so it cannot be made up: a person needs some
// seconds to fill in the form; a script posting at once, or a stamp that was forged or copied from
// another login, gives itself away.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Shorter than any person needs to fill in seven fields. */
export const MIN_FILL_MS = 3000;
/** Longer than a login interaction lives; an older stamp was kept around on purpose. */
export const MAX_FILL_MS = 2 * 3600_000;

export type StampCheck = 'ok' | 'too_fast' | 'stale' | 'forged';

export function signStamp(key: string, uid: string, shownAt: number): string {
  return `${shownAt}.${mac(key, uid, shownAt)}`;
}

export function checkStamp(key: string, uid: string, stamp: string, now = Date.now()): StampCheck {
  const match = /^(\d{1,15})\.([\w-]{43})$/.exec(stamp);
  if (!match) return 'forged';
  const shownAt = Number(match[1]);
  const expected = Buffer.from(mac(key, uid, shownAt));
  const sent = Buffer.from(match[2]!);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return 'forged';
  const age = now - shownAt;
  if (age < MIN_FILL_MS) return 'too_fast';
  return age > MAX_FILL_MS ? 'stale' : 'ok';
}

function mac(key: string, uid: string, shownAt: number): string {
  return createHmac('sha256', key).update(`registration-form|${uid}|${shownAt}`).digest('base64url');
}
