// The configuration schema: every key Portvakt reads, its default, and what it must look like.
// Objects are strict, so a misspelt key stops the start instead of being ignored.
import { z } from 'zod';
import { isPersonalNumber } from '../accounts/personnummer.ts';
import { isCidr, NETWORK_NAME } from '../http/networks.ts';
import { emailConfigSchema, smsConfigSchema } from '../notify/config.ts';
import { bankIdConfigSchema } from '../eid/bankid/config.ts';
import { frejaConfigSchema } from '../eid/freja/config.ts';
import { samlIdpConfigSchema } from '../eid/saml/config.ts';
import { oidcUpstreamConfigSchema } from '../eid/oidc-upstream/config.ts';
import { BRAND_KEY, brandSchema, supportContactSchema } from './brand.ts';

export const LOCALES = ['sv', 'nb', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOGIN_METHODS = ['password', 'bankid', 'freja', 'passkey'] as const;
/** An upstream identity provider's method id: `saml.<name>` or `oidc.<name>`. */
export const UPSTREAM_METHOD = /^(saml|oidc)\.[a-z0-9-]{1,40}$/;
export const SECOND_FACTORS = ['totp', 'sms', 'email', 'passkey'] as const;
export type SecondFactorKind = (typeof SECOND_FACTORS)[number];

const url = z.url({ message: 'expected an absolute URL such as https://id.example.org' });
const base64Key = z
  .string()
  .refine(
    (value) => Buffer.from(value, 'base64').length === 32,
    'expected base64 of exactly 32 bytes (openssl rand -base64 32)',
  );

const clientSchema = z
  .strictObject({
    client_id: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only'),
    client_secret: z.string().min(32, 'client secrets need at least 32 characters').optional(),
    client_name: z.string().max(200).optional(),
    /** The organisation whose look its screens and messages carry; otherwise its policy's. */
    brand: z.string().regex(BRAND_KEY, 'expected the name of a brand under brands').optional(),
    /** The service's home page: where a person is sent back to when a login cannot go on. */
    client_uri: z.url({ protocol: /^https?$/ }).optional(),
    redirect_uris: z.array(url).default([]),
    post_logout_redirect_uris: z.array(url).optional(),
    backchannel_logout_uri: url.optional(),
    backchannel_logout_session_required: z.boolean().optional(),
    grant_types: z.array(z.enum(['authorization_code', 'refresh_token', 'client_credentials'])).optional(),
    response_types: z.array(z.literal('code')).optional(),
    token_endpoint_auth_method: z
      .enum(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'])
      .optional(),
    jwks_uri: url.optional(),
    jwks: z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())) }).optional(),
    scope: z.string().optional(),
    subject_type: z.enum(['public', 'pairwise']).optional(),
    id_token_signed_response_alg: z.enum(['RS256', 'ES256']).optional(),
    userinfo_signed_response_alg: z.enum(['RS256', 'ES256']).optional(),
    default_acr_values: z.array(z.string()).optional(),
    first_party: z.boolean().default(false),
    login_policy: z.string().default('default'),
  })
  .refine((client) => client.token_endpoint_auth_method !== 'none' || client.client_secret === undefined, {
    message: 'a public client (token_endpoint_auth_method none) has no client_secret',
  })
  .refine(
    (client) =>
      client.redirect_uris.length > 0 || !(client.grant_types ?? ['authorization_code']).includes('authorization_code'),
    {
      message: 'a client of the authorization code flow needs at least one redirect_uri',
    },
  );

const ACR_VALUES = ['loa1', 'loa2', 'loa3', 'loa4'].map((level) => `http://id.elegnamnden.se/loa/1.0/${level}`) as [
  string,
  ...string[],
];
const PASSKEY_LEVELS = ['http://id.elegnamnden.se/loa/1.0/loa2', 'http://id.elegnamnden.se/loa/1.0/loa3'] as const;

