// Portvakt's service provider metadata for one upstream IdP, at a stable URL the IdP's
// administrators import: signing and encryption certificates, the ACS (HTTP-POST) and single
// logout (HTTP-Redirect). Requests are signed and assertions wanted signed, as it says.
import { pemBody } from './idp-metadata.ts';
import { BINDING, escapeXml } from './xml.ts';

export interface SpEndpoints {
  entityId: string;
  acsUrl: string;
  sloUrl: string;
  metadataUrl: string;
}

/** Where an IdP named `name` reaches Portvakt, under the issuer's origin. */
export function spEndpoints(issuer: string, name: string, entityId: string | undefined): SpEndpoints {
  const base = `${new URL(issuer).origin}/saml/${name}`;
  return {
    entityId: entityId ?? `${base}/metadata`,
    acsUrl: `${base}/acs`,
    sloUrl: `${base}/slo`,
    metadataUrl: `${base}/metadata`,
  };
}

export function spMetadataXml(input: {
  endpoints: SpEndpoints;
  signingCertificatePem: string;
  encryptionCertificatePem: string;
  nameIdFormat: string;
}): string {
  const { endpoints } = input;
  const key = (use: 'signing' | 'encryption', pem: string, extra = '') =>
    `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>${extra}</md:KeyDescriptor>`;
  // AES-GCM first: CBC without a MAC is open to padding-oracle attacks on XML encryption.
  const encryptionMethods = [
    'http://www.w3.org/2009/xmlenc11#aes256-gcm',
    'http://www.w3.org/2009/xmlenc11#aes128-gcm',
    'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  ]
    .map((algorithm) => `<md:EncryptionMethod Algorithm="${algorithm}"/>`)
    .join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXml(endpoints.entityId)}">`,
    '<md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    key('signing', input.signingCertificatePem),
    key('encryption', input.encryptionCertificatePem, encryptionMethods),
    `<md:SingleLogoutService Binding="${BINDING.redirect}" Location="${escapeXml(endpoints.sloUrl)}"/>`,
    `<md:NameIDFormat>${escapeXml(input.nameIdFormat)}</md:NameIDFormat>`,
    `<md:AssertionConsumerService Binding="${BINDING.post}" Location="${escapeXml(endpoints.acsUrl)}" index="0" isDefault="true"/>`,
    '</md:SPSSODescriptor>',
    '</md:EntityDescriptor>',
  ].join('\n');
}
