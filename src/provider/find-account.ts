// oidc-provider's findAccount: an account's claims, filtered to what the scopes and the claims
// parameter asked for (oidc-provider does the filtering). `sub` is the account's random id,
// never derived from an identity number.
import type { Account as OidcAccount, AccountClaims, FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { parsePersonalNumber } from '../accounts/personnummer.ts';
import type { AccountRepository } from '../accounts/repository.ts';
import type { Account } from '../accounts/types.ts';
import { ID_TOKEN_CLAIMS, SE_CLAIM } from './vocabulary.ts';

export function createFindAccount(accounts: AccountRepository): FindAccount {
  return async (_ctx: KoaContextWithOIDC, sub: string): Promise<OidcAccount | undefined> => {
    const account = await accounts.findById(sub);
    if (!account || account.status !== 'active') return undefined;
    return {
      accountId: account.id,
      async claims(use) {
        const claims = accountClaims(account);
        if (use !== 'id_token') return claims;
        return Object.fromEntries(Object.entries(claims).filter(([name]) => ID_TOKEN_CLAIMS.has(name))) as AccountClaims;
      },
    };
  };
}

export function accountClaims(account: Account): AccountClaims {
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
    birthdate: parsed?.birthdate,
    [SE_CLAIM.personalIdentityNumber]: parsed?.kind === 'personalIdentityNumber' ? parsed.value : undefined,
    [SE_CLAIM.coordinationNumber]: parsed?.kind === 'coordinationNumber' ? parsed.value : undefined,
  });
}

function prune(claims: Record<string, unknown>): AccountClaims {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined)) as AccountClaims;
}
