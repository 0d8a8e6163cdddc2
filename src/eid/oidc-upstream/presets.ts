// Known Norwegian issuers by name: an `oidcUpstreams` entry with `preset` gets the issuer's
// scopes, claims, national identity number and assurance table wherever it says nothing itself.
// Portvakt's registration there (issuer, client id, client authentication) stays the entry's.
//
// Levels: Sweden Connect's loa3 is the Swedish counterpart of eIDAS "substantial", and Portvakt
// already reports Freja eID+ Plus (substantial) and BankID at loa3. So ID-porten's substantial
// (MinID) and high (BankID, Buypass, Commfides) both report loa3: no Portvakt method claims loa4,
// and a relayed login should not outrank the country's own eIDs. HelseID's security levels are
// the older Norwegian scale (3 substantial, 4 high; 2 is one factor).
import { ACR } from '../../provider/vocabulary.ts';
import type { AssuranceTable, UpstreamAmr } from './assurance.ts';

export const OIDC_PRESET_NAMES = ['idporten', 'helseid'] as const;
export type OidcPresetName = (typeof OIDC_PRESET_NAMES)[number];

interface OidcPreset {
  label: { sv: string; nb: string; en: string };
  scopes: string[];
  /** The claim mapping's keys the issuer decides; the rest keep the mapping's defaults. */
  claims: Record<string, string>;
  nationalId: { claim: string; type: 'no_national_id' };
  acr: typeof ACR.loa3;
  amr: UpstreamAmr[];
  assurance: AssuranceTable;
  pushedAuthorization?: boolean;
  dpop?: boolean;
}

const TWO_FACTORS = { acr: ACR.loa3, amr: ['mfa'] } satisfies AssuranceTable['levels'][string];

export const OIDC_PRESETS: Record<OidcPresetName, OidcPreset> = {
  // docs.digdir.no, ID-porten's id_token: `pid` is the fødselsnummer or D-number and the person's
  // key, as Digdir advises, since `sub` is pairwise and changed in the platform migration; `acr` is
  // idporten-loa-substantial or -high (Level3 and Level4 on the old platform); `profile` adds names
  // only for BankID and Buypass. Its `amr` values (BankID, Minid-OTC, …) are not RFC 8176 values,
  // and Digdir advises against relying on them.
  idporten: {
    label: { sv: 'ID-porten (Norge)', nb: 'ID-porten', en: 'ID-porten (Norway)' },
    scopes: ['openid', 'profile'],
    claims: { subject: 'pid', givenName: 'given_name', familyName: 'family_name' },
    nationalId: { claim: 'pid', type: 'no_national_id' },
    acr: ACR.loa3,
    amr: ['mfa'],
    assurance: {
      claim: 'acr',
      levels: {
        'idporten-loa-substantial': TWO_FACTORS,
        'idporten-loa-high': TWO_FACTORS,
        Level3: TWO_FACTORS,
        Level4: TWO_FACTORS,
      },
    },
    // Digdir recommends PAR for clients with stronger security needs; an entry may turn it off.
    pushedAuthorization: true,
  },
  // utviklerportal.nhn.no, HelseID's scopes and claims: each identity claim comes with a scope of
  // its own; names are the OIDC standard ones under `profile`; security_level is "2", "3" or "4".
  helseid: {
    label: { sv: 'HelseID (norsk vård)', nb: 'HelseID', en: 'HelseID (Norwegian health sector)' },
    scopes: ['openid', 'profile', 'helseid://scopes/identity/pid', 'helseid://scopes/identity/security_level'],
    claims: { subject: 'sub', givenName: 'given_name', familyName: 'family_name' },
    nationalId: { claim: 'helseid://claims/identity/pid', type: 'no_national_id' },
    acr: ACR.loa3,
    amr: ['mfa'],
    assurance: {
      claim: 'helseid://claims/identity/security_level',
      levels: { '4': TWO_FACTORS, '3': TWO_FACTORS, '2': { acr: ACR.loa2, amr: ['pwd'] } },
    },
    // NHN's security profile for HelseID clients: pushed authorization requests and DPoP.
    pushedAuthorization: true,
    dpop: true,
  },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The entry with its preset's values under its own: what the entry says wins, key by key in the
 * claim mapping and wholesale elsewhere (an own `assurance` table replaces the preset's). An entry
 * without a known preset is returned as it is, for the schema to accept or refuse.
 */
export function withPreset(entry: unknown): unknown {
  if (!isRecord(entry) || typeof entry.preset !== 'string' || !Object.hasOwn(OIDC_PRESETS, entry.preset)) return entry;
  const { claims, ...defaults } = OIDC_PRESETS[entry.preset as OidcPresetName];
  const ownClaims = entry.claims === undefined ? {} : entry.claims;
  return {
    ...defaults,
    ...entry,
    claims: isRecord(ownClaims) ? { ...claims, ...ownClaims } : ownClaims,
  };
}
