// The one place a login's evidence becomes an account. Methods prove a subject (a national identity
// number from an eID, or an upstream IdP's person) and hand it here with the client's policy; this
// finds, links, merges, provisions or refuses, by the rules of resolve.ts (numbers) and
// upstream-linking.ts (the IdP's linking rules), and says which. The method then only shows what
// the answer asks of the person.
//
//   national_id ──▶ resolveByNationalId ──▶ found | created | confirm ("is this you?") | refused | unusable
//   upstream with a number ──▶ the number first (merges, verified holders), then the IdP's rules,
//                              and the account reached holds the number verified
//   upstream without ──▶ the IdP's rules: found | linked | created | prove (an existing account) | refused
import type { UpstreamLogins } from '../../adapters/upstream-logins.ts';
import type { LinkingConfig } from '../eid/saml/upstream-common.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import { unusableAccountKey, type AccountStateMessage } from './lifecycle-messages.ts';
import { resolveByNationalId, type Proof, type Provisioning, type Resolution, type ResolveDeps } from './resolve.ts';
import type { AccountRepository } from './repository.ts';
import type { Account } from './types.ts';
import { link, resolveUpstreamAccount, type LinkBy, type UpstreamIdentity } from './upstream-linking.ts';

export type LoginSubject =
  | { kind: 'national_id'; proof: Proof; typed?: 'ask' | 'yes' | 'no' }
  | { kind: 'upstream'; identity: UpstreamIdentity; linking: LinkingConfig };

export type AccountResolution =
  | { kind: 'found'; account: Account }
  | { kind: 'created'; account: Account }
  | { kind: 'linked'; account: Account; by: LinkBy }
  /** A prepared account only typed the number: the person is asked whether it is theirs. */
  | { kind: 'confirm'; account: Account }
  /** The IdP's rules ask the person to prove an existing account (its password). */
  | { kind: 'prove' }
  /** No account for this person, or one another person at this IdP holds. */
  | { kind: 'refused'; reason: 'no_account' | 'inactive' | 'conflict' }
  /** The number's account cannot be used now, or several typed it: whom to contact. */
  | { kind: 'unusable'; state: 'inactive' | 'deactivated' | 'ambiguous'; message: AccountStateMessage };

export interface LoginResolutionDeps extends ResolveDeps {
  upstream: UpstreamLogins;
}

export interface ResolutionPolicy {
  provisioning: Provisioning;
  reactivateByEid: boolean;
}

export interface ResolutionContext {
  /** The account of the browser's Portvakt session: the only thing that allows a merge. */
  sessionAccountId?: string | undefined;
  /** The method, for audit events and merge reasons. */
  via: string;
  clientId?: string | undefined;
  ip?: string | undefined;
}

/** What a proven number alone can lead to: no IdP rules, so nothing is linked or to be proven. */
export type NationalIdResolution = Extract<
  AccountResolution,
  { kind: 'found' | 'created' | 'confirm' | 'refused' | 'unusable' }
>;

export async function resolveLoginAccount(
  deps: LoginResolutionDeps,
  subject: Extract<LoginSubject, { kind: 'national_id' }>,
  policy: ResolutionPolicy,
  context: ResolutionContext,
): Promise<NationalIdResolution>;
/** An upstream IdP's assertion asks nobody "is this you?": no `confirm` for it. */
export async function resolveLoginAccount(
  deps: LoginResolutionDeps,
  subject: Extract<LoginSubject, { kind: 'upstream' }>,
  policy: ResolutionPolicy,
  context: ResolutionContext,
): Promise<Exclude<AccountResolution, { kind: 'confirm' }>>;
export async function resolveLoginAccount(
  deps: LoginResolutionDeps,
  subject: LoginSubject,
  policy: ResolutionPolicy,
  context: ResolutionContext,
): Promise<AccountResolution>;
export async function resolveLoginAccount(
  deps: LoginResolutionDeps,
  subject: LoginSubject,
  policy: ResolutionPolicy,
  context: ResolutionContext,
): Promise<AccountResolution> {
  if (subject.kind === 'national_id') return byNationalId(deps, subject.proof, subject.typed ?? 'ask', policy, context);
  const { identity, linking } = subject;
  if (!identity.nationalId) return resolveUpstreamAccount(deps.accounts, deps.upstream, identity, linking);
  return upstreamWithNumber(deps, identity, linking, policy, context);
}

