// The bare provider's accounts: the bench persons in memory, their passwords hashed with argon2id
// at the configured parameters, so a bare login costs the same one verification as Portvakt's.
import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { Account, AccountClaims } from 'oidc-provider';
import type { Config } from '../../src/config/schema.ts';

interface Person {
  id: string;
  hash: string;
  claims: AccountClaims;
}

export interface BareAccounts {
  find(id: string): Account | undefined;
  /** The account id when the password matches; an unknown name costs a verification too. */
  verify(username: string, password: string): Promise<string | undefined>;
}

export async function createBareAccounts(config: Config): Promise<BareAccounts> {
  const options = { type: argon2.argon2id, ...config.password } as const;
  const byName = new Map<string, Person>();
  const byId = new Map<string, Person>();
  for (const person of config.demo.persons) {
    const id = randomUUID();
    const claims = {
      sub: id,
      name: `${person.given_name} ${person.family_name}`,
      given_name: person.given_name,
      family_name: person.family_name,
      preferred_username: person.username,
      email: person.email,
      email_verified: true,
    };
    const entry = { id, hash: await argon2.hash(person.password, options), claims };
    byName.set(person.username, entry);
    byId.set(id, entry);
  }
  const dummy = await argon2.hash(randomUUID(), options);
  return {
    find(id) {
      const person = byId.get(id);
      return person ? { accountId: person.id, claims: () => person.claims } : undefined;
    },
    async verify(username, password) {
      const person = byName.get(username);
      const matches = await argon2.verify(person?.hash ?? dummy, password).catch(() => false);
      return matches && person ? person.id : undefined;
    },
  };
}
