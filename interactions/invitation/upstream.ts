// Completing an invitation through an upstream OpenID Connect issuer that verifies a national
// identity number (ID-porten, HelseID): the login's code flow with PKCE and a nonce, the state
// bound to the invitation and this browser (upstream-round-trip.ts), the issuer's level mapped as for
// a login, then the verified number finds or makes the account (eid-acceptance.ts).
//
//   POST /invitation/:token/eid/oidc.<name>/start ──▶ authorization request (random state, nonce, PKCE)
//   GET  /upstream/oidc/<name>/callback?…          ──▶ state claimed ──▶ 303 /invitation/upstream/oidc.<name>/callback
//   GET  /invitation/upstream/oidc.<name>/callback ──▶ bound browser ──▶ code redeemed, level and number ──▶ accepted
import type Router from '@koa/router';
import type { Context } from 'koa';
import { UpstreamLogins } from '../../adapters/upstream-logins.ts';
import { upstreamAssurance } from '../../src/eid/oidc-upstream/assurance.ts';
import { OidcUpstreamClient, type UpstreamAnswer } from '../../src/eid/oidc-upstream/client.ts';
import { classify } from '../../src/eid/oidc-upstream/errors.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { browserDeviceId } from '../../src/http/device-cookie.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';
import { html } from '../../src/web/html.ts';
import type { InteractionServices } from '../context.ts';
import { oidcUpstreamClient } from '../upstream/oidc-clients.ts';
import { oidcProfile } from '../upstream/profile.ts';
import { loadPage, renderPage } from '../views/standalone.ts';
import { boundInvitation, invitationPage, loadInvitation, type InvitationPage } from './context.ts';
import { acceptWithEid } from './eid-acceptance.ts';
import { invitationEids, showEidChoice, type InvitationUpstream } from './eid-choice.ts';
import { invitationTexts } from './messages.ts';
import {
  beginInvitationRoundTrip,
  invitationCallbackPath,
  newInvitationState,
  takeInvitationAnswer,
  type InvitationAnswer,
} from './upstream-round-trip.ts';

type InvitationUpstreamServices = Pick<
  InteractionServices,
  'accounts' | 'audit' | 'codeKey' | 'config' | 'csrfKey' | 'db' | 'eid' | 'logger' | 'provider' | 'sealer'
>;

/** The upstream issuer the invitation's policy offers under this id, if any. */
function offered(
  services: InvitationUpstreamServices,
  view: InvitationPage,
  id: unknown,
): InvitationUpstream | undefined {
  if (view.policy.invitationCompletion !== 'eid') return undefined;
  return invitationEids(services, view).upstreams.find((upstream) => upstream.id === id);
}

export function mountInvitationUpstream(router: Router, services: InvitationUpstreamServices): void {
  // The round trips live with the logins' (adapters/upstream-logins.ts), over the same database.
  const store = new UpstreamLogins(services.db, services.sealer);

  router.post('/invitation/:token/eid/:method/start', async (ctx) => {
    const view = await loadInvitation(ctx, services);
    if (!view) return;
    assertScreenCsrf(ctx, view.page, services.config.issuer);
    const upstream = offered(services, view, ctx.params.method);
    if (!view.bound || !upstream) return ctx.redirect(view.base);
    await start(ctx, services, store, view, upstream);
  });

  router.get(invitationCallbackPath(':method'), async (ctx) => {
    const methodId = String(ctx.params.method);
    const invitation = await boundInvitation(ctx, services);
    const answer = invitation ? await takeInvitationAnswer(store, invitation, methodId) : undefined;
    // Another browser, a copied cookie, or an answer already used: nothing to complete here.
    if (!invitation || !answer || answer.device !== browserDeviceId(ctx))
      return lost(ctx, services, methodId, invitation?.id, !invitation ? 'browser' : !answer ? 'state' : 'device');
    if (invitation.state !== 'pending') return lost(ctx, services, methodId, invitation.id, invitation.state);
    const view = await invitationPage(ctx, services, invitation, answer.token);
    const upstream = offered(services, view, methodId);
    if (!upstream) return ctx.redirect(view.base);
    await complete(ctx, services, view, upstream, answer);
  });
}

