// Finds the account an upstream identity logs in to. A known (IdP, subject) pair is the answer;
// on a first login the IdP's linking rules decide: link to the account that holds the same
// verified identity, provision a new account, refuse, or ask the person to prove an account.
//
//   (issuer, subject) known ──▶ found
//   else, in the order of linking.by: employee_code | se_personal_number | email (authoritative
//   domains only), held verified ──▶ linked (a value someone only typed links nothing)
//   else onNoMatch: provision ──▶ created │ refuse ──▶ refused │ proveExisting ──▶ prove
import type { UpstreamLogins } from '../../adapters/upstream-logins.ts';
import type { LinkingConfig, LinkKey } from '../eid/saml/upstream-common.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import type { AccountRepository } from './repository.ts';
import type { NationalIdType } from './resolve.ts';
import type { Account, Identity } from './types.ts';

/** What an upstream IdP verified about the person, as linking uses it (interactions/upstream/profile.ts maps it). */
export interface UpstreamIdentity {
  /** The SAML IdP's entity id or the OIDC issuer: together with `subject` the key of the person. */
  issuer: string;
  subject: string;
  email: string | undefined;
  /** Whether the IdP vouches for the address; linking by e-mail also needs an authoritative domain. */
  emailVerified: boolean;
  givenName: string | undefined;
  familyName: string | undefined;
  employeeNumber: string | undefined;
  /** A valid Swedish personal identity or coordination number, when the IdP asserts one. */
  personalNumber: string | undefined;
  /** A checked national identity number from the mapping's `nationalId`: proof, not a typed value. */
  nationalId: { type: NationalIdType; value: string } | undefined;
}

export function emailDomain(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 ? email.slice(at + 1) : undefined;
}

export type LinkOutcome =
  | { kind: 'found'; account: Account }
  | { kind: 'linked'; account: Account; by: LinkBy }
  | { kind: 'created'; account: Account }
  | { kind: 'prove' }
  | { kind: 'refused'; reason: 'no_account' | 'inactive' | 'conflict' };

/** What tied an upstream identity to an account on its first login. */
export type LinkBy = LinkKey | 'password' | NationalIdType;

export async function resolveUpstreamAccount(
  accounts: AccountRepository,
  store: UpstreamLogins,
  profile: UpstreamIdentity,
  linking: LinkingConfig,
): Promise<LinkOutcome> {
  const known = await accounts.findByIdentity('upstream_subject', profile.subject, profile.issuer);
  if (known)
    return known.status === 'active' ? { kind: 'found', account: known } : { kind: 'refused', reason: 'inactive' };
  for (const key of linking.by) {
    const value = linkValue(profile, key, linking);
    const account = value ? await accounts.findVerifiedHolder(key, value) : undefined;
    // Only a verified holding links: a number typed at self-registration, or an address never
    // proven, belongs to whoever typed it, and linking would give the typist's account (and its
    // password) the IdP's person, and the person's logins the typist.
    if (!account) continue;
    if (account.status !== 'active') return { kind: 'refused', reason: 'inactive' };
    return link(accounts, store, account, profile, key);
  }
  if (linking.onNoMatch === 'proveExisting') return { kind: 'prove' };
  if (linking.onNoMatch === 'refuse') return { kind: 'refused', reason: 'no_account' };
  return provision(accounts, profile, linking);
}

/** Links a proven or matched account; refused when it already belongs to another person at this IdP. */
export async function link(
  accounts: AccountRepository,
  store: UpstreamLogins,
  account: Account,
  profile: UpstreamIdentity,
  by: LinkBy,
): Promise<LinkOutcome> {
  const other = account.identities.some(
    (identity) =>
      identity.type === 'upstream_subject' && identity.issuer === profile.issuer && identity.value !== profile.subject,
  );
  if (other) return { kind: 'refused', reason: 'conflict' };
  if (!(await store.linkSubject(account.id, profile.issuer, profile.subject))) {
    // The subject was linked a moment ago, by a login running at the same time or before.
    const holder = await accounts.findByIdentity('upstream_subject', profile.subject, profile.issuer);
    return holder?.id === account.id ? { kind: 'found', account } : { kind: 'refused', reason: 'conflict' };
  }
  return { kind: 'linked', account, by };
}

/** The value of `key` the IdP is trusted for, if the profile has one. */
function linkValue(profile: UpstreamIdentity, key: LinkKey, linking: LinkingConfig): string | undefined {
  if (key === 'employee_code') return profile.employeeNumber;
  if (key === 'se_personal_number') return profile.personalNumber;
  return profile.emailVerified && isAuthoritative(profile, linking) ? profile.email : undefined;
}

function isAuthoritative(profile: UpstreamIdentity, linking: LinkingConfig): boolean {
  const domain = emailDomain(profile.email);
  return domain !== undefined && linking.authoritativeEmailDomains.includes(domain);
}

/**
 * A new account with the upstream subject, and the identities this IdP is trusted to link by,
 * so a later login with them (BankID with the same number) reaches the same account.
 */
async function provision(
  accounts: AccountRepository,
  profile: UpstreamIdentity,
  linking: LinkingConfig,
): Promise<LinkOutcome> {
  const identities: Identity[] = [
    { type: 'upstream_subject', issuer: profile.issuer, value: profile.subject, verified: true },
  ];
  for (const key of linking.by) {
    const value = linkValue(profile, key, linking);
    if (value) identities.push({ type: key, issuer: '', value, verified: true });
  }
  const authoritative = profile.emailVerified && isAuthoritative(profile, linking);
  try {
    const account = await accounts.create({
      givenName: profile.givenName,
      familyName: profile.familyName,
      email: profile.email,
      emailVerified: authoritative,
      identities,
    });
    return { kind: 'created', account };
  } catch (error) {
    if (!isPortvaktError(error, 'conflict')) throw error;
    const raced = await accounts.findByIdentity('upstream_subject', profile.subject, profile.issuer);
    return raced ? { kind: 'found', account: raced } : { kind: 'refused', reason: 'conflict' };
  }
}
