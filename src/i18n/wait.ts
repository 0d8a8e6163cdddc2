// "Wait and try again", in seconds while the wait is short (a growing delay after a few wrong
// attempts) and in whole minutes once it is a lock.
import type { Translate } from './translate.ts';

export function waitMessage(t: Translate, seconds: number): string {
  return seconds < 60
    ? t('throttle.waitSeconds', { seconds: Math.max(1, Math.ceil(seconds)) })
    : t('throttle.wait', { minutes: Math.ceil(seconds / 60) });
}
