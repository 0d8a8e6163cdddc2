// The certificates an eID service depends on run out on a known day: BankID's SSL root and the
// relying party's certificate, Freja's server CA and its JWS signing certificates. A service whose
// certificate has expired refuses every login, so start-up refuses it first, with the date and
// what to replace; one that expires within 30 days is logged as a warning on every start.
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { PortvaktError } from '../../kernel/errors.ts';

export const WARN_BEFORE_DAYS = 30;

export interface CertificateLifetime {
  /** The configuration key it comes from, e.g. `freja.signingCertificatesPem[0]`. */
  source: string;
  subject: string;
  notAfter: Date;
}

/** Every certificate in a PEM text (a bundle may hold several). */
export function pemLifetimes(source: string, pem: string): CertificateLifetime[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => {
    const certificate = new X509Certificate(block);
    return { source, subject: certificate.subject.replaceAll('\n', ', '), notAfter: new Date(certificate.validTo) };
  });
}

/** The certificates in a PKCS#12 bundle; none when the bundle's format is beyond the parser (TLS still checks it). */
export function pfxLifetimes(source: string, pfx: Buffer, passphrase: string): CertificateLifetime[] {
  try {
    const bundle = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), passphrase);
    const certBag = forge.pki.oids.certBag!;
    const bags: forge.pkcs12.Bag[] = bundle.getBags({ bagType: certBag })[certBag] ?? [];
    return bags
      .map((bag) => bag.cert)
      .filter((certificate): certificate is forge.pki.Certificate => certificate !== undefined)
      .map((certificate) => ({
        source,
        subject: certificate.subject.attributes
          .map((attribute: forge.pki.CertificateField) => `${attribute.shortName}=${String(attribute.value)}`)
          .join(', '),
        notAfter: certificate.validity.notAfter,
      }));
  } catch {
    return [];
  }
}

/** Throws for an expired certificate; returns a warning for each that expires within 30 days. */
export function checkLifetimes(lifetimes: readonly CertificateLifetime[], now: Date): string[] {
  const expired = lifetimes.find((lifetime) => lifetime.notAfter.getTime() <= now.getTime());
  if (expired)
    throw new PortvaktError(
      'config_invalid',
      `${expired.source}: the certificate "${expired.subject}" expired on ${day(expired.notAfter)}. ` +
        'Every login through this service would be refused: configure its current certificate.',
    );
  return lifetimes
    .filter((lifetime) => lifetime.notAfter.getTime() - now.getTime() < WARN_BEFORE_DAYS * 86_400_000)
    .map(
      (lifetime) =>
        `${lifetime.source}: the certificate "${lifetime.subject}" expires on ${day(lifetime.notAfter)}; ` +
        'configure its successor before then.',
    );
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * For certificates that stand in for one another (Freja's signing certificates, old and new during a
 * rotation): refused only when none is still valid; an expired one beside a valid one is a warning.
 */
export function checkAlternatives(lifetimes: readonly CertificateLifetime[], now: Date): string[] {
  const live = lifetimes.filter((lifetime) => lifetime.notAfter.getTime() > now.getTime());
  if (live.length === 0) return checkLifetimes(lifetimes, now);
  const stale = lifetimes
    .filter((lifetime) => !live.includes(lifetime))
    .map(
      (lifetime) =>
        `${lifetime.source}: the certificate "${lifetime.subject}" expired on ${day(lifetime.notAfter)}; remove it.`,
    );
  // Warn about the live ones only when all of them run out soon: one successor is enough.
  const lastDay = Math.max(...live.map((lifetime) => lifetime.notAfter.getTime()));
  return lastDay - now.getTime() < WARN_BEFORE_DAYS * 86_400_000 ? [...stale, ...checkLifetimes(live, now)] : stale;
}
