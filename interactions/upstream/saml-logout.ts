// The single logout service (HTTP-Redirect). A signed LogoutRequest from the IdP ends the
// Portvakt sessions behind the IdP session it names, with back-channel logout to their clients;
// a signed LogoutResponse answers a logout Portvakt started and lets the person continue.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { clientAddress } from '../../src/http/client-address.ts';
import type { SamlBroker } from '../../src/eid/saml/index.ts';
import { isSamlError, SamlError } from '../../src/eid/saml/errors.ts';
import { verifyRedirectSignature } from '../../src/eid/saml/redirect-signature.ts';
import { issuedRelayState } from '../../src/eid/saml/relay-state.ts';
import { checkLogoutRequestTiming } from '../../src/eid/saml/logout-request-age.ts';
import { auditableDetail } from './audit-detail.ts';
import { registerForLogout } from './logout-hooks.ts';
import type { InteractionServices } from '../context.ts';
import { orphanPage } from './views.ts';

/** The part of the shared services these screens use. */
type SamlLogoutServices = Pick<InteractionServices, 'audit' | 'config' | 'logger' | 'provider' | 'upstream'>;

export function mountSamlLogout(
  router: Router,
  services: SamlLogoutServices,
  broker: SamlBroker,
  methodId: string,
): void {
  registerForLogout(services, methodId, broker);
  router.get(`/saml/${broker.config.name}/slo`, async (ctx) => {
    const relayState = typeof ctx.query.RelayState === 'string' ? ctx.query.RelayState : undefined;
    const audit = (outcome: 'success' | 'failure', detail: Record<string, unknown>) =>
      services.audit.record({
        type: 'logout.upstream',
        outcome,
        ip: clientAddress(ctx, services.config.http.trustedProxies),
        detail: auditableDetail({ method: methodId, ...detail }),
      });
    try {
      const kind = verifyRedirectSignature(ctx.querystring, broker.sp.idp.signingCertificatesPem);
      if (kind === 'SAMLRequest') return await loggedOutByIdp(ctx, services, broker, methodId, relayState, audit);
      return await answeredByIdp(ctx, services, broker, methodId, relayState, audit);
    } catch (error) {
      if (!isSamlError(error)) throw error;
      await audit('failure', { reason: error.code, ...error.detail });
      orphanPage(ctx, services.config.locales.default, error.code);
    }
  });
}

type Audit = (outcome: 'success' | 'failure', detail: Record<string, unknown>) => Promise<void>;

async function loggedOutByIdp(
  ctx: Context,
  services: SamlLogoutServices,
  broker: SamlBroker,
  methodId: string,
  relayState: string | undefined,
  audit: Audit,
): Promise<void> {
  const timing = checkLogoutRequestTiming(String(ctx.query.SAMLRequest));
  const request = (await read(broker, { SAMLRequest: String(ctx.query.SAMLRequest) })) as {
    type: string;
    response_header: { id: string; destination?: string };
    issuer?: string;
    name_id?: string;
    session_index?: string;
  };
  if (request.type !== 'logout_request' || !request.name_id)
    throw new SamlError('malformed', 'Expected a LogoutRequest naming a subject.');
  if (request.issuer !== broker.sp.idp.entityId)
    throw new SamlError('issuer', 'The logout request comes from another entity.', {
      detail: { issuer: request.issuer },
    });
  if (
    request.response_header.destination !== undefined &&
    request.response_header.destination !== broker.sp.endpoints.sloUrl
  ) {
    throw new SamlError('recipient', 'The logout request was sent to another endpoint.');
  }
  if (!(await services.upstream.firstUse(request.issuer, `logout:${timing.id}`, timing.rememberUntil))) {
    throw new SamlError('replay', 'This logout request was used before.', { detail: { requestId: timing.id } });
  }
  let ended = 0;
  for (const session of await services.upstream.sessionsFor(
    methodId,
    request.issuer,
    request.name_id,
    request.session_index,
  )) {
    if (session.sessionUid && (await endPortvaktSession(services, session.sessionUid))) ended += 1;
    await services.upstream.endSession(session.id);
  }
  await audit('success', { stage: 'idp_initiated', sessions: ended, requestId: request.response_header.id });
  ctx.redirect(await broker.sp.logoutResponseUrl({ inResponseTo: request.response_header.id, relayState }));
}

