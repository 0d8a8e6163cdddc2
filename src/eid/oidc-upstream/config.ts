// One entry of `oidcUpstreams`: an upstream OpenID Connect issuer (a Google Workspace domain,
// ID-porten, HelseID), Portvakt's client registration there, and how its claims map. A `preset`
// fills in what a known issuer always sends (presets.ts) before the entry is checked.
import { z } from 'zod';
import { AMR_VALUES, certificatePem, privateKeyPem, upstreamCommonFields } from '../saml/upstream-common.ts';
import { assuranceTableSchema } from './assurance.ts';
import { OIDC_PRESET_NAMES, withPreset } from './presets.ts';

const claimMappingSchema = z
  .strictObject({
    subject: z.string().min(1).default('sub'),
    email: z.string().min(1).default('email'),
    emailVerified: z.string().min(1).default('email_verified'),
    givenName: z.string().min(1).default('given_name'),
    familyName: z.string().min(1).default('family_name'),
    employeeNumber: z.string().min(1).default('employee_number'),
    personalNumber: z.string().min(1).default('https://id.oidc.se/claim/personalIdentityNumber'),
  })
  .prefault({});

const clientAuthSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.enum(['client_secret_basic', 'client_secret_post']),
    secret: z.string().min(16, 'client secrets need at least 16 characters'),
  }),
  z.strictObject({
    method: z.literal('private_key_jwt'),
    privateKeyPem,
    keyId: z.string().min(1).optional(),
    alg: z.enum(['RS256', 'PS256', 'ES256']).default('RS256'),
  }),
]);

const entrySchema = z.strictObject({
  ...upstreamCommonFields,
  preset: z
    .enum(OIDC_PRESET_NAMES, { message: `expected one of the presets ${OIDC_PRESET_NAMES.join(', ')}` })
    .optional(),
  issuer: z.url({ protocol: /^https$/, message: 'expected the issuer as an https:// URL' }),
  clientId: z.string().min(1),
  clientAuth: clientAuthSchema,
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'expected a scope token'))
    .default(['openid', 'email', 'profile'])
    .refine((scopes) => scopes.includes('openid'), 'the scopes must include openid'),
  claims: claimMappingSchema,
  /**
   * A claim that carries a national identity number the issuer has verified (ID-porten's `pid`):
   * checked, then treated as proven, so it finds (and may merge) the accounts that hold it.
   */
  nationalId: z
    .strictObject({ claim: z.string().min(1), type: z.enum(['no_national_id', 'se_personal_number']) })
    .optional(),
  /**
   * A Workspace-style issuer serves many organisations: only people whose verified e-mail is in
   * one of these domains may log in. Empty allows every person the issuer vouches for.
   */
  allowedEmailDomains: z
    .array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,63}$/, 'expected a lower-case domain'))
    .default([]),
  /** What a login proves when the issuer reports no `amr` Portvakt knows (RFC 8176). */
  amr: z.array(z.enum(AMR_VALUES)).min(1).default(['pwd']),
  /**
   * An issuer that reports its level per login: the claim and each level as Portvakt's acr and
   * amr (assurance.ts). A level not in the table is refused; `acr` caps what the table reaches.
   */
  assurance: assuranceTableSchema.optional(),
  /**
   * Push the authorization request to the issuer first (RFC 9126), so the browser carries only a
   * reference: what HelseID requires and ID-porten recommends.
   */
  pushedAuthorization: z.boolean().default(false),
  /**
   * Prove a key of Portvakt's at the token and UserInfo endpoints (DPoP, RFC 9449), so the access
   * token is worth nothing to anyone who copies it: what HelseID requires.
   */
  dpop: z.boolean().default(false),
  /** The CA of the issuer's TLS certificate when it is not publicly trusted; only it is then trusted. */
  caPem: certificatePem.optional(),
  timeoutSeconds: z.number().int().min(1).max(60).default(10),
});

/** As written: a preset entry may leave out its label too. */
type EntryInput = Omit<z.input<typeof entrySchema>, 'label'> & Partial<Pick<z.input<typeof entrySchema>, 'label'>>;

export const oidcUpstreamConfigSchema = z.preprocess<unknown, typeof entrySchema, EntryInput>(withPreset, entrySchema);

export type OidcUpstreamConfig = z.output<typeof entrySchema>;
