// Configuration every upstream identity provider shares, SAML or OpenID Connect: its button label,
// the assurance it is trusted for, and how a first login finds or makes an account. Kept with the
// SAML broker, the first of the two; src/eid/oidc-upstream uses it as well.
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { ACR } from '../../provider/vocabulary.ts';

export const UPSTREAM_NAME = /^[a-z0-9-]{1,40}$/;

export const AMR_VALUES = ['pwd', 'otp', 'sms', 'mfa', 'hwk', 'swk', 'pin', 'fpt', 'face', 'user'] as const;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates in a PEM bundle, each as its own PEM string. */
export function pemCertificates(bundle: string): string[] {
  return bundle.match(PEM_CERTIFICATE) ?? [];
}

function isCertificate(pem: string): boolean {
  const blocks = pemCertificates(pem);
  if (blocks.length !== 1) return false;
  try {
    new X509Certificate(blocks[0]!);
    return true;
  } catch {
    return false;
  }
}

export const certificatePem = z
  .string()
  .refine(isCertificate, 'expected one PEM certificate (-----BEGIN CERTIFICATE-----)');
export const privateKeyPem = z
  .string()
  .regex(/-----BEGIN (RSA |EC )?PRIVATE KEY-----/, 'expected a PEM private key (-----BEGIN PRIVATE KEY-----)');

const domain = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'expected a lower-case domain such as kommun.example.se',
  );

export const IDENTITY_KEYS = ['employee_code', 'se_personal_number', 'email'] as const;
export type LinkKey = (typeof IDENTITY_KEYS)[number];

/**
 * What the first login of an upstream identity does. `by` lists the verified identities that may
 * find an existing account (e-mail only for a domain this IdP is authoritative for); when none
 * does, `onNoMatch` provisions an account, refuses, or asks the person to prove an existing one.
 */
export const linkingSchema = z
  .strictObject({
    by: z.array(z.enum(IDENTITY_KEYS)).default([]),
    authoritativeEmailDomains: z.array(domain).default([]),
    onNoMatch: z.enum(['provision', 'refuse', 'proveExisting']).default('refuse'),
  })
  .refine((linking) => !linking.by.includes('email') || linking.authoritativeEmailDomains.length > 0, {
    message:
      'linking by email needs authoritativeEmailDomains: the domains this identity provider is authoritative for',
    path: ['authoritativeEmailDomains'],
  });
export type LinkingConfig = z.output<typeof linkingSchema>;

/** The fields every upstream identity provider's entry has. */
export const upstreamCommonFields = {
  name: z.string().regex(UPSTREAM_NAME, 'expected 1–40 of a-z, 0-9 and -'),
  /** The chooser's button, per language ("Inloggning för personal"). */
  label: z.strictObject({ sv: z.string().min(1), nb: z.string().min(1), en: z.string().min(1) }),
  /** The assurance level Portvakt reports for a login through this provider. */
  acr: z.enum([ACR.loa1, ACR.loa2, ACR.loa3, ACR.loa4]).default(ACR.loa2),
  linking: linkingSchema.prefault({}),
};
