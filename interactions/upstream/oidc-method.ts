// Staff login through one upstream OpenID Connect issuer: the code flow with PKCE, the interaction
// uid as state, a nonce, and the ID token validated by openid-client. The interaction cookie is
// scoped to /interaction/<uid>, so the registered callback hands the answer on to that path; an
// invitation's round trip (../invitation/upstream.ts) has a random state of its own, and its answer
// goes on to the invitation's callback instead.
//
//   GET /interaction/:uid/oidc.<name>            ──▶ authorization request (state = uid, nonce, PKCE)
//   GET /upstream/oidc/<name>/callback?…         ──▶ 303 /interaction/<state>/oidc.<name>/callback?…
//                                     (an invitation's state ──▶ 303 /invitation/upstream/oidc.<name>/callback)
//   GET /interaction/:uid/oidc.<name>/callback   ──▶ code redeemed, ID token and level checked ──▶ linking ──▶ finish
import type Router from '@koa/router';
import { upstreamAssurance } from '../../src/eid/oidc-upstream/assurance.ts';
import { OidcUpstreamClient, type RoundTripSecrets } from '../../src/eid/oidc-upstream/client.ts';
import type { OidcUpstreamConfig } from '../../src/eid/oidc-upstream/config.ts';
import { classify } from '../../src/eid/oidc-upstream/errors.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { reaches } from '../../src/policy/resolve.ts';
import type { Acr } from '../../src/provider/vocabulary.ts';
import { allowedInteraction, type InteractionServices } from '../context.ts';
import type { LoginMethod } from '../method.ts';
import { handOnInvitationAnswer } from '../invitation/upstream-round-trip.ts';
import { completeUpstreamLogin, refuse, type UpstreamStep } from './complete.ts';
import { oidcCallbackPath, oidcUpstreamClient } from './oidc-clients.ts';
import { emailDomain } from '../../src/accounts/upstream-linking.ts';
import { oidcProfile } from './profile.ts';
import { mountProveExisting } from './prove-existing.ts';
import type { UpstreamMethodServices } from './services.ts';
import { orphanPage } from './views.ts';

export function oidcMethod(config: OidcUpstreamConfig, issuer: string): LoginMethod<InteractionServices> {
  const callbackPath = oidcCallbackPath(config.name);
  const client = oidcUpstreamClient(config, issuer);
  const method: LoginMethod<InteractionServices> = {
    id: `oidc.${config.name}`,
    label: config.label,
    acr: config.acr,
    amr: [...config.amr],
    authnProvider: `urn:portvakt:authn:oidc.${config.name}`,
    available: () => true,
    mount(router: Router, services: UpstreamMethodServices) {
      router.get(`/interaction/:uid/${method.id}`, async (ctx) => {
        const step: UpstreamStep = {
          ctx,
          services,
          interaction: await allowedInteraction(ctx, services, method.id),
          method,
        };
        const { interaction } = step;
        const secrets = OidcUpstreamClient.newSecrets(interaction.uid);
        const prompt = interaction.details.params.prompt;
        let url: URL;
        try {
          url = await client.authorizationUrl(secrets, {
            prompt: typeof prompt === 'string' && prompt.split(' ').includes('login') ? 'login' : undefined,
            uiLocales: interaction.locale,
          });
        } catch (error) {
          const failure = classify(error);
          return refuse(step, failure.code, undefined, failure.detail);
        }
        await services.upstream.begin(
          { uid: interaction.uid, method: method.id, secrets },
          services.config.ttl.interaction,
        );
        await services.audit.record({
          type: 'login.upstream',
          outcome: 'info',
          clientId: interaction.client.clientId,
          ip: interaction.ip,
          detail: { method: method.id, stage: 'sent' },
        });
        ctx.redirect(url.href);
      });

      router.get(callbackPath, async (ctx) => {
        const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
        if (!/^[\w-]{1,64}$/.test(state)) {
          await services.audit.record({
            type: 'login.upstream',
            outcome: 'failure',
            ip: clientAddress(ctx, services.config.http.trustedProxies),
            detail: { method: method.id, reason: 'state' },
          });
          return orphanPage(ctx, services.config.locales.default, 'state');
        }
        if (await handOnInvitationAnswer(ctx, services.upstream, method.id, state)) return;
        ctx.status = 303;
        ctx.redirect(`/interaction/${state}/${method.id}/callback?${ctx.querystring}`);
      });

      router.get(`/interaction/:uid/${method.id}/callback`, async (ctx) => {
        const step: UpstreamStep = {
          ctx,
          services,
          interaction: await allowedInteraction(ctx, services, method.id),
          method,
        };
        const secrets = await services.upstream.claim<RoundTripSecrets>(step.interaction.uid, method.id);
        if (!secrets) return refuse(step, 'state');
        await complete(step, client, secrets);
      });

      mountProveExisting(router, services, method);
    },
  };
  return method;
}

async function complete(step: UpstreamStep, client: OidcUpstreamClient, secrets: RoundTripSecrets): Promise<void> {
  let answer;
  try {
    answer = await client.complete(new URL(`${client.redirectUri}?${step.ctx.querystring}`), secrets);
  } catch (error) {
    const failure = classify(error);
    step.services.logger.info({ err: failure, method: step.method.id }, 'upstream OIDC answer refused');
    return refuse(step, failure.code, undefined, failure.detail);
  }
  const assurance = upstreamAssurance(answer.claims, client.config);
  if (assurance.kind === 'unknown')
    return refuse(step, 'assurance', undefined, { issuer: answer.issuer, reported: assurance.reported ?? null });
  const profile = oidcProfile(answer, client.config, assurance);
  if (!profile) return refuse(step, 'subject_missing', undefined, { issuer: answer.issuer });
  const allowed = client.config.allowedEmailDomains;
  const hostedDomain = answer.claims.hd;
  const domainOk =
    allowed.length === 0 ||
    (profile.emailVerified &&
      allowed.includes(emailDomain(profile.email) ?? '') &&
      (hostedDomain === undefined || allowed.includes(String(hostedDomain))));
  if (!domainOk) return refuse(step, 'domain', profile, { domain: emailDomain(profile.email) });
  // Checked before any account is found or made, as for an eID whose level varies per login.
  if (!strongEnough(assurance.acr, step)) return refuse(step, 'assurance', profile, { acr: assurance.acr });
  await completeUpstreamLogin(step, client.config.linking, profile);
}

/** Whether a login at `acr` meets the client's minimum and the request's essential levels. */
function strongEnough(acr: Acr, step: UpstreamStep): boolean {
  const { rules, essentialAcrs } = step.interaction.policy;
  return (
    (!rules.minimumAcr || reaches(acr, rules.minimumAcr)) &&
    (!essentialAcrs?.length || essentialAcrs.some((wanted) => reaches(acr, wanted)))
  );
}
