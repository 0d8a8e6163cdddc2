// The `freja` section of Portvakt's configuration: where Freja eID answers, the relying
// party's client certificate, whom to trust, and what to ask for.
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { FREJA_ATTRIBUTES, REGISTRATION_LEVELS } from './types.ts';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates in a PEM bundle, each as its own PEM string. */
export function splitPemBundle(bundle: string): string[] {
  return bundle.match(PEM_BLOCK) ?? [];
}

function parsesAsCertificates(bundle: string): boolean {
  const blocks = splitPemBundle(bundle);
  if (blocks.length === 0) return false;
  try {
    for (const block of blocks) new X509Certificate(block);
    return true;
  } catch {
    return false;
  }
}

const certificatePem = z
  .string()
  .refine(parsesAsCertificates, 'expected one or more PEM certificates (-----BEGIN CERTIFICATE-----)');

const clientCertificateSchema = z
  .strictObject({
    /** A PKCS#12 file as Freja issues it to the relying party. */
    pfxPath: z.string().min(1).optional(),
    /** The same bundle, base64, for deployments that pass secrets through the environment. */
    pfxBase64: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected standard base64')
      .optional(),
    passphrase: z.string().min(1, 'the PKCS#12 passphrase is required'),
  })
  .refine((value) => (value.pfxPath === undefined) !== (value.pfxBase64 === undefined), {
    message: 'give exactly one of pfxPath and pfxBase64',
  });

export const frejaConfigSchema = z.strictObject({
  /** Test: https://services.test.frejaeid.com, production: https://services.prod.frejaeid.com. */
  baseUrl: z.url({
    protocol: /^https$/,
    message: 'expected an https:// URL such as https://services.test.frejaeid.com',
  }),
  /** Only for integrating relying parties, which name the party they act for on every call. */
  relyingPartyId: z.string().min(1).optional(),
  clientCertificate: clientCertificateSchema,
  /** The CA that issued Freja's TLS server certificate; nothing else is trusted. */
  serverCaPem: certificatePem,
  /** Freja's JWS signing certificates; a result is verified by the one its `x5t` names. */
  signingCertificatesPem: z.array(certificatePem).min(1, 'at least one Freja signing certificate is required'),
  minRegistrationLevel: z.enum(REGISTRATION_LEVELS).default('PLUS'),
  /**
   * Where the same-device link sends a browser. Unset, it is Freja's own `frejaeid://` link; the
   * demo points it at the simulator's app page, which takes the link as `?ref=`.
   */
  launchBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  attributesToReturn: z
    .array(z.enum(FREJA_ATTRIBUTES))
    .min(1)
    .default(['BASIC_USER_INFO', 'SSN', 'EMAIL_ADDRESS', 'DATE_OF_BIRTH', 'REGISTRATION_LEVEL']),
  timeouts: z
    .strictObject({
      requestMs: z.number().int().min(1000).max(60_000).default(10_000),
      /** Freja's own client polls every 3 s and never faster than every second. */
      pollIntervalMs: z.number().int().min(1000).max(30_000).default(3000),
    })
    .prefault({}),
});

export type FrejaConfig = z.infer<typeof frejaConfigSchema>;
export type FrejaConfigInput = z.input<typeof frejaConfigSchema>;
