// The end every upstream login shares: the verified profile finds or makes an account by the
// IdP's linking rules, every decision is audited, and the login finishes, is refused, or goes on
// to prove an existing account.
import type { Context } from 'koa';
import { accountStateMessage, type AccountStateMessage } from '../../src/accounts/lifecycle-messages.ts';
import { resolveLoginAccount } from '../../src/accounts/login-resolution.ts';
import type { LinkingConfig } from '../../src/eid/saml/upstream-common.ts';
import type { AuditType } from '../../src/security/audit.ts';
import { reportedAcr } from '../../src/policy/resolve.ts';
import { abortForm } from '../chooser.ts';
import { supportOf, type InteractionContext, type InteractionServices } from '../context.ts';
import { advance } from '../pipeline.ts';
import { html } from '../../src/web/html.ts';
import { renderScreen } from '../views/render.ts';
import type { LoginMethod } from '../method.ts';
import type { LinkOutcome } from '../../src/accounts/upstream-linking.ts';
import { upstreamText } from './messages.ts';
import type { UpstreamProfile } from './profile.ts';
import { refusalScreen, type RefusalReason } from './views.ts';

/** The part of the shared services these screens use. */
type UpstreamCompletionServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'config'
  | 'db'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'passkeys'
  | 'progress'
  | 'provider'
  | 'upstream'
>;

/** The upstream SAML session behind the login, kept for single logout. */
export interface UpstreamSessionInfo {
  nameId: string;
  nameIdFormat: string | undefined;
  sessionIndex: string | undefined;
}

/** What waits while the person proves an existing account. */
export interface PendingLink {
  profile: UpstreamProfile;
  session: UpstreamSessionInfo | undefined;
}

export interface UpstreamStep {
  ctx: Context;
  services: UpstreamCompletionServices;
  interaction: InteractionContext;
  method: LoginMethod;
}

export async function completeUpstreamLogin(
  step: UpstreamStep,
  linking: LinkingConfig,
  profile: UpstreamProfile,
  session?: UpstreamSessionInfo,
): Promise<void> {
  const { services, interaction, method } = step;
  const resolution = await resolveLoginAccount(
    services,
    { kind: 'upstream', identity: profile, linking },
    interaction.policy.rules,
    {
      sessionAccountId: interaction.details.session?.accountId,
      via: method.id,
      clientId: interaction.client.clientId,
      ip: interaction.ip,
    },
  );
  if (resolution.kind === 'unusable') {
    await record(step, 'login.upstream', 'failure', profile, { reason: resolution.state });
    return stateRefusal(step, resolution.message);
  }
  await finishWithOutcome(step, { profile, session }, resolution);
}

/** An account that exists but cannot be used now: what to do, and whom to contact. */
function stateRefusal(step: UpstreamStep, key: AccountStateMessage): void {
  const { ctx, interaction, services } = step;
  renderScreen(ctx, interaction, {
    title: upstreamText('error.title', interaction.locale),
    status: 403,
    body: html`<p class="error" role="alert">${accountStateMessage(key, interaction.locale, supportOf(interaction, services.config.accounts))}</p>
<p><a href="/interaction/${interaction.uid}">${interaction.t('password.back')}</a></p>
${abortForm(interaction)}`,
  });
}

export async function finishWithOutcome(step: UpstreamStep, pending: PendingLink, outcome: LinkOutcome): Promise<void> {
  const { ctx, services, interaction, method } = step;
  const { profile, session } = pending;
  if (outcome.kind === 'prove') {
    await services.upstream.holdForLink(interaction.uid, method.id, pending, services.config.ttl.interaction);
    await record(step, 'login.upstream', 'info', profile, { stage: 'prove_existing' });
    return ctx.redirect(`/interaction/${interaction.uid}/${method.id}/link`);
  }
  if (outcome.kind === 'refused') return refuse(step, outcome.reason, profile);
  const { account } = outcome;
  if (outcome.kind === 'created')
    await record(step, 'account.created', 'success', profile, { via: method.id, provisioning: 'upstream' }, account.id);
  if (outcome.kind === 'linked')
    await record(step, 'account.linked', 'success', profile, { by: outcome.by }, account.id);
  if (session) {
    await services.upstream.recordSession(
      { method: method.id, issuer: profile.issuer, ...session, accountId: account.id, interactionUid: interaction.uid },
      services.config.ttl.session,
    );
  }
  await record(step, 'login.upstream', 'success', profile, { amr: profile.amr }, account.id);
  await advance(ctx, services, interaction, {
    method: method.id,
    accountId: account.id,
    acr: reportedAcr(profile.acr ?? method.acr, interaction.policy.essentialAcrs),
    amr: profile.amr,
  });
}

/** Audits a refusal and tells the person, with the way to try again. */
export async function refuse(
  step: UpstreamStep,
  reason: RefusalReason,
  profile?: UpstreamProfile,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await record(step, 'login.upstream', 'failure', profile, { reason, ...detail });
  refusalScreen(step.ctx, step.interaction, step.method, reason);
}

async function record(
  step: UpstreamStep,
  type: AuditType,
  outcome: 'success' | 'failure' | 'info',
  profile: UpstreamProfile | undefined,
  detail: Record<string, unknown>,
  accountId?: string,
): Promise<void> {
  await step.services.audit.record({
    type,
    outcome,
    accountId,
    clientId: step.interaction.client.clientId,
    ip: step.interaction.ip,
    detail: {
      method: step.method.id,
      ...(profile ? { issuer: profile.issuer, subject: profile.subject } : {}),
      ...detail,
    },
  });
}