async function start(
  ctx: Context,
  services: InvitationUpstreamServices,
  store: UpstreamLogins,
  view: InvitationPage,
  upstream: InvitationUpstream,
): Promise<void> {
  const { invitation, page } = view;
  const secrets = OidcUpstreamClient.newSecrets(newInvitationState());
  let url: URL;
  try {
    // A number is bound to an account here: the person logs in afresh, not by the issuer's session.
    url = await client(services, upstream).authorizationUrl(secrets, { prompt: 'login', uiLocales: page.locale });
  } catch (error) {
    const failure = classify(error);
    await record(services, view, upstream, 'failure', { reason: failure.code, ...failure.detail });
    return showEidChoice(ctx, services, view, view.text('eidRefused'));
  }
  const trip = { secrets, token: view.token, device: browserDeviceId(ctx) };
  await beginInvitationRoundTrip(store, invitation, upstream.id, trip, services.config.ttl.interaction);
  await record(services, view, upstream, 'info', { stage: 'sent' });
  ctx.redirect(url.href);
}

/** The same checks as a login's (oidc-method.ts): the answer, the level by the entry's table, the number. */
async function complete(
  ctx: Context,
  services: InvitationUpstreamServices,
  view: InvitationPage,
  upstream: InvitationUpstream,
  handed: InvitationAnswer,
): Promise<void> {
  const refuse = async (detail: Record<string, unknown>) => {
    await record(services, view, upstream, 'failure', detail);
    showEidChoice(ctx, services, view, view.text('eidRefused'));
  };
  const issuer = client(services, upstream);
  let answer: UpstreamAnswer;
  try {
    answer = await issuer.complete(new URL(`${issuer.redirectUri}?${handed.callback}`), handed.secrets);
  } catch (error) {
    const failure = classify(error);
    services.logger.info({ err: failure, method: upstream.id }, 'upstream OIDC answer for an invitation refused');
    return refuse({ reason: failure.code, ...failure.detail });
  }
  const assurance = upstreamAssurance(answer.claims, upstream.config);
  if (assurance.kind === 'unknown') return refuse({ reason: 'assurance', reported: assurance.reported ?? null });
  const profile = oidcProfile(answer, upstream.config, assurance);
  if (!profile?.nationalId) return refuse({ reason: 'national_id_missing', issuer: answer.issuer });
  await acceptWithEid(ctx, services, view, {
    method: upstream.id,
    nationalId: profile.nationalId,
    givenName: profile.givenName,
    familyName: profile.familyName,
    acr: assurance.acr,
    amr: assurance.amr,
    evidence: { issuer: profile.issuer, subject: profile.subject },
  });
}

function client(services: InvitationUpstreamServices, upstream: InvitationUpstream): OidcUpstreamClient {
  return oidcUpstreamClient(upstream.config, services.config.issuer);
}

async function record(
  services: InvitationUpstreamServices,
  view: InvitationPage,
  upstream: InvitationUpstream,
  outcome: 'info' | 'failure',
  detail: Record<string, unknown>,
): Promise<void> {
  await services.audit.record({
    type: 'login.upstream',
    outcome,
    clientId: view.invitation.clientId ?? undefined,
    ip: view.page.ip,
    detail: { method: upstream.id, invitation: view.invitation.id, ...detail },
  });
}

/** An answer this browser cannot complete an invitation with: audited, and said calmly. */
async function lost(
  ctx: Context,
  services: InvitationUpstreamServices,
  methodId: string,
  invitationId: string | undefined,
  reason: string,
): Promise<void> {
  await services.audit.record({
    type: 'login.upstream',
    outcome: 'failure',
    ip: clientAddress(ctx, services.config.http.trustedProxies),
    detail: { method: methodId, reason, ...(invitationId ? { invitation: invitationId } : {}) },
  });
  const page = loadPage(ctx, services);
  const text = invitationTexts(page.locale);
  const used = reason === 'accepted' || reason === 'revoked' || reason === 'expired';
  renderPage(ctx, page, {
    title: used ? text('unusableTitle') : text('title'),
    status: used ? 410 : 400,
    body: html`<p class="error" role="alert">${used ? text('unusable') : text('upstreamLost')}</p>`,
  });
}
