// The simulated issuer is oidc-provider itself: discovery, JWKS, authorization, token and
// UserInfo come from it, configured to release what the preset's issuer releases. The simulator
// adds only the person picker (picker.ts) and these choices:
// - the picker opens on every request (no single sign-on at the simulator), so a demo can log
//   in as someone else each time; `prompt=none` is answered `login_required`. Picking another
//   person than the browser's last pick first ends that session (oidc-provider's account switch:
//   a page that submits itself);
// - ID tokens carry the scopes' claims as well as UserInfo does, as Google's do;
// - consent is implied, as for an organisation's internal app.
import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import Provider, { interactionPolicy, type ClientMetadata } from 'oidc-provider';
import { mountPicker } from './picker.ts';
import type { SimulatedPerson } from './persons.ts';
import type { IssuerPreset } from './issuer-preset.ts';

export interface IssuerSetup {
  issuer: string;
  preset: IssuerPreset;
  persons: readonly SimulatedPerson[];
  clients: readonly ClientMetadata[];
  signingJwk: JWK;
}

export function createIssuerProvider(setup: IssuerSetup): Provider {
  const { preset, persons } = setup;
  const requires = preset.requires ?? {};
  const provider = new Provider(setup.issuer, {
    // A client registered without what the issuer demands gets it anyway, as the real issuer's
    // registration would set it: a relying party that does not push or prove is then refused.
    clients: setup.clients.map((client) => ({
      ...client,
      ...(requires.pushedAuthorization ? { require_pushed_authorization_requests: true } : {}),
      ...(requires.dpop ? { dpop_bound_access_tokens: true } : {}),
    })),
    jwks: { keys: [setup.signingJwk] as never },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: preset.claims,
    scopes: preset.scopes,
    extraParams: preset.extraParams,
    acrValues: preset.acrValues,
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const person = persons.find((candidate) => candidate.sub === sub);
      return person ? { accountId: sub, claims: () => ({ ...preset.claimsOf(person), sub }) } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: {
        enabled: true,
        requirePushedAuthorizationRequests: !!requires.pushedAuthorization,
      },
      dPoP: { enabled: true },
    },
    interactions: { policy: pickEveryTime(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
  });
  provider.on('server_error', (_ctx, error) => console.error('OIDC IdP simulator:', error));
  mountPicker(provider, preset, persons);
  return provider;
}

/** oidc-provider's policy, with a login prompt that a session does not satisfy: only this request's pick. */
function pickEveryTime(): interactionPolicy.DefaultPolicy {
  const { base, Check } = interactionPolicy;
  const policy = base();
  policy
    .get('login')!
    .checks.add(
      new Check('pick_every_time', 'the simulator asks who you are on every request', (ctx) =>
        ctx.oidc.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}
