// The organisation's staff as the test IdP knows them. Anna Andersson also has a password account
// and BankID in the demo (198506142382), so linking by number or e-mail finds her account.

export interface StaffPerson {
  /** What the login page and the tests call the person. */
  id: string;
  /** The persistent NameID: opaque, stable, and meaningless outside this IdP. */
  nameId: string;
  email: string;
  givenName: string;
  familyName: string;
  employeeNumber: string;
  personalNumber?: string;
}

export const DEFAULT_STAFF: readonly StaffPerson[] = [
  {
    id: 'anna',
    nameId: 'e3b8c1d2-anna-5f2a',
    email: 'anna.andersson@example.org',
    givenName: 'Anna',
    familyName: 'Andersson',
    employeeNumber: 'E1001',
    personalNumber: '198506142382',
  },
  {
    id: 'erik',
    nameId: '7d41aa90-erik-11c4',
    email: 'erik.ek@kommun.example',
    givenName: 'Erik',
    familyName: 'Ek',
    employeeNumber: 'E1002',
  },
  {
    id: 'sara',
    nameId: '0c9f5e77-sara-8b3e',
    email: 'sara.lind@kommun.example',
    givenName: 'Sara',
    familyName: 'Lind',
    employeeNumber: 'E1003',
  },
];

/** Attribute names from Sweden Connect's attribute specification and eduPerson, as URIs. */
export const ATTRIBUTE_NAMES = {
  email: 'urn:oid:0.9.2342.19200300.100.1.3',
  givenName: 'urn:oid:2.5.4.42',
  familyName: 'urn:oid:2.5.4.4',
  displayName: 'urn:oid:2.16.840.1.113730.3.1.241',
  employeeNumber: 'urn:oid:2.16.840.1.113730.3.1.3',
  personalNumber: 'urn:oid:1.2.752.29.4.13',
} as const;
