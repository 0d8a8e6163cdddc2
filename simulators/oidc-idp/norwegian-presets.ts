// ID-porten and HelseID as the simulator plays them. ID-porten (docs.digdir.no): `pid` in the ID
// token, a pairwise `sub`, `acr` idporten-loa-high (BankID) or -substantial (MinID), Digdir's own
// `amr` names, and names under `profile` only from BankID. HelseID (utviklerportal.nhn.no): each
// identity claim under a scope of its own, the OIDC names under `profile`, and the security level
// "4" (high) or "3" (substantial) as a claim, not as `acr`.
import { parseNorwegianId } from '../../src/accounts/fodselsnummer.ts';
import type { IssuerPreset } from './issuer-preset.ts';
import { HELSEID_PERSONS, IDPORTEN_PERSONS } from './norwegian-persons.ts';
import type { SimulatedPerson } from './persons.ts';
import { pickerText } from './texts.ts';

const HELSEID_PID = 'helseid://claims/identity/pid';
const HELSEID_LEVEL = 'helseid://claims/identity/security_level';

const names = (person: SimulatedPerson) => ({
  name: `${person.givenName} ${person.familyName}`,
  given_name: person.givenName,
  family_name: person.familyName,
});

const describe: IssuerPreset['describe'] = (person, language) => {
  const kind = parseNorwegianId(person.nationalId ?? '')?.kind === 'dNumber' ? 'dNumber' : 'fodselsnummer';
  return `${pickerText(language, kind)} ${person.nationalId ?? ''} · ${person.eid ?? ''}`;
};

export const idporten: IssuerPreset = {
  brand: 'ID-porten',
  persons: IDPORTEN_PERSONS,
  scopes: ['openid', 'profile'],
  // oidc-provider puts `acr` and `amr` in an ID token only when a scope lists them (or the request
  // asks); ID-porten always sends both.
  claims: { openid: ['sub', 'pid', 'locale', 'acr', 'amr'], profile: ['name', 'given_name', 'family_name'] },
  claimsOf: (person) => ({
    sub: person.sub,
    pid: person.nationalId,
    locale: 'nb',
    // Digdir: `profile` adds names for BankID and Buypass logins; MinID has none to give.
    ...(person.eid === 'BankID' ? names(person) : {}),
  }),
  acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
  loginOf: (person) =>
    person.eid === 'MinID'
      ? { acr: 'idporten-loa-substantial', amr: ['Minid-OTC'] }
      : { acr: 'idporten-loa-high', amr: ['BankID'] },
  extraParams: [],
  offered: (persons) => ({ persons }),
  describe,
};

export const helseid: IssuerPreset = {
  brand: 'HelseID',
  persons: HELSEID_PERSONS,
  scopes: ['openid', 'profile', 'helseid://scopes/identity/pid', 'helseid://scopes/identity/security_level'],
  claims: {
    openid: ['sub', 'amr'],
    profile: ['name', 'given_name', 'family_name'],
    'helseid://scopes/identity/pid': [HELSEID_PID],
    'helseid://scopes/identity/security_level': [HELSEID_LEVEL],
  },
  claimsOf: (person) => ({
    sub: person.sub,
    ...names(person),
    [HELSEID_PID]: person.nationalId,
    [HELSEID_LEVEL]: person.eid === 'MinID' ? '3' : '4',
  }),
  acrValues: [],
  // NHN's example ID token says only that another identity provider logged the person in.
  loginOf: () => ({ amr: ['external'] }),
  extraParams: [],
  offered: (persons) => ({ persons }),
  describe,
  // NHN's security profile: every client pushes its authorization request and proves its key.
  requires: { pushedAuthorization: true, dpop: true },
};
