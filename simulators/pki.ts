// A small certificate authority for the simulators and the tests: it issues the TLS server,
// TLS client (PKCS#12 with passphrase) and signing certificates that the real services would
// hand out, and keeps them in a folder so a restarted demo trusts what it trusted before.
// Never used in production configuration.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface ClientCertificate extends IssuedCertificate {
  /** PKCS#12 bundle (certificate, key and issuing CA), as relying parties receive it. */
  pfx: Buffer;
  passphrase: string;
}

export type CertificateUse = 'server' | 'client' | 'signing';

export interface IssueOptions {
  commonName: string;
  use: CertificateUse;
  /** DNS names and IP addresses for a server certificate. */
  hosts?: string[];
  validDays?: number;
}

export class CertificateAuthority {
  private constructor(
    readonly certPem: string,
    private readonly keyPem: string,
  ) {}

  static create(commonName: string, validDays = 3650): CertificateAuthority {
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    setSerialAndValidity(cert, validDays);
    const subject = [
      { name: 'commonName', value: commonName },
      { name: 'organizationName', value: 'Portvakt simulator' },
    ];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    return new CertificateAuthority(forge.pki.certificateToPem(cert), forge.pki.privateKeyToPem(keys.privateKey));
  }

  static fromPem(certPem: string, keyPem: string): CertificateAuthority {
    return new CertificateAuthority(certPem, keyPem);
  }

  toJSON(): IssuedCertificate {
    return { certPem: this.certPem, keyPem: this.keyPem };
  }

  issue(options: IssueOptions): IssuedCertificate {
    const caCert = forge.pki.certificateFromPem(this.certPem);
    const caKey = forge.pki.privateKeyFromPem(this.keyPem);
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    setSerialAndValidity(cert, options.validDays ?? 825);
    cert.setSubject([
      { name: 'commonName', value: options.commonName },
      { name: 'organizationName', value: 'Portvakt simulator' },
    ]);
    cert.setIssuer(caCert.subject.attributes);
    cert.setExtensions(extensionsFor(options));
    cert.sign(caKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
  }

  issueClient(commonName: string, passphrase: string): ClientCertificate {
    const issued = this.issue({ commonName, use: 'client' });
    return { ...issued, passphrase, pfx: toPkcs12(issued, this.certPem, passphrase) };
  }
}

/** Bundles a certificate and key as PKCS#12 with 3DES, which OpenSSL 3 reads without its legacy provider. */
export function toPkcs12(issued: IssuedCertificate, caCertPem: string, passphrase: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(issued.keyPem),
    [forge.pki.certificateFromPem(issued.certPem), forge.pki.certificateFromPem(caCertPem)],
    passphrase,
    { algorithm: '3des', generateLocalKeyId: true, friendlyName: 'relying-party' },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** SHA-1 or SHA-256 thumbprint of a PEM certificate, base64url, as JOSE `x5t` / `x5t#S256` carry it. */
export function thumbprint(certPem: string, algorithm: 'sha1' | 'sha256' = 'sha1'): string {
  const x509 = new X509Certificate(certPem);
  const hex = algorithm === 'sha1' ? x509.fingerprint : x509.fingerprint256;
  return Buffer.from(hex.replaceAll(':', ''), 'hex').toString('base64url');
}

/**
 * Loads the certificate authority kept in `dir`, or creates it on first run.
 * Issued certificates are cached in the same folder under their file name.
 */
export async function loadOrCreateAuthority(dir: string, commonName: string): Promise<CertificateAuthority> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'ca.json');
  const stored = await readJson<IssuedCertificate>(file);
  if (stored) return CertificateAuthority.fromPem(stored.certPem, stored.keyPem);
  const authority = CertificateAuthority.create(commonName);
  await writeFile(file, JSON.stringify(authority.toJSON()), { mode: 0o600 });
  return authority;
}

/** Issues a certificate once and keeps it in `dir/<name>.json`, so restarts reuse it. */
export async function loadOrIssue(
  authority: CertificateAuthority,
  dir: string,
  name: string,
  options: IssueOptions,
): Promise<IssuedCertificate> {
  const file = join(dir, `${name}.json`);
  const stored = await readJson<IssuedCertificate>(file);
  if (stored) return stored;
  const issued = authority.issue(options);
  await writeFile(file, JSON.stringify(issued), { mode: 0o600 });
  return issued;
}

/** Like loadOrIssue, for a relying party's client certificate delivered as PKCS#12. */
export async function loadOrIssueClient(
  authority: CertificateAuthority,
  dir: string,
  name: string,
  commonName: string,
): Promise<ClientCertificate> {
  const file = join(dir, `${name}.json`);
  const stored = await readJson<IssuedCertificate & { passphrase: string; pfx: string }>(file);
  if (stored) return { ...stored, pfx: Buffer.from(stored.pfx, 'base64') };
  const issued = authority.issueClient(commonName, randomBytes(12).toString('base64url'));
  await writeFile(file, JSON.stringify({ ...issued, pfx: issued.pfx.toString('base64') }), { mode: 0o600 });
  return issued;
}

function setSerialAndValidity(cert: forge.pki.Certificate, validDays: number): void {
  // A positive serial: the first byte's high bit clear.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + validDays * 24 * 60 * 60 * 1000);
}

function extensionsFor(options: IssueOptions): object[] {
  const base = [{ name: 'basicConstraints', cA: false, critical: true }];
  switch (options.use) {
    case 'server':
      return [
        ...base,
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: (options.hosts ?? ['localhost', '127.0.0.1', '::1']).map(altName) },
      ];
    case 'client':
      return [
        ...base,
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
      ];
    case 'signing':
      return [...base, { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }];
  }
}

function altName(host: string): { type: number; value?: string; ip?: string } {
  return /^[\d.]+$|:/.test(host) ? { type: 7, ip: host } : { type: 2, value: host };
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