const policySchema = z
  .strictObject({
    methods: z
      .array(
        z.union([
          z.enum(LOGIN_METHODS),
          z.string().regex(UPSTREAM_METHOD, 'expected password, bankid, freja, passkey, saml.<name> or oidc.<name>'),
        ]),
      )
      .min(1),
    /** What a first eID login with an unknown identity number does: refuse, or create the account. */
    provisioning: z.enum(['existing', 'jit']).default('existing'),
    /** The lowest assurance level a login for this client may have. */
    minimumAcr: z.enum(ACR_VALUES).optional(),
    /** When a password login must be followed by a second factor. */
    secondFactor: z.enum(['never', 'always', 'outsideTrustedNetworks', 'whenRequested']).default('whenRequested'),
    /** The second factors this client accepts, in the order they are offered. */
    secondFactors: z.array(z.enum(SECOND_FACTORS)).default(['totp', 'sms', 'email']),
    /**
     * The level a passkey login reaches, first factor or after a password. loa2 by default: a passkey
     * proves possession and a PIN or biometric, but not who enrolled it. A deployment whose
     * enrolment always follows an eID at loa3 may say loa3 (and writes down why).
     */
    passkeyAcr: z.enum(PASSKEY_LEVELS).default(PASSKEY_LEVELS[0]),
    /** Logins for this client must be phishing-resistant (`phr` in amr): a passkey, first or second. */
    requirePhishingResistant: z.boolean().default(false),
    /** After a login with an eID or two factors, offer to create a passkey for next time. */
    offerPasskey: z.boolean().default(false),
    /** Networks from which `outsideTrustedNetworks` asks for no second factor: CIDRs, or names under `networks`. */
    trustedNetworks: z
      .array(
        z
          .string()
          .refine(
            (entry) => isCidr(entry) || NETWORK_NAME.test(entry),
            'expected a network such as 10.20.0.0/16 or 2001:db8::/32, or the name of one under networks',
          ),
      )
      .default([]),
    /** Composition rules on top of the NIST defaults, for a client that insists on them. */
    passwordRules: z
      .strictObject({
        minLength: z.number().int().min(8).max(64).optional(),
        requireUpper: z.boolean().default(false),
        requireLower: z.boolean().default(false),
        requireDigit: z.boolean().default(false),
        requireSymbol: z.boolean().default(false),
      })
      .prefault({}),
    /** The privacy notice (a key of `privacyNotices`) a person must accept before logging in. */
    privacyNotice: z.string().optional(),
    /** Idle time after which this client's logins must be repeated (the e-portal uses 900). */
    idleTimeoutSeconds: z.number().int().min(60).optional(),
    /** Whether people may register themselves (the chooser's link, and `prompt=create`). */
    selfRegistration: z.boolean().default(false),
    /**
     * What an invited person does after proving their e-mail address: identify with an eID, enrol
     * an authenticator app and choose a password, or create a passkey. `eid` offers the BankID and
     * Freja eID+ the policy names (every configured one when it names none) and the upstream OIDC
     * issuers among its methods whose entry maps a verified `nationalId` (ID-porten, HelseID).
     */
    invitationCompletion: z.enum(['eid', 'authenticatorAndPassword', 'passkey']).default('authenticatorAndPassword'),
    /** The organisation whose look the screens and messages of this policy's clients carry. */
    brand: z.string().regex(BRAND_KEY, 'expected the name of a brand under brands').optional(),
    /**
     * What an invitation completed with an eID asks for after it, where the eID does not give it:
     * the organisation, the title, a mobile number for codes.
     */
    invitationDetails: z.array(z.enum(['organisation', 'title', 'phone'])).default([]),
    /**
     * The identity numbers self-registration takes: Swedish (12 digits) and, for a service with
     * Norwegian users, fødselsnummer and D-numbers (11 digits, both check digits).
     */
    registrationNationalIds: z
      .array(z.enum(['se_personal_number', 'no_national_id']))
      .min(1)
      .default(['se_personal_number']),
    /**
     * Whether an eID login, or an upstream login proving the account's verified identity number,
     * switches an account deactivated for disuse back on. One an operator deactivated stays off.
     */
    reactivateByEid: z.boolean().default(true),
    /**
     * On the account page (its policy): who may change the phone numbers codes go to. By default a
     * fresh second factor or a trusted network; `trustedNetworkOnly` is an organisation's rule
     * that numbers are set only from its own network, where being there is the proof.
     */
    phoneChanges: z.enum(['freshFactorOrTrustedNetwork', 'trustedNetworkOnly']).default('freshFactorOrTrustedNetwork'),
  })
  .refine((policy) => policy.phoneChanges !== 'trustedNetworkOnly' || policy.trustedNetworks.length > 0, {
    message: 'phoneChanges trustedNetworkOnly needs trustedNetworks to change numbers from',
    path: ['phoneChanges'],
  })
  .refine(
    (policy) =>
      !policy.requirePhishingResistant ||
      policy.methods.includes('passkey') ||
      (policy.methods.includes('password') && policy.secondFactors.includes('passkey')),
    {
      message: 'requirePhishingResistant needs passkey among methods, or password with passkey among secondFactors',
      path: ['requirePhishingResistant'],
    },
  );

