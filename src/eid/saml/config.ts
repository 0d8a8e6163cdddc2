// One entry of `saml`: an upstream SAML 2.0 IdP (ADFS, Shibboleth, a federation IdP) and Portvakt's
// keys as its service provider. The IdP comes from its metadata, from explicit values, or both
// (explicit values win, so a deployment can pin certificates the metadata also lists).
import { z } from 'zod';
import { isSamlError } from './errors.ts';
import { parseIdpMetadata } from './idp-metadata.ts';
import { AMR_VALUES, certificatePem, privateKeyPem, upstreamCommonFields } from './upstream-common.ts';

/** Attribute names in Sweden Connect's attribute specification and eduPerson; ADFS needs its own. */
const attributeMappingSchema = z
  .strictObject({
    /** `nameId`, or the name of an attribute that holds the person's stable id at this IdP. */
    subject: z.string().min(1).default('nameId'),
    email: z.string().min(1).default('urn:oid:0.9.2342.19200300.100.1.3'),
    givenName: z.string().min(1).default('urn:oid:2.5.4.42'),
    familyName: z.string().min(1).default('urn:oid:2.5.4.4'),
    employeeNumber: z.string().min(1).default('urn:oid:2.16.840.1.113730.3.1.3'),
    personalNumber: z.string().min(1).default('urn:oid:1.2.752.29.4.13'),
  })
  .prefault({});

/** Portvakt as this IdP's service provider: its entity id and its signing and encryption keys. */
const serviceProviderSchema = z.strictObject({
  /** Defaults to the metadata URL, `<issuer>/saml/<name>/metadata`. */
  entityId: z.string().min(1).optional(),
  signingKeyPem: privateKeyPem,
  signingCertificatePem: certificatePem,
  encryptionKeyPem: privateKeyPem,
  encryptionCertificatePem: certificatePem,
});

export const samlIdpConfigSchema = z
  .strictObject({
    ...upstreamCommonFields,
    /** The IdP's metadata document (the file's or the URL's contents). */
    metadataXml: z.string().min(1).optional(),
    entityId: z.string().min(1).optional(),
    ssoUrl: z.url({ protocol: /^https?$/ }).optional(),
    sloUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** The only certificates whose signatures are accepted; the metadata's when left out. */
    signingCertificatesPem: z.array(certificatePem).optional(),
    sp: serviceProviderSchema,
    /** What a login through this IdP proves (RFC 8176); a password at the organisation by default. */
    amr: z.array(z.enum(AMR_VALUES)).min(1).default(['pwd']),
    attributes: attributeMappingSchema,
    /** An attribute with a national identity number the IdP has verified: checked, then treated as proven. */
    nationalId: z
      .strictObject({ attribute: z.string().min(1), type: z.enum(['no_national_id', 'se_personal_number']) })
      .optional(),
    nameIdFormat: z.string().min(1).default('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'),
    /** Sent as RequestedAuthnContext with Comparison="exact" when not empty (Swedish eID framework). */
    requestedAuthnContext: z.array(z.string().min(1)).default([]),
    /** The Swedish eID framework requires encrypted assertions; ADFS without an encryption certificate does not. */
    requireEncryptedAssertion: z.boolean().default(true),
    clockSkewSeconds: z.number().int().min(0).max(300).default(60),
    /** End the IdP's session too when a relying party logs the person out (when the IdP has SLO). */
    singleLogout: z.boolean().default(true),
  })
  .superRefine((idp, ctx) => {
    let fromMetadata: ReturnType<typeof parseIdpMetadata> | undefined;
    if (idp.metadataXml) {
      try {
        fromMetadata = parseIdpMetadata(idp.metadataXml);
      } catch (error) {
        if (!isSamlError(error)) throw error;
        ctx.addIssue({ code: 'custom', path: ['metadataXml'], message: `not usable IdP metadata: ${error.message}` });
        return;
      }
      if (idp.entityId && idp.entityId !== fromMetadata.entityId) {
        ctx.addIssue({
          code: 'custom',
          path: ['entityId'],
          message: `differs from the metadata's entityID "${fromMetadata.entityId}"`,
        });
      }
    }
    if (!fromMetadata && !(idp.entityId && idp.ssoUrl && idp.signingCertificatesPem?.length)) {
      ctx.addIssue({
        code: 'custom',
        path: ['metadataXml'],
        message: 'give metadataXml, or entityId, ssoUrl and signingCertificatesPem',
      });
    }
  });

export type SamlIdpConfig = z.output<typeof samlIdpConfigSchema>;

/** The IdP as Portvakt uses it: explicit configuration over what the metadata says. */
export interface ResolvedIdp {
  entityId: string;
  ssoUrl: string;
  sloUrl: string | undefined;
  signingCertificatesPem: string[];
}

export function resolveIdp(idp: SamlIdpConfig): ResolvedIdp {
  const metadata = idp.metadataXml ? parseIdpMetadata(idp.metadataXml) : undefined;
  return {
    entityId: idp.entityId ?? metadata!.entityId,
    ssoUrl: idp.ssoUrl ?? metadata!.ssoUrl,
    sloUrl: idp.sloUrl ?? metadata?.sloUrl,
    signingCertificatesPem: idp.signingCertificatesPem?.length
      ? idp.signingCertificatesPem
      : metadata!.signingCertificatesPem,
  };
}
