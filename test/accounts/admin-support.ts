// What the admin API tests share: a Portvakt that locks quickly and trusts the test's own
// X-Forwarded-For, and a password login from a chosen address that says whether it got in.
import { UserAgent } from '../support/user-agent.ts';
import { discover, loginWithPassword } from '../support/relying-party.ts';
import type { TestPortvakt } from '../support/harness.ts';

export const QUICK_LOCKOUT = {
  http: { trustedProxies: ['127.0.0.1'] },
  lockout: { maxFailures: 3, windowSeconds: 600, lockSeconds: 600, perAddressPerMinute: 200 },
};

export async function passwordLogin(pv: TestPortvakt, from: string, username: string, password: string) {
  const agent = new UserAgent(pv.issuer, 'en', { headers: { 'x-forwarded-for': from } });
  return loginWithPassword(await discover(pv.issuer), { issuer: pv.issuer, username, password, agent }).then(
    () => true,
    () => false,
  );
}
