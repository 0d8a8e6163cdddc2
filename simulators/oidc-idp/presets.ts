// How the issuer the simulator stands in for behaves: which claims each scope releases, the claims
// of a person, what a login reports (acr, amr), and how an authorization request narrows the
// picker. Google Workspace here; ID-porten and HelseID in norwegian-presets.ts.
import type { IssuerPreset } from './issuer-preset.ts';
import { helseid, idporten } from './norwegian-presets.ts';
import { DEMO_WORKSPACE_PERSONS, type SimulatedPerson } from './persons.ts';
import { pickerText } from './texts.ts';

export type { IssuerPreset, Offer } from './issuer-preset.ts';

const google: IssuerPreset = {
  brand: 'Google',
  persons: DEMO_WORKSPACE_PERSONS,
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
  acrValues: [],
  loginOf: () => ({}),
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
  describe: (person, language) => `${person.email} · ${person.hostedDomain ?? pickerText(language, 'consumer')}`,
};

export const PRESETS = { google, idporten, helseid } as const satisfies Record<string, IssuerPreset>;
export type PresetName = keyof typeof PRESETS;
