// Freja's JWS signing certificates, keyed by `x5t` (base64url SHA-1 of the DER certificate),
// since Freja names the signing certificate in each result's header and rotates them.
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { splitPemBundle } from './config.ts';

export interface SigningCertificate {
  x5t: string;
  key: KeyObject;
  notBefore: number;
  notAfter: number;
  subject: string;
}

export function x5tOf(certificate: X509Certificate): string {
  return createHash('sha1').update(certificate.raw).digest('base64url');
}

export class SigningKeys {
  readonly #byX5t: ReadonlyMap<string, SigningCertificate>;

  private constructor(byX5t: Map<string, SigningCertificate>) {
    this.#byX5t = byX5t;
  }

  static fromPem(pems: readonly string[]): SigningKeys {
    const byX5t = new Map<string, SigningCertificate>();
    for (const block of pems.flatMap(splitPemBundle)) {
      const certificate = new X509Certificate(block);
      const x5t = x5tOf(certificate);
      byX5t.set(x5t, {
        x5t,
        key: certificate.publicKey,
        notBefore: Date.parse(certificate.validFrom),
        notAfter: Date.parse(certificate.validTo),
        subject: certificate.subject,
      });
    }
    return new SigningKeys(byX5t);
  }

  find(x5t: string): SigningCertificate | undefined {
    return this.#byX5t.get(x5t);
  }

  get thumbprints(): string[] {
    return [...this.#byX5t.keys()];
  }
}
