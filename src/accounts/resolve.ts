// Turns a verified identity number into an account: the one that holds it, a new one when the
// client's policy provisions accounts on first login, or a refusal.
import { isPortvaktError } from '../errors.ts';
import type { AccountRepository } from './repository.ts';
import type { Account } from './types.ts';

export type Provisioning = 'existing' | 'jit';

export type Resolution =
  | { kind: 'found'; account: Account }
  | { kind: 'created'; account: Account }
  | { kind: 'unknown' }
  | { kind: 'inactive' };

export async function resolveByPersonalNumber(
  accounts: AccountRepository,
  person: { personalNumber: string; givenName: string; familyName: string },
  provisioning: Provisioning,
): Promise<Resolution> {
  const existing = await accounts.findByIdentity('se_personal_number', person.personalNumber);
  if (existing) return existing.status === 'active' ? { kind: 'found', account: existing } : { kind: 'inactive' };
  if (provisioning !== 'jit') return { kind: 'unknown' };
  try {
    const account = await accounts.create({
      givenName: person.givenName,
      familyName: person.familyName,
      identities: [{ type: 'se_personal_number', issuer: '', value: person.personalNumber, verified: true }],
    });
    return { kind: 'created', account };
  } catch (error) {
    // Two first logins at once: the other one created the account a moment ago.
    if (!isPortvaktError(error, 'conflict')) throw error;
    const raced = await accounts.findByIdentity('se_personal_number', person.personalNumber);
    if (!raced) throw error;
    return { kind: 'found', account: raced };
  }
}
