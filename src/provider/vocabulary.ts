// Names from the specifications Portvakt speaks: Swedish OIDC profile claims and scopes, the
// Swedish assurance levels, and RFC 8176 authentication method references.

export const SE_CLAIM = {
  personalIdentityNumber: 'https://id.oidc.se/claim/personalIdentityNumber',
  coordinationNumber: 'https://id.oidc.se/claim/coordinationNumber',
  authnProvider: 'https://id.oidc.se/claim/authnProvider',
} as const;

export const SE_SCOPE = {
  naturalPersonNumber: 'https://id.oidc.se/scope/naturalPersonNumber',
  naturalPersonInfo: 'https://id.oidc.se/scope/naturalPersonInfo',
} as const;

/** Sweden Connect's registry of assurance levels, used as OIDC `acr` values. */
export const ACR = {
  loa1: 'http://id.elegnamnden.se/loa/1.0/loa1',
  loa2: 'http://id.elegnamnden.se/loa/1.0/loa2',
  loa3: 'http://id.elegnamnden.se/loa/1.0/loa3',
  loa4: 'http://id.elegnamnden.se/loa/1.0/loa4',
} as const;
export type Acr = (typeof ACR)[keyof typeof ACR];

/** Ordered weakest first, so "at least" comparisons are index comparisons. */
export const ACR_ORDER: readonly Acr[] = [ACR.loa1, ACR.loa2, ACR.loa3, ACR.loa4];

/** RFC 8176 values, and `phr` (phishing-resistant) from the IANA registry's OpenID EAP entry. */
export type Amr = 'pwd' | 'otp' | 'sms' | 'mfa' | 'hwk' | 'swk' | 'pin' | 'fpt' | 'face' | 'user' | 'phr';

/**
 * The `sub` values of accounts merged into this one, oldest first, so a relying party can move what
 * it keeps under a retired `sub` (Portvakt's own claim; only present after a merge).
 */
/** The admin API's scope. Operators give it to clients they configure; it is never registrable. */
export const ADMIN_SCOPE = 'admin';

/** Scopes that make a client an operator: refused in dynamic registration and client updates. */
export const PRIVILEGED_SCOPES: ReadonlySet<string> = new Set([ADMIN_SCOPE]);

export const PREVIOUS_SUBS_CLAIM = 'previous_subs';

/**
 * The configured network (`networks` in configuration) the login came from, absent when it came
 * from none (Portvakt's own claim; OpenID Connect Core 5.1.2 leaves such names to agreement).
 */
export const LOGIN_NETWORK_CLAIM = 'login_network';

/** Scope → claims, as oidc-provider's `claims` configuration takes them. */
export const SCOPE_CLAIMS: Record<string, string[] | null> = {
  acr: null,
  amr: null,
  auth_time: null,
  sid: null,
  // acr, amr and the network ride with openid so every ID token says how and where the person logged in.
  openid: ['sub', 'acr', 'amr', PREVIOUS_SUBS_CLAIM, LOGIN_NETWORK_CLAIM],
  profile: ['name', 'given_name', 'family_name', 'birthdate', 'locale', 'preferred_username', 'updated_at'],
  email: ['email', 'email_verified'],
  [SE_SCOPE.naturalPersonNumber]: [SE_CLAIM.personalIdentityNumber, SE_CLAIM.coordinationNumber],
  [SE_SCOPE.naturalPersonInfo]: ['family_name', 'given_name', 'name', 'birthdate'],
};

/**
 * Claims that also go into the ID token in the code flow. The Swedish profile asks for the
 * identity number there (it is essential for naturalPersonNumber); everything else stays in
 * UserInfo, as OpenID Connect Core expects when an access token is issued.
 */
export const ID_TOKEN_CLAIMS: ReadonlySet<string> = new Set([
  'sub',
  PREVIOUS_SUBS_CLAIM,
  'acr',
  'amr',
  LOGIN_NETWORK_CLAIM,
  SE_CLAIM.personalIdentityNumber,
  SE_CLAIM.coordinationNumber,
  'name',
  'given_name',
  'family_name',
  'birthdate',
]);
