// What a simulated issuer is made of: the shape every preset (presets.ts) fills.
import type { SimulatedPerson } from './persons.ts';
import type { PickerLanguage } from './texts.ts';

export interface IssuerPreset {
  /** Whose login page the picker stands in for. */
  brand: string;
  /** The people the picker offers unless the simulator is given others. */
  persons: readonly SimulatedPerson[];
  scopes: string[];
  /** oidc-provider's `claims`: each scope and the claims it releases. */
  claims: Record<string, string[]>;
  claimsOf(person: SimulatedPerson): Record<string, unknown>;
  /** The `acr` values the issuer reports (discovery's acr_values_supported); none, none is sent. */
  acrValues: string[];
  /** What the ID token says of how this person logged in. */
  loginOf(person: SimulatedPerson): { acr?: string; amr?: string[] };
  /** Authorization parameters the preset reads beyond the standard ones. */
  extraParams: string[];
  /** The persons the picker offers for this request, and the note that says why when narrowed. */
  offered(persons: readonly SimulatedPerson[], params: Record<string, unknown>): Offer;
  /** The line under a person's name on the picker. */
  describe(person: SimulatedPerson, language: PickerLanguage): string;
  /**
   * What the issuer demands of every client, as its security profile does: authorization requests
   * pushed first (RFC 9126), and access tokens bound to the client's key with DPoP (RFC 9449).
   */
  requires?: { pushedAuthorization?: boolean; dpop?: boolean };
}

export interface Offer {
  persons: readonly SimulatedPerson[];
  /** The domain the request narrowed the picker to (`*`: any Workspace domain). */
  narrowedTo?: string;
}
