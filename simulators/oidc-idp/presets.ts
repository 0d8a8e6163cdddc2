// How the issuer the simulator stands in for behaves: which claims each scope releases, the claims
// of a person, and how an authorization request narrows the picker. Google Workspace first; an
// ID-porten or HelseID preset would be one more entry.
import type { SimulatedPerson } from './persons.ts';

export interface IssuerPreset {
  /** Whose login page the picker stands in for. */
  brand: string;
  scopes: string[];
  /** oidc-provider's `claims`: each scope and the claims it releases. */
  claims: Record<string, string[]>;
  claimsOf(person: SimulatedPerson): Record<string, unknown>;
  /** Authorization parameters the preset reads beyond the standard ones. */
  extraParams: string[];
  /** The persons the picker offers for this request, and the note that says why when narrowed. */
  offered(persons: readonly SimulatedPerson[], params: Record<string, unknown>): Offer;
}

export interface Offer {
  persons: readonly SimulatedPerson[];
  /** The domain the request narrowed the picker to (`*`: any Workspace domain). */
  narrowedTo?: string;
}

const google: IssuerPreset = {
  brand: 'Google',
  scopes: ['openid', 'email', 'profile'],
  // Google sends `hd` for every Workspace account whatever the scope, and neither `amr` nor `acr`.
  claims: {
    openid: ['sub', 'hd'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  claimsOf: (person) => ({
    sub: person.sub,
    email: person.email,
    email_verified: true,
    name: `${person.givenName} ${person.familyName}`,
    given_name: person.givenName,
    family_name: person.familyName,
    ...(person.hostedDomain ? { hd: person.hostedDomain } : {}),
  }),
  extraParams: ['hd'],
  // `hd` narrows Google's account chooser to one Workspace domain (`*`: any). It is a hint only,
  // so the answer is not restricted: Google's guide tells clients to check the `hd` claim.
  offered(persons, params) {
    const hint = typeof params.hd === 'string' ? params.hd.toLowerCase() : '';
    if (!hint) return { persons };
    const fits = (person: SimulatedPerson) =>
      hint === '*' ? person.hostedDomain !== undefined : person.hostedDomain === hint;
    return { persons: persons.filter(fits), narrowedTo: hint };
  },
};

export const PRESETS = { google } as const satisfies Record<string, IssuerPreset>;
export type PresetName = keyof typeof PRESETS;