const localised = z.strictObject({ sv: z.string().min(1), nb: z.string().min(1), en: z.string().min(1) });

/** A privacy notice: who is responsible and why, in each language, under a version. */
const privacyNoticeSchema = z.strictObject({
  version: z.string().min(1).max(40),
  controller: localised,
  purpose: localised,
  legalBasis: localised,
  retention: localised,
  rights: localised,
});

const titleText = z.string().min(1).max(200);
/**
 * An employment title: one text in every language, or a stable value (what is stored) with its
 * name in each language. Read as the second form either way, so screens never ask which it was.
 */
const titleSchema = z
  .union([titleText, z.strictObject({ value: titleText, sv: titleText, nb: titleText, en: titleText })], {
    // The union alone would only say "Invalid input"; name what a translated title lacks.
    error: (issue) => {
      const given = issue.input;
      if (given === null || typeof given !== 'object') return 'expected a title, or { value, sv, nb, en }';
      const missing = ['value', 'sv', 'nb', 'en'].filter(
        (key) => typeof (given as Record<string, unknown>)[key] !== 'string',
      );
      return missing.length
        ? `a translated title needs value, sv, nb and en; missing ${missing.join(', ')}`
        : 'each of value, sv, nb and en must be 1 to 200 characters';
    },
  })
  .transform((title) => (typeof title === 'string' ? { value: title, sv: title, nb: title, en: title } : title));
export type EmploymentTitle = z.output<typeof titleSchema>;

/** How accounts are created, kept and retired. */
const accountsSchema = z.strictObject({
  /** The organisations a registering person picks from ("Other" is always offered too). */
  organisations: z.array(z.string().min(1).max(200)).default([]),
  /** The employment titles a registering person picks from, each shown in the screen's language. */
  titles: z
    .array(titleSchema)
    .refine(
      (titles) => new Set(titles.map((title) => title.value)).size === titles.length,
      'two titles have the same value',
    )
    .default([]),
  defaultTimeZone: z
    .string()
    .refine(isTimeZone, 'expected an IANA time zone such as Europe/Stockholm')
    .default('Europe/Stockholm'),
  activationLinkSeconds: z
    .number()
    .int()
    .min(600)
    .max(14 * 86_400)
    .default(2 * 86_400),
  invitationSeconds: z
    .number()
    .int()
    .min(3600)
    .max(60 * 86_400)
    .default(14 * 86_400),
  /**
   * Registrations accepted per client address in an hour: high, since a course day puts a whole
   * office behind one NAT address; the per-e-mail limit below is what keeps one mailbox from a flood.
   */
  registrationsPerHour: z.number().int().min(1).max(10_000).default(60),
  /** Registrations accepted for one e-mail address in an hour, from anywhere. */
  registrationsPerEmailPerHour: z.number().int().min(1).max(100).default(3),
  /** The login policy of the account page's own client (`portvakt-account`). */
  accountPagePolicy: z.string().default('default'),
  /** Whom a person whose account cannot be used should contact, where their brand names no one. */
  supportContact: supportContactSchema.optional(),
  inactivity: z
    .strictObject({
      deactivateAfterDays: z.number().int().min(1).default(365),
      warnDaysBefore: z.number().int().min(1).default(30),
      /** How often each instance looks for accounts to warn or deactivate. */
      checkEverySeconds: z.number().int().min(60).default(3600),
    })
    .refine(
      (inactivity) => inactivity.warnDaysBefore < inactivity.deactivateAfterDays,
      'warnDaysBefore must be less than deactivateAfterDays',
    )
    .prefault({}),
});

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const demoPersonSchema = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(8),
  given_name: z.string(),
  family_name: z.string(),
  email: z.email().optional(),
  personal_number: z
    .string()
    .refine(isPersonalNumber, 'expected a valid 12-digit Swedish personal identity number')
    .optional(),
  phones: z
    .array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number such as +46701234567'))
    .max(2)
    .default([]),
});

