// Which E-portal services a login opens, read only from the ID token's `acr`, `amr` and
// `login_network`: the policy lives in one place, apart from the pages. Each lock is the reason, in
// the words the person sees.
import type { SignedInUser } from '../shared/sessions.ts';

export type Service = 'vab' | 'payslip' | 'smsNumbers';

// RFC 8176 methods that prove a second factor, and the Swedish assurance levels from loa2 up.
const SECOND_FACTOR_AMR: ReadonlySet<string> = new Set(['otp', 'sms', 'mfa']);
// The name Portvakt's configuration gives the administrative (office) network, under `networks`;
// Portvakt puts it in the `login_network` claim of logins that came from there.
const OFFICE_NETWORK = 'office';
/** The level a step-up asks Portvakt for: a password with a second factor reaches it. */
export const STEP_UP_ACR = 'http://id.elegnamnden.se/loa/1.0/loa2';
const TWO_FACTOR_ACR: ReadonlySet<string> = new Set([
  STEP_UP_ACR,
  'http://id.elegnamnden.se/loa/1.0/loa3',
  'http://id.elegnamnden.se/loa/1.0/loa4',
]);

/** Undefined where the service is open; otherwise why it is not. */
export function serviceLocks(user: SignedInUser | undefined): Record<Service, string | undefined> {
  if (!user) {
    const login = 'Kräver inloggning.';
    return { vab: login, payslip: login, smsNumbers: login };
  }
  return {
    vab: undefined,
    payslip: hasSecondFactor(user)
      ? undefined
      : 'Lönespecifikationen kräver inloggning med två faktorer, till exempel lösenord och en kod via SMS. Den här inloggningen hade bara en faktor. Välj ”Logga in med två faktorer” så frågar Portvakt efter den andra faktorn.',
    // Numbers that receive login codes are changed only from the office network, where a stolen
    // password alone cannot reach them.
    smsNumbers:
      user.claims.login_network === OFFICE_NETWORK
        ? undefined
        : 'Erbjuds bara när du loggat in från kontorets nätverk. Den här inloggningen kom från ett annat nätverk. Logga in igen från kontoret.',
  };
}

function hasSecondFactor(user: SignedInUser): boolean {
  const amr = Array.isArray(user.claims.amr) ? user.claims.amr : [];
  const acr = user.claims.acr;
  return (
    amr.some((method) => typeof method === 'string' && SECOND_FACTOR_AMR.has(method)) ||
    (typeof acr === 'string' && TWO_FACTOR_ACR.has(acr))
  );
}
