// Ties upstream SAML sessions to oidc-provider's sessions, and extends a relying party's logout to
// the IdP. Both hook into oidc-provider itself, once per provider: the session's uid is first known
// when the login resumes, and the logout's final redirect is oidc-provider's to make.
import { randomBytes } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { SamlBroker } from '../../src/eid/saml/index.ts';
import { allowFormTargets } from '../../src/http/security-headers.ts';
import type { InteractionServices } from '../context.ts';

/** The part of the shared services these screens use. */
type LogoutHookServices = Pick<InteractionServices, 'audit' | 'logger' | 'provider' | 'upstream'>;

/** How long Portvakt waits for an IdP to answer a logout request. */
const LOGOUT_ANSWER_SECONDS = 600;

const brokersByProvider = new WeakMap<Provider, Map<string, SamlBroker>>();

export function registerForLogout(services: LogoutHookServices, methodId: string, broker: SamlBroker): void {
  let brokers = brokersByProvider.get(services.provider);
  if (!brokers) {
    brokers = new Map();
    brokersByProvider.set(services.provider, brokers);
    install(services, brokers);
  }
  brokers.set(methodId, broker);
}

function install(services: LogoutHookServices, brokers: Map<string, SamlBroker>): void {
  const { provider, logger } = services;
  provider.on('interaction.ended', (ctx) => {
    const uid = ctx.oidc.entities.Interaction?.uid;
    const session = ctx.oidc.session;
    if (!uid || !session?.uid || !session.accountId) return;
    services.upstream
      .bindSession(uid, session.accountId, session.uid)
      .catch((error: unknown) => logger.warn({ err: error }, 'upstream session not bound'));
  });
  provider.use(async (ctx, next) => {
    await next();
    try {
      await allowLogoutAtIdp(ctx as KoaContextWithOIDC, services, brokers);
      await continueAtIdp(ctx as KoaContextWithOIDC, services, brokers);
    } catch (error) {
      // The Portvakt session is over whatever happens here; the person goes on as oidc-provider said.
      logger.warn({ err: error }, 'upstream logout could not be started');
    }
  });
}

/**
 * The logout page's form leads, through redirects, to the IdP's single logout service; browsers
 * apply form-action to those redirects, so the page's policy names the IdP too.
 */
async function allowLogoutAtIdp(
  ctx: KoaContextWithOIDC,
  services: LogoutHookServices,
  brokers: Map<string, SamlBroker>,
): Promise<void> {
  const session = ctx.oidc?.route === 'end_session' ? ctx.oidc.session : undefined;
  if (!session?.uid || ctx.status !== 200) return;
  const sloUrls = (await services.upstream.sessionsOf(session.uid)).map(
    (row) => brokers.get(row.method)?.sp.idp.sloUrl,
  );
  allowFormTargets(
    ctx,
    sloUrls.filter((url): url is string => url !== undefined),
  );
}

/**
 * After oidc-provider ended a session (RP-initiated logout, confirmed), the person goes to the
 * IdP's single logout first; its answer at /saml/<name>/slo continues to where oidc-provider
 * would have sent them.
 */
async function continueAtIdp(
  ctx: KoaContextWithOIDC,
  services: LogoutHookServices,
  brokers: Map<string, SamlBroker>,
): Promise<void> {
  const session = ctx.oidc?.route === 'end_session_confirm' ? ctx.oidc.session : undefined;
  const returnTo = ctx.response.get('location');
  if (!session?.uid || !(session as { destroyed?: boolean }).destroyed || ctx.status !== 303 || !returnTo) return;
  const upstream = await services.upstream.sessionsOf(session.uid);
  let target: { session: (typeof upstream)[number]; broker: SamlBroker } | undefined;
  for (const row of upstream) {
    await services.upstream.endSession(row.id);
    const broker = brokers.get(row.method);
    if (!target && broker?.config.singleLogout && broker.sp.idp.sloUrl) target = { session: row, broker };
  }
  if (!target) return;
  const relayState = randomBytes(32).toString('base64url');
  const { url, requestId } = await target.broker.sp.logoutRequestUrl({
    nameId: target.session.nameId,
    sessionIndex: target.session.sessionIndex,
    relayState,
  });
  await services.upstream.beginLogout(
    { relayState, method: target.session.method, requestId, returnTo },
    LOGOUT_ANSWER_SECONDS,
  );
  await services.audit.record({
    type: 'logout.upstream',
    outcome: 'info',
    accountId: target.session.accountId,
    clientId: ctx.oidc.client?.clientId,
    detail: { method: target.session.method, stage: 'sent', requestId },
  });
  ctx.redirect(url);
}