async function byNationalId(
  deps: LoginResolutionDeps,
  proof: Proof,
  typed: 'ask' | 'yes' | 'no',
  policy: ResolutionPolicy,
  context: ResolutionContext,
): Promise<NationalIdResolution> {
  const resolution = await resolveByNationalId(deps, proof, { ...policy, ...context, typed });
  if (resolution.kind === 'found' || resolution.kind === 'created' || resolution.kind === 'confirm')
    return { kind: resolution.kind, account: resolution.account };
  if (resolution.kind === 'unknown') return { kind: 'refused', reason: 'no_account' };
  return unusable(resolution);
}

/**
 * The IdP proved a national identity number: the account that holds it (with a Portvakt session
 * in this browser, the person's accounts merged, see resolve.ts) comes before the IdP's own
 * linking rules, and an account reached either way ends up holding the number verified. An IdP
 * never provisions by number alone: its own rules decide that.
 */
async function upstreamWithNumber(
  deps: LoginResolutionDeps,
  identity: UpstreamIdentity,
  linking: LinkingConfig,
  policy: ResolutionPolicy,
  context: ResolutionContext,
): Promise<Exclude<AccountResolution, { kind: 'confirm' }>> {
  const proof = { ...identity.nationalId!, givenName: identity.givenName, familyName: identity.familyName };
  const known = await deps.accounts.findByIdentity('upstream_subject', identity.subject, identity.issuer);
  const resolution = await resolveByNationalId(deps, proof, {
    provisioning: 'existing',
    reactivateByEid: policy.reactivateByEid,
    identified: known,
    ...context,
  });
  if (resolution.kind === 'found')
    return known?.id === resolution.account.id
      ? { kind: 'found', account: resolution.account }
      : link(deps.accounts, deps.upstream, resolution.account, identity, proof.type);
  if (resolution.kind !== 'unknown' && resolution.kind !== 'created') return unusable(resolution);
  const outcome = await resolveUpstreamAccount(deps.accounts, deps.upstream, identity, linking);
  if (outcome.kind === 'found' || outcome.kind === 'linked' || outcome.kind === 'created')
    await holdProvenNumber(deps.accounts, outcome.account, proof);
  return outcome;
}

/**
 * The account a login reached through an IdP that proved `number` holds it verified from now on:
 * a number the account had only typed becomes proven, and a missing one is added.
 */
export async function holdProvenNumber(
  accounts: AccountRepository,
  account: Account,
  number: Pick<Proof, 'type' | 'value'>,
): Promise<void> {
  const typed = account.identities.some(
    (identity) => identity.type === number.type && identity.value === number.value && !identity.verified,
  );
  try {
    if (typed) await accounts.verifyIdentity(account.id, number.type, number.value);
    else await accounts.addIdentity(account.id, { type: number.type, issuer: '', value: number.value, verified: true });
  } catch (error) {
    // Proven on another account a moment ago (or held already); this login still reaches its account.
    if (!isPortvaktError(error, 'conflict')) throw error;
  }
}

/** Whom the person must contact, and which text tells them why. */
function unusable(
  resolution: Extract<Resolution, { kind: 'inactive' | 'deactivated' | 'ambiguous' }>,
): Extract<AccountResolution, { kind: 'unusable' }> {
  if (resolution.kind === 'deactivated')
    return {
      kind: 'unusable',
      state: 'deactivated',
      message: unusableAccountKey({ status: 'deactivated', deactivatedReason: resolution.reason }),
    };
  return {
    kind: 'unusable',
    state: resolution.kind,
    message: resolution.kind === 'inactive' ? 'notActivated' : 'ambiguous',
  };
}
