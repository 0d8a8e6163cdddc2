// How long one client address waits after failing on one account: nothing for the first few
// (typing mistakes), then a delay that doubles with each further failure, and the full lock once
// the failures reach the limit. Guessing slows to a crawl long before the owner, who fails once or
// twice, ever notices; and it only ever holds back the address that failed (NIST SP 800-63B §5.2.2).
export interface LockoutRules {
  maxFailures: number;
  lockSeconds: number;
}

/** Failures an address may make on an account before it has to wait at all. */
export const FREE_FAILURES = 3;

export function failureDelaySeconds(consecutiveFailures: number, rules: LockoutRules): number {
  if (consecutiveFailures >= rules.maxFailures) return rules.lockSeconds;
  if (consecutiveFailures <= FREE_FAILURES) return 0;
  return Math.min(rules.lockSeconds, 2 ** (consecutiveFailures - FREE_FAILURES));
}
