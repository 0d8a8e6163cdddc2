// Staff login through one upstream SAML IdP. The IdP posts its answer cross-site to the ACS, where
// the interaction cookie (SameSite=Lax) is not sent; the ACS verifies it, binds it to the login by
// RelayState, and sends the browser to /complete, a top-level GET that does carry the cookie.
//
//   GET  /interaction/:uid/saml.<name>           ──▶ signed AuthnRequest to the IdP (HTTP-Redirect)
//   POST /saml/<name>/acs (SAMLResponse, RelayState) ──▶ verified or refused, kept sealed ──▶ 303
//   GET  /interaction/:uid/saml.<name>/complete  ──▶ linking ──▶ advance | refusal | prove account
import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { SamlBroker } from '../../src/eid/saml/index.ts';
import { allowedInteraction, type InteractionContext, type InteractionServices } from '../context.ts';
import type { LoginMethod } from '../method.ts';
import { completeUpstreamLogin, refuse, type UpstreamStep } from './complete.ts';
import { samlProfile } from './profile.ts';
import { mountProveExisting } from './prove-existing.ts';
import { mountSamlEndpoints, type SamlAnswer, type SamlRoundTrip } from './saml-endpoints.ts';
import { mountSamlLogout } from './saml-logout.ts';
import type { UpstreamMethodServices } from './services.ts';
import { refusalScreen } from './views.ts';

export function samlMethod(broker: SamlBroker): LoginMethod<InteractionServices> {
  const { config } = broker;
  const method: LoginMethod<InteractionServices> = {
    id: `saml.${config.name}`,
    label: config.label,
    acr: config.acr,
    amr: [...config.amr],
    authnProvider: `urn:portvakt:authn:saml.${config.name}`,
    available: () => true,
    mount(router: Router, services: UpstreamMethodServices) {
      router.get(`/interaction/:uid/${method.id}`, async (ctx) => {
        const interaction = await allowedInteraction(ctx, services, method.id);
        const relayState = randomBytes(32).toString('base64url');
        const { url, requestId } = await broker.sp.loginRequestUrl({
          relayState,
          forceAuthn: wantsFreshLogin(interaction),
        });
        await services.upstream.begin(
          { uid: interaction.uid, method: method.id, relayState, secrets: { requestId } satisfies SamlRoundTrip },
          services.config.ttl.interaction,
        );
        await services.audit.record({
          type: 'login.upstream',
          outcome: 'info',
          clientId: interaction.client.clientId,
          ip: interaction.ip,
          detail: { method: method.id, stage: 'sent', requestId },
        });
        ctx.redirect(url);
      });

      router.get(`/interaction/:uid/${method.id}/complete`, async (ctx) => {
        const interaction = await allowedInteraction(ctx, services, method.id);
        await complete({ ctx, services, interaction, method }, broker);
      });

      mountSamlEndpoints(router, services, broker, method.id);
      mountSamlLogout(router, services, broker, method.id);
      mountProveExisting(router, services, method);
    },
  };
  return method;
}

async function complete(step: UpstreamStep, broker: SamlBroker): Promise<void> {
  const { ctx, services, interaction, method } = step;
  const answer = await services.upstream.takeAnswer<SamlAnswer>(interaction.uid, method.id);
  // A refusal was audited at the ACS, where it happened; here the person only learns of it.
  if (!answer) return refusalScreen(ctx, interaction, method, 'lost');
  if (answer.kind === 'refused') return refusalScreen(ctx, interaction, method, answer.reason);
  const profile = samlProfile(answer.login, broker.config);
  if (!profile)
    return refuse(step, 'subject_missing', undefined, {
      issuer: answer.login.issuer,
      attributes: Object.keys(answer.login.attributes),
    });
  const session = answer.login.nameId
    ? { nameId: answer.login.nameId, nameIdFormat: answer.login.nameIdFormat, sessionIndex: answer.login.sessionIndex }
    : undefined;
  await completeUpstreamLogin(step, broker.config.linking, profile, session);
}

/** `prompt=login` and `max_age=0` ask for a fresh login, which the IdP is asked for too (ForceAuthn). */
function wantsFreshLogin(interaction: InteractionContext): boolean {
  const { prompt, max_age: maxAge } = interaction.details.params;
  return (typeof prompt === 'string' && prompt.split(' ').includes('login')) || String(maxAge) === '0';
}