export const configSchema = z.strictObject({
  issuer: url.default('http://localhost:3000'),
  http: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(3000),
      trustedProxies: z.array(z.string()).default([]),
      bodyLimit: z
        .string()
        .regex(/^\d+(kb|mb)$/)
        .default('64kb'),
      // With an https issuer every answer carries HSTS for a year; subdomains only when asked.
      hstsIncludeSubDomains: z.boolean().default(false),
      // `portvakt start` refuses an http issuer (tokens, cookies and codes in clear) unless this says
      // the deployment means it, e.g. a closed test network; the demo needs no such switch.
      allowInsecureIssuer: z.boolean().default(false),
    })
    .prefault({}),
  outbound: z
    .strictObject({
      // oidc-provider refuses loopback and private addresses (SSRF protection); the demo and tests,
      // whose relying parties run on localhost, turn that off.
      allowPrivateAddresses: z.boolean().default(false),
    })
    .prefault({}),
  dataDir: z.string().default('./.data'),
  database: z
    .strictObject({
      url: z.string().startsWith('postgres', 'expected a postgres:// URL').optional(),
      /** Connections each process keeps to PostgreSQL; instances × workers × poolSize must stay under the server's max_connections. */
      poolSize: z.number().int().min(1).max(200).default(10),
    })
    .prefault({}),
  secretKey: base64Key.optional(),
  locales: z.strictObject({ default: z.enum(LOCALES).default('sv') }).prefault({}),
  registration: z
    .strictObject({ initialAccessToken: z.string().min(16, 'use at least 16 characters').optional() })
    .prefault({}),
  // Admin API tokens come only from clients that authenticate with a key (private_key_jwt or
  // tls_client_auth): a shared secret leaks into scripts and tickets. The demo allows one.
  admin: z.strictObject({ allowSecretClients: z.boolean().default(false) }).prefault({}),
  // /metrics needs this bearer token; without one it answers only a direct loopback caller.
  metrics: z.strictObject({ token: z.string().min(16, 'use at least 16 characters').optional() }).prefault({}),
  ttl: z
    .strictObject({
      idToken: z.number().int().min(30).max(300, 'the Swedish OIDC profile caps ID tokens at 5 minutes').default(300),
      accessToken: z.number().int().min(30).max(3600).default(600),
      authorizationCode: z.number().int().min(10).max(600).default(60),
      refreshToken: z
        .number()
        .int()
        .min(60)
        .default(14 * 24 * 3600),
      session: z.number().int().min(60).max(86_400).default(3600),
      interaction: z.number().int().min(60).max(3600).default(900),
      grant: z
        .number()
        .int()
        .min(60)
        .default(14 * 24 * 3600),
    })
    .prefault({}),
  password: z
    .strictObject({
      // OWASP's argon2id recommendation: m = 19 MiB, t = 2, p = 1.
      memoryCost: z.number().int().min(19456).default(19456),
      timeCost: z.number().int().min(2).default(2),
      parallelism: z.number().int().min(1).default(1),
      minLength: z.number().int().min(8).default(8),
      maxLength: z.number().int().min(64).max(1024).default(128),
    })
    .prefault({}),
  lockout: z
    .strictObject({
      maxFailures: z.number().int().min(3).max(100).default(10),
      windowSeconds: z.number().int().min(60).default(900),
      lockSeconds: z.number().int().min(30).default(900),
      perAddressPerMinute: z.number().int().min(5).default(60),
    })
    .prefault({}),
  email: emailConfigSchema.optional(),
  sms: smsConfigSchema.optional(),
  oneTimeCodes: z
    .strictObject({
      lifetimeSeconds: z.number().int().min(60).max(600, 'NIST SP 800-63B allows at most 10 minutes').default(300),
      maxAttempts: z.number().int().min(1).max(10).default(5),
      resendAfterSeconds: z.number().int().min(10).default(30),
      /**
       * Codes sent to one account in an hour and not followed by a correct code: a code that is
       * used clears the count, so a person logging in again after every idle logout never meets it,
       * while someone who holds the password but not the phone stops here.
       */
      sendsPerHour: z.number().int().min(1).max(50).default(10),
    })
    .prefault({}),
  bankid: bankIdConfigSchema.optional(),
  freja: frejaConfigSchema.optional(),
  /** Upstream SAML IdPs for staff login, each offered as the method `saml.<name>`. */
  saml: z.array(samlIdpConfigSchema).default([]),
  /** Upstream OpenID Connect issuers for staff login, each offered as the method `oidc.<name>`. */
  oidcUpstreams: z.array(oidcUpstreamConfigSchema).default([]),
  /** Passkeys: the rpId and origin are the issuer's; the name is what passkey managers show beside it. */
  passkeys: z.strictObject({ rpName: z.string().min(1).max(100).optional() }).prefault({}),
  privacyNotices: z.record(z.string(), privacyNoticeSchema).default({}),
  /** Organisations' looks (see src/config/brand.ts), named by policies and clients. */
  brands: z.record(z.string().regex(BRAND_KEY, 'expected a brand name of a-z, 0-9 and -'), brandSchema).default({}),
  /**
   * Named networks (CIDR lists). A login from one of them carries its name in the `login_network`
   * claim, so a relying party can offer a service only on, say, the office network.
   */
  networks: z
    .record(
      z.string().regex(NETWORK_NAME, 'a network name is lower-case letters, digits and -, starting with a letter'),
      z.array(z.string().refine(isCidr, 'expected a network such as 10.20.0.0/16 or 2001:db8::/32')).min(1),
    )
    .default({}),
  accounts: accountsSchema.prefault({}),
  notifications: z
    .strictObject({
      /** How often each instance looks for weekly summaries that are due (src/notify/weekly-summary.ts). */
      summaryCheckEverySeconds: z.number().int().min(60).default(3600),
    })
    .prefault({}),
  policies: z.record(z.string(), policySchema).default({
    default: {
      methods: ['password'],
      provisioning: 'existing',
      secondFactor: 'whenRequested',
      secondFactors: ['totp', 'sms', 'email'],
      trustedNetworks: [],
      passwordRules: { requireUpper: false, requireLower: false, requireDigit: false, requireSymbol: false },
      selfRegistration: false,
      invitationCompletion: 'authenticatorAndPassword',
      reactivateByEid: true,
      passkeyAcr: PASSKEY_LEVELS[0],
      requirePhishingResistant: false,
      offerPasskey: false,
      phoneChanges: 'freshFactorOrTrustedNetwork',
      invitationDetails: [],
      registrationNationalIds: ['se_personal_number'],
    },
  }),
  clients: z.array(clientSchema).default([]),
  demo: z.strictObject({ persons: z.array(demoPersonSchema).default([]) }).prefault({}),
  log: z
    .strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type ClientConfig = Config['clients'][number];
export type LoginPolicyConfig = Config['policies'][string];
export type AccountsConfig = Config['accounts'];
