// The made-up Norwegians the ID-porten and HelseID simulators know: staff and learners of the demo's
// health trust, one with a D-number, one who uses MinID. Both issuers know the same people by the
// same number, each under a subject of its own, so a number proven at one finds what the other made.
//
// The numbers were computed for this file (valid check digits, dates in the past), not taken from
// anyone; test/upstream/idporten.test.ts checks them with src/accounts/fodselsnummer.ts.
import { createHash } from 'node:crypto';
import type { SimulatedPerson } from './persons.ts';

type NorwegianPerson = Required<Pick<SimulatedPerson, 'givenName' | 'familyName' | 'nationalId' | 'eid'>>;

const PEOPLE: readonly NorwegianPerson[] = [
  { givenName: 'Kari', familyName: 'Nordmann', nationalId: '12068823488', eid: 'BankID' },
  { givenName: 'Ingrid', familyName: 'Haugen', nationalId: '04117942940', eid: 'BankID' },
  { givenName: 'Erik', familyName: 'Lie', nationalId: '15037148382', eid: 'BankID' },
  { givenName: 'Ola', familyName: 'Nordmann', nationalId: '23089235626', eid: 'MinID' },
  // A D-number (day + 40): a nurse from abroad, registered in Norway without a fødselsnummer yet.
  { givenName: 'Marta', familyName: 'Kowalska', nationalId: '49058717079', eid: 'BankID' },
];

/**
 * The people as one issuer knows them. ID-porten's subjects are pairwise and HelseID's are a keyed
 * hash of the number; both look like base64 SHA-256 values, as these do.
 */
function personsAt(issuerName: string): readonly SimulatedPerson[] {
  return PEOPLE.map((person) => ({
    ...person,
    sub: createHash('sha256').update(`${issuerName}:${person.nationalId}`).digest('base64'),
  }));
}

export const IDPORTEN_PERSONS = personsAt('idporten');
export const HELSEID_PERSONS = personsAt('helseid');
