// What every interaction screen needs, gathered once per request: the stored interaction, the
// client and its resolved policy, the person's language, the CSRF token and the services behind
// the screens.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Config } from '../src/config/schema.ts';
import type { LoginMethod } from './method.ts';
import type { EidDriver } from './eid/driver.ts';
import type { EidOrders } from '../adapters/eid-orders.ts';
import type { LoginProgress as StoredLoginProgress, LoginProgressStore } from '../adapters/login-progress.ts';
import type { FactorId } from '../src/policy/factors.ts';
import type { UpstreamLogins } from '../adapters/upstream-logins.ts';
import type { Database } from '../adapters/database.ts';
import type { Sealer } from '../kernel/sealing.ts';
import type { SecondFactors } from '../src/accounts/second-factors.ts';
import type { Passkeys } from '../src/accounts/passkeys.ts';
import type { PasskeyCeremony } from '../src/accounts/passkey-ceremony.ts';
import type { PrivacyAcceptances } from '../src/accounts/privacy-notices.ts';
import type { CodeEngines } from '../src/security/one-time-codes.ts';
import type { EmailSender, SmsSender } from '../src/notify/index.ts';
import type { AccountRepository } from '../src/accounts/repository.ts';
import type { GuessingAlerts } from '../src/accounts/guessing-alerts.ts';
import type { ChangeNotices } from '../src/accounts/change-notices.ts';
import { resolvePolicy, type ResolvedPolicy } from '../src/policy/resolve.ts';
import type { PasswordHasher } from '../src/accounts/password.ts';
import type { AuditLog } from '../src/security/audit.ts';
import type { Throttle } from '../src/security/throttle.ts';
import { PortvaktError } from '../kernel/errors.ts';
import { openScreen, type Screen } from '../src/http/screen.ts';
import { rememberService } from '../src/provider/service-home.ts';
import { clientBrand, type ResolvedBrand } from '../src/provider/brands.ts';

export { formField } from '../src/http/form-field.ts';

/** A login waiting at a step, named in this layer's vocabulary of second factors. */
export type LoginProgress = StoredLoginProgress<FactorId>;

export interface InteractionServices {
  config: Config;
  provider: Provider;
  /** For repositories a screen family owns (registrations, invitations); accounts go through `accounts`. */
  db: Database;
  sealer: Sealer;
  /** Keys hashes of one-time codes and link tokens. */
  codeKey: string;
  accounts: AccountRepository;
  passwords: PasswordHasher;
  throttle: Throttle;
  audit: AuditLog;
  logger: Logger;
  csrfKey: string;
  /** The outside identity services this deployment is configured for. */
  eid: Partial<Record<EidDriver['id'], EidDriver>>;
  eidOrders: EidOrders;
  secondFactors: SecondFactors;
  passkeys: Passkeys;
  /** Registers and verifies passkeys for this issuer (rpId and origin are its own). */
  passkeyCeremony: PasskeyCeremony;
  /** The one-time-code engine, one per purpose. */
  codes: CodeEngines;
  progress: LoginProgressStore<FactorId>;
  acceptances: PrivacyAcceptances;
  upstream: UpstreamLogins;
  senders: { email?: EmailSender | undefined; sms?: SmsSender | undefined };
  /** Tells the person of every change to how one gets in, with a link that undoes it. */
  changeNotices: ChangeNotices;
  /** Tells the owner when guessing at their password or second factor is seen. */
  guessingAlerts: GuessingAlerts;
  /** The methods this deployment offers, in chooser order. */
  methods: readonly LoginMethod<InteractionServices>[];
}

export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;
export type OidcClient = NonNullable<Awaited<ReturnType<Provider['Client']['find']>>>;

export interface InteractionContext extends Screen {
  uid: string;
  details: InteractionDetails;
  client: OidcClient;
  /** The client's policy resolved for this request, once; every step reads it. */
  policy: ResolvedPolicy<LoginMethod<InteractionServices>>;
  /** The organisation whose look the screens carry, in the screen's language. */
  brand: ResolvedBrand | undefined;
}

/** What loading an interaction reads: the provider's record, the client's policy and the screen's settings. */
export type InteractionLoading = Pick<InteractionServices, 'provider' | 'config' | 'methods' | 'csrfKey'>;

export async function loadInteraction(ctx: Context, services: InteractionLoading): Promise<InteractionContext> {
  let details: InteractionDetails;
  try {
    details = await services.provider.interactionDetails(ctx.req, ctx.res);
  } catch (cause) {
    // oidc-provider's own errors mean the interaction or its cookie is gone; anything else (the
    // database being away) is not the person's doing and must not be reported as an expiry.
    if (cause instanceof errors.OIDCProviderError)
      throw new PortvaktError('interaction_expired', 'This login has expired.', { cause });
    throw cause;
  }
  if (details.uid !== ctx.params.uid)
    throw new PortvaktError('interaction_expired', 'This login belongs to another window.');
  const client = await services.provider.Client.find(String(details.params.client_id));
  if (!client) throw new PortvaktError('interaction_expired', 'The client of this login no longer exists.');
  rememberService(ctx, client.clientId);
  const uiLocales = details.params.ui_locales;
  const screen = openScreen(ctx, services, {
    csrf: { interaction: details.uid },
    uiLocales: typeof uiLocales === 'string' ? uiLocales : undefined,
  });
  return {
    uid: details.uid,
    details,
    client,
    policy: resolvePolicy({
      config: services.config,
      policyName: client.metadata().login_policy as string | undefined,
      available: services.methods,
      params: details.params,
    }),
    brand: clientBrand(services.config, client, screen.locale),
    ...screen,
  };
}

/** Whom a person whose account cannot be used should contact: the brand's support, else the deployment's. */
export function supportOf(
  interaction: Pick<InteractionContext, 'brand'>,
  accounts: Pick<Config['accounts'], 'supportContact'>,
): Pick<Config['accounts'], 'supportContact'> {
  return { supportContact: interaction.brand?.supportContact ?? accounts.supportContact };
}

/** The interaction, when it is a login and the client's policy offers this method; a 404 otherwise. */
export async function allowedInteraction(
  ctx: Context,
  services: InteractionLoading,
  methodId: string,
): Promise<InteractionContext> {
  const interaction = await loadInteraction(ctx, services);
  if (!interaction.policy.methods.some((method) => method.id === methodId) || !isLoginPrompt(interaction))
    ctx.throw(404);
  return interaction;
}

/** A login is being asked for: the login prompt itself, or registration (prompt=create), which a login may answer. */
export function isLoginPrompt(interaction: InteractionContext): boolean {
  const name = interaction.details.prompt.name;
  return name === 'login' || name === 'create';
}
