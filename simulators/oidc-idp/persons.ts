// The made-up people the simulated identity provider knows. The Google set spans two Google
// Workspace domains of one municipality and a consumer account, so the chooser's two staff logins
// and Portvakt's domain rule each have someone to let in and someone to refuse. The Norwegian
// issuers' people are in norwegian-persons.ts.

export interface SimulatedPerson {
  /** The issuer's subject: stable, never reassigned, and meaningless outside this issuer. */
  sub: string;
  /** Absent at issuers that release no address (ID-porten, HelseID). */
  email?: string;
  givenName: string;
  familyName: string;
  /** The Workspace domain (Google's `hd`); absent for a consumer account. */
  hostedDomain?: string;
  /** A Norwegian fødselsnummer or D-number (ID-porten's `pid`). */
  nationalId?: string;
  /** The eID the person uses at a Norwegian issuer: BankID is "high", MinID "substantial". */
  eid?: 'BankID' | 'MinID';
}

/** A Google account always has an address. */
export interface WorkspacePerson extends SimulatedPerson {
  email: string;
}

/**
 * The municipality (exempelstad.se), its school administration (skola.exempelstad.se) and one
 * private account. Google's subjects are decimal strings of about 21 digits; these look alike.
 */
export const DEMO_WORKSPACE_PERSONS: readonly WorkspacePerson[] = [
  {
    sub: '104857263910572836401',
    email: 'anna.andersson@exempelstad.se',
    givenName: 'Anna',
    familyName: 'Andersson',
    hostedDomain: 'exempelstad.se',
  },
  {
    sub: '117730452208814396022',
    email: 'erik.ek@exempelstad.se',
    givenName: 'Erik',
    familyName: 'Ek',
    hostedDomain: 'exempelstad.se',
  },
  {
    sub: '109264583017736254183',
    email: 'sara.lind@skola.exempelstad.se',
    givenName: 'Sara',
    familyName: 'Lind',
    hostedDomain: 'skola.exempelstad.se',
  },
  {
    sub: '112093847561029384754',
    email: 'omar.haddad@skola.exempelstad.se',
    givenName: 'Omar',
    familyName: 'Haddad',
    hostedDomain: 'skola.exempelstad.se',
  },
  {
    sub: '100384756102938475615',
    email: 'pelle.privat@privat.example',
    givenName: 'Pelle',
    familyName: 'Privat',
  },
];
