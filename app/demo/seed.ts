// Puts the demo persons into the database once; running the demo again leaves them as they are.
import type { Config } from '../../src/config/schema.ts';
import type { PortvaktApp } from '../server.ts';
import type { Identity } from '../../src/accounts/types.ts';

export async function seedDemoPersons(portvakt: PortvaktApp, persons: Config['demo']['persons']): Promise<number> {
  let created = 0;
  for (const person of persons) {
    if (await portvakt.accounts.findByIdentity('username', person.username)) continue;
    const identities: Identity[] = [{ type: 'username', issuer: '', value: person.username, verified: true }];
    if (person.email) identities.push({ type: 'email', issuer: '', value: person.email, verified: true });
    if (person.personal_number)
      identities.push({ type: 'se_personal_number', issuer: '', value: person.personal_number, verified: true });
    const account = await portvakt.accounts.create(
      {
        givenName: person.given_name,
        familyName: person.family_name,
        email: person.email,
        emailVerified: Boolean(person.email),
        identities,
      },
      await portvakt.passwords.hash(person.password),
    );
    for (const phone of person.phones) await portvakt.secondFactors.addPhoneNumber(account.id, phone);
    created += 1;
  }
  return created;
}
