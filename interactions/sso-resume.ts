// When single sign-on finds the browser's session short of this client's policy for a reason the
// person can make up on the spot, only that step runs: a second factor the client accepts after a
// password session, or the client's privacy notice. The password is not asked for again, and the
// session keeps the time it first authenticated, so `max_age` still sees the oldest proof. Anything
// else (a higher level, an idle or expired session, prompt=login) is a whole new login.
import type { Context } from 'koa';
import { ACR, ACR_ORDER, type Acr, type Amr } from '../src/provider/vocabulary.ts';
import { ASSURANCE_REASON, type Shortfall } from '../src/provider/assurance-gate.ts';
import type { InteractionContext, InteractionServices } from './context.ts';
import { SESSION_METHOD, type Evidence } from './method.ts';
import { advance } from './pipeline.ts';

/** The part of the shared services these screens use. */
type ResumeServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'config'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'passkeys'
  | 'progress'
  | 'provider'
>;

/** True when it took over: the person is on the missing step now. */
export async function resumeShortSession(
  ctx: Context,
  services: ResumeServices,
  interaction: InteractionContext,
): Promise<boolean> {
  const { prompt, session } = interaction.details;
  // Only the gate's reason: any other (max_age, prompt=login, no session) asks for a full login.
  if (prompt.name !== 'login' || prompt.reasons.length !== 1 || prompt.reasons[0] !== ASSURANCE_REASON) return false;
  const shortfall = (prompt.details as { shortfall?: Shortfall }).shortfall;
  const acr = session?.acr as Acr | undefined;
  if (!session?.accountId || !session.cookie || !acr || !ACR_ORDER.includes(acr)) return false;
  const amr = (session.amr ?? []) as Amr[];
  const password = amr.includes('pwd');
  if (shortfall !== 'privacy_notice' && !(shortfall === 'second_factor' && password)) return false;
  const [account, stored] = await Promise.all([
    services.accounts.findById(session.accountId),
    services.provider.Session.find(session.cookie),
  ]);
  if (account?.status !== 'active' || stored?.accountId !== session.accountId) return false;
  // Short of a second factor, the session counts as its password alone: whatever factor it had,
  // this client does not accept, so the step adds one it does and the login says only that.
  const evidence: Evidence =
    shortfall === 'second_factor'
      ? { method: SESSION_METHOD, accountId: account.id, acr: ACR.loa1, amr: ['pwd'], authTime: stored.authTime() }
      : { method: SESSION_METHOD, accountId: account.id, acr, amr, authTime: stored.authTime() };
  await services.audit.record({
    type: 'login.step_up',
    outcome: 'info',
    accountId: account.id,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { reason: shortfall, via: 'single_sign_on' },
  });
  await advance(ctx, services, interaction, evidence);
  return true;
}
