// The seam every login method fulfils. A method proves something about the person and hands
// Evidence to the login pipeline (pipeline.ts: advance); it never issues tokens itself.
import type Router from '@koa/router';
import type { Locale, LoginPolicyConfig } from '../src/config/schema.ts';
import type { PlainMessageKey } from '../src/i18n/translate.ts';
import type { FactorId } from '../src/policy/factors.ts';
import type { Acr, Amr } from '../src/provider/vocabulary.ts';

/** Built-in methods, and one per configured upstream identity provider (`saml.<name>`, `oidc.<name>`). */
export type LoginMethodId = 'password' | 'bankid' | 'freja' | 'passkey' | `saml.${string}` | `oidc.${string}`;

/** A login that completes the browser's existing session with only the step it lacked (sso-resume.ts). */
export const SESSION_METHOD = 'session';
export type EvidenceMethod = LoginMethodId | typeof SESSION_METHOD;

export interface Evidence {
  method: EvidenceMethod;
  accountId: string;
  acr: Acr;
  amr: Amr[];
  /** When the person authenticated, in seconds; the login's own time (now) when absent. */
  authTime?: number | undefined;
  /**
   * The second factor this interaction's own step proved. It offers only factors the policy
   * accepts (a recovery code standing in for the authenticator), so the step is then done, even
   * where the amr alone could not say which factor it was.
   */
  secondFactor?: FactorId | undefined;
  /** The person answered this login's offer to create a passkey (made one, or said not now). */
  passkeyOfferAnswered?: boolean | undefined;
}

/**
 * A login method. `Services` is what its routes are mounted with: the screens' services
 * (InteractionServices, context.ts), named there so that this seam imports nothing above it.
 */
export interface LoginMethod<Services = never> {
  id: LoginMethodId;
  /** A message key, or per-language text from configuration (an upstream IdP's button label). */
  label: PlainMessageKey | Record<Locale, string>;
  /** The assurance level a login with this method alone reaches. */
  acr: Acr;
  /** Where the client's policy decides that level instead (a passkey's, `passkeyAcr`). */
  acrUnder?: (policy: LoginPolicyConfig) => Acr;
  amr: Amr[];
  /** The Swedish profile's `authnProvider` value that asks for this method directly. */
  authnProvider: string;
  /** Whether this deployment can offer the method (an eID needs its service configured). */
  available(services: Services): boolean;
  /** Adds the method's routes below /interaction/:uid/<id>. */
  mount(router: Router, services: Services): void;
}
