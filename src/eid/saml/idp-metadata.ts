// Reads what Portvakt needs from an IdP's SAML metadata: its entity id, where to send requests
// (HTTP-Redirect), where to send logouts, and the certificates its signatures are checked with.
import { SamlError } from './errors.ts';
import { attribute, BINDING, children, descendants, NS, parseXml, text } from './xml.ts';

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  sloUrl: string | undefined;
  signingCertificatesPem: string[];
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  const doc = parseXml(xml);
  const entities = [doc.documentElement!, ...descendants(doc, NS.metadata, 'EntityDescriptor')].filter(
    (element, index, all) =>
      element.namespaceURI === NS.metadata &&
      element.localName === 'EntityDescriptor' &&
      all.indexOf(element) === index,
  );
  const withIdp = entities.filter((entity) => children(entity, NS.metadata, 'IDPSSODescriptor').length > 0);
  if (withIdp.length !== 1)
    throw new SamlError('malformed', `expected metadata with exactly one IdP entity, found ${withIdp.length}`);
  const entity = withIdp[0]!;
  const entityId = attribute(entity, 'entityID');
  const descriptor = children(entity, NS.metadata, 'IDPSSODescriptor')[0]!;
  const ssoUrl = redirectLocation(descriptor, 'SingleSignOnService');
  if (!entityId || !ssoUrl)
    throw new SamlError('malformed', 'the IdP metadata names no entityID or no HTTP-Redirect SingleSignOnService');
  const signingCertificatesPem = children(descriptor, NS.metadata, 'KeyDescriptor')
    .filter((key) => (attribute(key, 'use') ?? 'signing') === 'signing')
    .flatMap((key) => descendants(key, NS.dsig, 'X509Certificate'))
    .map((certificate) => toPem(text(certificate) ?? ''));
  if (signingCertificatesPem.length === 0)
    throw new SamlError('malformed', 'the IdP metadata has no signing certificate');
  return { entityId, ssoUrl, sloUrl: redirectLocation(descriptor, 'SingleLogoutService'), signingCertificatesPem };
}

function redirectLocation(descriptor: Element, service: string): string | undefined {
  const endpoint = children(descriptor, NS.metadata, service).find(
    (element) => attribute(element, 'Binding') === BINDING.redirect,
  );
  return attribute(endpoint, 'Location');
}

/** A base64 certificate from metadata as PEM. */
export function toPem(base64: string): string {
  const body = base64.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}

/** A PEM certificate's base64 body, as metadata and KeyInfo carry it. */
export function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
