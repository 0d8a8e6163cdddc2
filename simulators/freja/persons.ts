// The demo people whose Freja app the simulator plays. They match the demo configuration's
// persons, so a demo login with Freja lands on the same accounts as one with a password.

export const SIM_LEVELS = ['BASIC', 'EXTENDED', 'PLUS'] as const;
export type SimLevel = (typeof SIM_LEVELS)[number];

/** An address as Freja returns it in `requestedAttributes.addresses` (the SDK's AddressInfo). */
export interface SimAddress {
  /** ISO 3166-1 alpha-2. */
  country: string;
  city: string;
  postCode: string;
  address1: string;
  address2?: string;
  address3?: string;
  /** YYYY-MM-DD */
  validFrom: string;
  type: 'RESIDENTIAL' | 'POSTAL';
  sourceType: 'GOVERNMENT_REGISTRY' | 'MANUAL_ENTRY';
}

export interface SimulatedPerson {
  /** A short handle the app page uses to pick the person. */
  id: string;
  givenName: string;
  surname: string;
  email: string;
  /** A confirmed mobile number in international form (+46…), for userInfoType PHONE. */
  phone?: string;
  /** Swedish personal identity number, 12 digits; people at BASIC have none on record. */
  ssn?: string;
  dateOfBirth: string;
  registrationLevel: SimLevel;
  /** From the population register; only people whose identity is verified have any. */
  addresses?: readonly SimAddress[];
}

// Phone numbers come from the range PTS keeps for fiction (070-174 06 05 to 070-174 06 99), so a
// demo never texts or finds a real person. Addresses are made up.

export const DEFAULT_PERSONS: readonly SimulatedPerson[] = [
  {
    id: 'anna',
    givenName: 'Anna',
    surname: 'Andersson',
    email: 'anna.andersson@example.org',
    phone: '+46701740605',
    ssn: '198506142382',
    dateOfBirth: '1985-06-14',
    registrationLevel: 'PLUS',
    addresses: [
      {
        country: 'SE',
        city: 'Stockholm',
        postCode: '11351',
        address1: 'Odengatan 52',
        validFrom: '2016-09-01',
        type: 'RESIDENTIAL',
        sourceType: 'GOVERNMENT_REGISTRY',
      },
    ],
  },
  {
    id: 'bjorn',
    givenName: 'Björn',
    surname: 'Berg',
    email: 'bjorn.berg@example.org',
    phone: '+46701740606',
    ssn: '199203184016',
    dateOfBirth: '1992-03-18',
    registrationLevel: 'EXTENDED',
    addresses: [
      {
        country: 'SE',
        city: 'Göteborg',
        postCode: '41304',
        address1: 'Linnégatan 14',
        address2: 'Lgh 1102',
        validFrom: '2021-04-15',
        type: 'RESIDENTIAL',
        sourceType: 'GOVERNMENT_REGISTRY',
      },
    ],
  },
  {
    id: 'kari',
    givenName: 'Kari',
    surname: 'Nordmann',
    email: 'kari.nordmann@example.org',
    phone: '+46701740607',
    dateOfBirth: '1990-01-01',
    registrationLevel: 'BASIC',
  },
];

/** Whole years on `now`'s calendar day in Sweden, as Freja's `age` attribute gives them. */
export function ageOn(dateOfBirth: string, now: number): number {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(now);
  const [year, monthDay] = [Number(today.slice(0, 4)), today.slice(5)];
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)];
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
}

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

  byPhone(phone: string): SimulatedPerson | undefined {
    return this.all.find((person) => person.phone === phone);
  }
}
