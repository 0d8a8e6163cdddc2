// The demo people whose Freja app the simulator plays. They match the demo configuration's
// persons, so a demo login with Freja lands on the same accounts as one with a password.

export const SIM_LEVELS = ['BASIC', 'EXTENDED', 'PLUS'] as const;
export type SimLevel = (typeof SIM_LEVELS)[number];

export interface SimulatedPerson {
  /** A short handle the app page uses to pick the person. */
  id: string;
  givenName: string;
  surname: string;
  email: string;
  /** Swedish personal identity number, 12 digits; people at BASIC have none on record. */
  ssn?: string;
  dateOfBirth: string;
  registrationLevel: SimLevel;
}

export const DEFAULT_PERSONS: readonly SimulatedPerson[] = [
  {
    id: 'anna',
    givenName: 'Anna',
    surname: 'Andersson',
    email: 'anna.andersson@example.org',
    ssn: '198506142382',
    dateOfBirth: '1985-06-14',
    registrationLevel: 'PLUS',
  },
  {
    id: 'bjorn',
    givenName: 'Björn',
    surname: 'Berg',
    email: 'bjorn.berg@example.org',
    ssn: '199203184016',
    dateOfBirth: '1992-03-18',
    registrationLevel: 'EXTENDED',
  },
  {
    id: 'kari',
    givenName: 'Kari',
    surname: 'Nordmann',
    email: 'kari.nordmann@example.org',
    dateOfBirth: '1990-01-01',
    registrationLevel: 'BASIC',
  },
];

export function levelAtLeast(actual: SimLevel, required: SimLevel): boolean {
  return SIM_LEVELS.indexOf(actual) >= SIM_LEVELS.indexOf(required);
}

export class PersonDirectory {
  readonly all: readonly SimulatedPerson[];

  constructor(persons: readonly SimulatedPerson[]) {
    const ids = new Set(persons.map((person) => person.id));
    if (ids.size !== persons.length) throw new Error('Freja simulator: person ids must be unique');
    this.all = persons;
  }

  byId(id: string): SimulatedPerson | undefined {
    return this.all.find((person) => person.id === id);
  }

  /** Freja finds a person by personal number only once their identity is verified. */
  bySsn(country: string, ssn: string): SimulatedPerson | undefined {
    if (country !== 'SE') return undefined;
    return this.all.find((person) => person.ssn === ssn && person.registrationLevel !== 'BASIC');
  }

  byEmail(email: string): SimulatedPerson | undefined {
    const wanted = email.toLowerCase();
    return this.all.find((person) => person.email.toLowerCase() === wanted);
  }
}
