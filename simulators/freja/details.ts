// The signed part of an APPROVED result: the JWS `details`, RS256, with the signing
// certificate's SHA-1 thumbprint as `x5t`, carrying the attributes the relying party asked for.
import type { KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { ageOn, levelAtLeast, type SimulatedPerson } from './persons.ts';
import type { Transaction } from './transactions.ts';
import type { SimUserInfo } from './wire.ts';

export interface Signer {
  key: KeyObject;
  x5t: string;
}

/**
 * The attributes this person can give on day `now`. Identity attributes exist only once the identity
 * was verified (EXTENDED or PLUS); an attribute the person lacks is left out, not refused.
 */
export function attributesFor(
  person: SimulatedPerson,
  requested: readonly string[],
  now: number,
): Record<string, unknown> {
  const verified = levelAtLeast(person.registrationLevel, 'EXTENDED');
  const attributes: Record<string, unknown> = {};
  for (const attribute of requested) {
    if (attribute === 'BASIC_USER_INFO') attributes.basicUserInfo = { name: person.givenName, surname: person.surname };
    if (attribute === 'EMAIL_ADDRESS') attributes.emailAddress = person.email;
    if (attribute === 'REGISTRATION_LEVEL') attributes.registrationLevel = person.registrationLevel;
    if (attribute === 'SSN' && verified && person.ssn !== undefined)
      attributes.ssn = { ssn: person.ssn, country: 'SE' };
    if (attribute === 'DATE_OF_BIRTH' && verified) attributes.dateOfBirth = person.dateOfBirth;
    if (attribute === 'AGE' && verified) attributes.age = ageOn(person.dateOfBirth, now);
    if (attribute === 'ADDRESSES' && verified && person.addresses?.length)
      attributes.addresses = person.addresses.map((address) => ({ ...address }));
  }
  return attributes;
}

/** As the signed payload carries `userInfo`: SSN as a JSON string, INFERRED as `N/A`, others as sent. */
function signedUserInfo(userInfo: SimUserInfo): string {
  switch (userInfo.type) {
    case 'INFERRED':
      return 'N/A';
    case 'EMAIL':
      return userInfo.email;
    case 'PHONE':
      return userInfo.phone;
    case 'SSN':
      return JSON.stringify({ country: userInfo.country, ssn: userInfo.ssn });
  }
}

export async function signApproval(
  transaction: Transaction,
  person: SimulatedPerson,
  signer: Signer,
  now: number,
): Promise<{ details: string; requestedAttributes: Record<string, unknown> }> {
  const requestedAttributes = attributesFor(person, transaction.request.attributes, now);
  const payload = {
    authRef: transaction.authRef,
    status: 'APPROVED',
    userInfoType: transaction.request.userInfo.type,
    userInfo: signedUserInfo(transaction.request.userInfo),
    minRegistrationLevel: transaction.request.minRegistrationLevel,
    requestedAttributes,
    timestamp: now,
  };
  const details = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ x5t: signer.x5t, alg: 'RS256' })
    .sign(signer.key);
  return { details, requestedAttributes };
}
