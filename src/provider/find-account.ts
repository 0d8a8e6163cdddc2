// oidc-provider's findAccount: an account's claims, filtered to what the scopes and the claims
// parameter asked for (oidc-provider does the filtering). `sub` is the account's random id,
// never derived from an identity number. A merged-away account is found no more; its survivor
// names it in `previous_subs` (pairwise clients get their own pairwise value of each). The network
// the token's login came from rides along as `login_network` (login-network.ts).
import { createHmac } from 'node:crypto';
import type { Account as OidcAccount, AccountClaims, FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import type { Queryable } from '../../adapters/database.ts';
import { parsePersonalNumber } from '../accounts/personnummer.ts';
import type { AccountRepository } from '../accounts/repository.ts';
import type { Account } from '../accounts/types.ts';
import { ID_TOKEN_CLAIMS, LOGIN_NETWORK_CLAIM, PREVIOUS_SUBS_CLAIM, SE_CLAIM } from './vocabulary.ts';

export interface FindAccountOptions {
  /** With it, the account, its retired ids and the login's network are read in one statement; without, neither claim. */
  db?: Queryable;
  /** The salt of configuration.ts's pairwiseIdentifier; without it pairwise clients get no `previous_subs`. */
  pairwiseSalt?: string;
}

type ClaimSource = Pick<
  Account,
  'id' | 'givenName' | 'familyName' | 'email' | 'emailVerified' | 'locale' | 'updatedAt' | 'identities'
>;

export function createFindAccount(accounts: AccountRepository, options: FindAccountOptions = {}): FindAccount {
  return async (ctx: KoaContextWithOIDC, sub: string, token?: object): Promise<OidcAccount | undefined> => {
    // Codes, access and refresh tokens name the session they were issued in.
    const sessionUid =
      token && 'sessionUid' in token && typeof token.sessionUid === 'string' ? token.sessionUid : undefined;
    const found = options.db
      ? await loadWithRetired(options.db, sub, sessionUid)
      : await loadWithoutRetired(accounts, sub);
    if (!found) return undefined;
    const previous = previousSubs(ctx, found.retired, options.pairwiseSalt);
    return {
      accountId: found.account.id,
      async claims(use) {
        const claims = {
          ...accountClaims(found.account),
          ...(previous.length ? { [PREVIOUS_SUBS_CLAIM]: previous } : {}),
          ...(found.network ? { [LOGIN_NETWORK_CLAIM]: found.network } : {}),
        };
        if (use !== 'id_token') return claims;
        return Object.fromEntries(
          Object.entries(claims).filter(([name]) => ID_TOKEN_CLAIMS.has(name)),
        ) as AccountClaims;
      },
    };
  };
}

export function accountClaims(account: ClaimSource): AccountClaims {
  const username = account.identities.find((identity) => identity.type === 'username')?.value;
  const personal = account.identities.find((identity) => identity.type === 'se_personal_number' && identity.verified);
  const parsed = personal ? parsePersonalNumber(personal.value) : undefined;
  const name = [account.givenName, account.familyName].filter(Boolean).join(' ');
  return prune({
    sub: account.id,
    name: name || undefined,
    given_name: account.givenName ?? undefined,
    family_name: account.familyName ?? undefined,
    preferred_username: username,
    email: account.email ?? undefined,
    email_verified: account.email ? account.emailVerified : undefined,
    locale: account.locale ?? undefined,
    // OIDC Core §5.1: seconds since the epoch.
    updated_at: Math.floor(account.updatedAt.getTime() / 1000),
    birthdate: parsed?.birthdate,
    [SE_CLAIM.personalIdentityNumber]: parsed?.kind === 'personalIdentityNumber' ? parsed.value : undefined,
    [SE_CLAIM.coordinationNumber]: parsed?.kind === 'coordinationNumber' ? parsed.value : undefined,
  });
}

interface FoundAccount {
  account: ClaimSource;
  retired: string[];
  network?: string;
}

interface Row {
  id: string;
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  email_verified: boolean;
  locale: string | null;
  updated_at: Date;
  identities: Account['identities'] | null;
  retired: string[] | null;
  network: string | null;
}

/** findAccount runs several times per login: one statement for the account, identities, retired ids and network. */
async function loadWithRetired(
  db: Queryable,
  sub: string,
  sessionUid: string | undefined,
): Promise<FoundAccount | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub)) return undefined;
  const { rows } = await db.query<Row>(
    `SELECT a.id, a.given_name, a.family_name, a.email, a.email_verified, a.locale, a.updated_at,
       (SELECT json_agg(json_build_object('type', i.type, 'issuer', i.issuer, 'value', i.value, 'verified', i.verified) ORDER BY i.created_at, i.type)
        FROM identities i WHERE i.account_id = a.id) AS identities,
       (SELECT array_agg(r.retired_id::text ORDER BY r.merged_at, r.retired_id) FROM retired_subjects r WHERE r.survivor_id = a.id) AS retired,
       (SELECT n.network FROM login_networks n WHERE n.session_uid = $2) AS network
     FROM accounts a WHERE a.id = $1 AND a.status = 'active'`,
    [sub, sessionUid ?? null],
  );
  const row = rows[0];
  if (!row) return undefined;
  const account = {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    emailVerified: row.email_verified,
    locale: row.locale,
    updatedAt: row.updated_at,
    identities: row.identities ?? [],
  };
  return { account, retired: row.retired ?? [], ...(row.network ? { network: row.network } : {}) };
}

async function loadWithoutRetired(accounts: AccountRepository, sub: string): Promise<FoundAccount | undefined> {
  const account = await accounts.findById(sub);
  return account?.status === 'active' ? { account, retired: [] } : undefined;
}

/** The retired ids as this client knows them: as they are, or pairwise as configuration.ts computes `sub`. */
function previousSubs(ctx: KoaContextWithOIDC, retired: string[], salt: string | undefined): string[] {
  const client = ctx.oidc?.client;
  if (retired.length === 0 || client?.subjectType !== 'pairwise') return retired;
  if (!salt || !client.sectorIdentifier) return [];
  return retired.map((id) => createHmac('sha256', salt).update(`${client.sectorIdentifier}|${id}`).digest('base64url'));
}

function prune(claims: Record<string, unknown>): AccountClaims {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined)) as AccountClaims;
}
