// What an operator needs to recognise a certificate: subject, issuer, last day, fingerprint.
import { X509Certificate } from 'node:crypto';
import { Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';

export interface CertificateFacts {
  subject: string;
  issuer: string;
  validTo: Date;
  fingerprint256: string;
}

/** The certificate a secure context presents, read from a socket that never connects. */
export function offeredCertificate(pfx: Buffer, passphrase: string): CertificateFacts | undefined {
  const socket = new TLSSocket(new Socket(), { secureContext: createSecureContext({ pfx, passphrase }) });
  try {
    const own = socket.getCertificate();
    return own && 'raw' in own ? facts(new X509Certificate(own.raw)) : undefined;
  } finally {
    socket.destroy();
  }
}

export function facts(certificate: X509Certificate): CertificateFacts {
  return {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    validTo: new Date(certificate.validTo),
    fingerprint256: certificate.fingerprint256,
  };
}

/** `CN=…` first, then the rest as the certificate orders it. */
function distinguishedName(text: string): string {
  const parts = text.split('\n');
  return [...parts.filter((part) => part.startsWith('CN=')), ...parts.filter((part) => !part.startsWith('CN='))].join(
    ', ',
  );
}
