// The service provider's endpoints outside the interaction: metadata for the IdP's administrators,
// and the assertion consumer service the IdP posts its answer to. The ACS never trusts the browser:
// the answer must verify, and its RelayState must name a round trip in progress, once.
import type Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { clientAddress } from '../../src/http/client-address.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import type { SamlBroker } from '../../src/eid/saml/index.ts';
import { isSamlError, type SamlFailure } from '../../src/eid/saml/errors.ts';
import { verifyLoginResponse, type VerifiedLogin } from '../../src/eid/saml/login-response.ts';
import { issuedRelayState } from '../../src/eid/saml/relay-state.ts';
import { auditableDetail } from './audit-detail.ts';
import type { InteractionServices } from '../context.ts';
import { orphanPage } from './views.ts';

/** The part of the shared services these screens use. */
type SamlEndpointServices = Pick<InteractionServices, 'audit' | 'config' | 'logger' | 'provider' | 'upstream'>;

/** What the ACS leaves for the browser's next request. */
export type SamlAnswer = { kind: 'verified'; login: VerifiedLogin } | { kind: 'refused'; reason: SamlFailure };

/** What Portvakt remembers of the AuthnRequest it sent. */
export interface SamlRoundTrip {
  requestId: string;
}

export function mountSamlEndpoints(
  router: Router,
  services: SamlEndpointServices,
  broker: SamlBroker,
  methodId: string,
): void {
  const base = `/saml/${broker.config.name}`;
  router.get(`${base}/metadata`, (ctx) => {
    ctx.type = 'application/samlmetadata+xml';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = broker.metadataXml;
  });

  const form = bodyParser({
    enableTypes: ['form'],
    // An encrypted, signed assertion with certificates is far larger than a login form.
    formLimit: '512kb',
    onError: (cause) => {
      throw new PortvaktError('invalid_input', 'The SAML answer could not be read.', { cause, status: 413 });
    },
  });
  router.post(`${base}/acs`, form, async (ctx) => {
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    const samlResponse = typeof body.SAMLResponse === 'string' ? body.SAMLResponse : undefined;
    const relayState = issuedRelayState(body.RelayState);
    const claimed = relayState
      ? await services.upstream.claimByRelayState<SamlRoundTrip>(relayState, methodId)
      : undefined;
    if (!samlResponse || !claimed) {
      await audit(ctx, services, methodId, undefined, 'failure', {
        reason: samlResponse ? 'relay_state' : 'malformed',
        stage: 'acs',
      });
      return orphanPage(ctx, services.config.locales.default, samlResponse ? 'relay_state' : 'malformed');
    }
    const answer = await verify(services, broker, samlResponse, claimed.secrets.requestId);
    const detail =
      answer.kind === 'verified'
        ? { assertionId: answer.login.assertionId, issuer: answer.login.issuer }
        : { reason: answer.reason, ...answer.detail };
    await audit(ctx, services, methodId, claimed.uid, answer.kind === 'verified' ? 'info' : 'failure', {
      stage: 'acs',
      ...detail,
    });
    await services.upstream.answer(
      claimed.uid,
      methodId,
      answer.kind === 'verified' ? answer : ({ kind: 'refused', reason: answer.reason } satisfies SamlAnswer),
    );
    ctx.status = 303;
    ctx.redirect(`/interaction/${claimed.uid}/${methodId}/complete`);
  });
}

type Verification =
  | { kind: 'verified'; login: VerifiedLogin }
  | { kind: 'refused'; reason: SamlFailure; detail: Record<string, unknown> };

async function verify(
  services: SamlEndpointServices,
  broker: SamlBroker,
  samlResponse: string,
  requestId: string,
): Promise<Verification> {
  try {
    const login = await verifyLoginResponse({
      sp: broker.sp,
      samlResponse,
      requestId,
      requireEncryptedAssertion: broker.config.requireEncryptedAssertion,
      decryptionKeysPem: broker.decryptionKeysPem,
      clockSkewSeconds: broker.config.clockSkewSeconds,
      now: new Date(),
      firstUse: (issuer, assertionId, expiresAt) => services.upstream.firstUse(issuer, assertionId, expiresAt),
    });
    return { kind: 'verified', login };
  } catch (error) {
    if (!isSamlError(error)) throw error;
    services.logger.info({ err: error, method: broker.config.name }, 'SAML response refused');
    return { kind: 'refused', reason: error.code, detail: { ...error.detail, message: error.message } };
  }
}

/** The client of the login, for the audit record; the ACS has no interaction cookie to load it by. */
async function audit(
  ctx: Context,
  services: SamlEndpointServices,
  methodId: string,
  uid: string | undefined,
  outcome: 'info' | 'failure',
  detail: Record<string, unknown>,
): Promise<void> {
  const interaction = uid ? await services.provider.Interaction.find(uid) : undefined;
  const clientId = interaction?.params.client_id;
  await services.audit.record({
    type: 'login.upstream',
    outcome,
    clientId: typeof clientId === 'string' ? clientId : undefined,
    ip: clientAddress(ctx, services.config.http.trustedProxies),
    detail: auditableDetail({ method: methodId, ...detail }),
  });
}