async function answeredByIdp(
  ctx: Context,
  services: SamlLogoutServices,
  broker: SamlBroker,
  methodId: string,
  relayState: string | undefined,
  audit: Audit,
): Promise<void> {
  const issued = issuedRelayState(relayState);
  const pending = issued ? await services.upstream.takeLogout(issued, methodId) : undefined;
  if (!pending) throw new SamlError('relay_state', 'The logout answer names no logout in progress.');
  const answer = await read(broker, { SAMLResponse: String(ctx.query.SAMLResponse) }).catch(
    (error: unknown) => error as Error,
  );
  const answered =
    !(answer instanceof Error) &&
    answer.type === 'logout_response' &&
    answer.response_header.in_response_to === pending.requestId;
  // Portvakt's session ended before the IdP was asked; the person continues either way.
  await audit(
    answered ? 'success' : 'failure',
    answered
      ? { stage: 'answered' }
      : { stage: 'answered', reason: answer instanceof Error ? 'status' : 'in_response_to' },
  );
  ctx.redirect(pending.returnTo);
}

async function read(broker: SamlBroker, query: { SAMLRequest?: string; SAMLResponse?: string }) {
  try {
    return await broker.sp.readRedirect(query);
  } catch (cause) {
    throw new SamlError('malformed', 'The logout message could not be read.', {
      cause,
      detail: { message: (cause as Error).message },
    });
  }
}

/** Ends one oidc-provider session as its own logout would: back-channel logout, then the session. */
async function endPortvaktSession(services: SamlLogoutServices, sessionUid: string): Promise<boolean> {
  const session = await services.provider.Session.findByUid(sessionUid);
  if (!session) return false;
  for (const clientId of Object.keys(session.authorizations ?? {})) {
    const client = await services.provider.Client.find(clientId);
    if (!client?.backchannelLogoutUri || !session.accountId) continue;
    if (!sendsBackchannelLogout(client)) {
      services.logger.error(
        { clientId },
        'this oidc-provider has no Client#backchannelLogout: no back-channel logout sent',
      );
      continue;
    }
    await client
      .backchannelLogout(session.accountId, session.sidFor(clientId))
      .catch((error: unknown) => services.logger.warn({ err: error, clientId }, 'back-channel logout failed'));
  }
  // As oidc-provider's own logout does: a grant the client did not ask to outlive the session
  // (offline_access) ends with it, tokens included.
  for (const clientId of Object.keys(session.authorizations ?? {})) {
    const { grantId, persistsLogout } = session.authorizationFor(clientId) ?? {};
    if (grantId && !persistsLogout) await revokeGrant(services, grantId);
  }
  await session.destroy();
  return true;
}

async function revokeGrant(services: SamlLogoutServices, grantId: string): Promise<void> {
  const { provider } = services;
  await Promise.all(
    [provider.AccessToken, provider.RefreshToken, provider.AuthorizationCode].map((model) =>
      model.revokeByGrantId(grantId),
    ),
  );
  await (await provider.Grant.find(grantId))?.destroy();
}

/**
 * oidc-provider's Client sends the back-channel logout token itself, as its own end_session does;
 * the published types leave the method out. Checked here rather than cast, and pinned across
 * upgrades by test/upstream/saml-logout.test.ts, whose relying party must receive the token.
 */
interface BackchannelLogoutSender {
  backchannelLogout(sub: string, sid: string | undefined): Promise<void>;
}

function sendsBackchannelLogout<T extends object>(client: T): client is T & BackchannelLogoutSender {
  return typeof (client as Partial<BackchannelLogoutSender>).backchannelLogout === 'function';
}
