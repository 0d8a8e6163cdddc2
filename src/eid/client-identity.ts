// A relying party's PKCS#12 bundle as mutual TLS should use it: the private key and the
// certificates to present, and nothing to trust. Given the bundle itself (`pfx`), Node adds every
// CA certificate packed in it to the connection's trust anchors, beside the pinned root; a bundle
// that carries the service's CA (as the Freja simulator's does) would then be trusted through it.
import forge from 'node-forge';

export interface ClientIdentity {
  /** The private key, PEM. */
  key: string;
  /** The certificate that matches the key, then the bundle's other non-root certificates, PEM. */
  cert: string;
}

/**
 * Splits the bundle; undefined when its format is beyond the parser (`pfx` is then the only way,
 * and its packed CAs are trusted as Node always does).
 */
export function clientIdentity(pfx: Buffer, passphrase: string): ClientIdentity | undefined {
  let bundle: forge.pkcs12.Pkcs12Pfx;
  try {
    bundle = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), passphrase);
  } catch {
    return undefined;
  }
  const { pki } = forge;
  const oids = pki.oids;
  const keys = [oids.pkcs8ShroudedKeyBag!, oids.keyBag!].flatMap((bagType) =>
    (bundle.getBags({ bagType })[bagType] ?? []).map((bag) => bag.key),
  );
  const key = keys.find((candidate): candidate is forge.pki.rsa.PrivateKey => candidate !== undefined);
  const certificates = (bundle.getBags({ bagType: oids.certBag! })[oids.certBag!] ?? [])
    .map((bag) => bag.cert)
    .filter((certificate): certificate is forge.pki.Certificate => certificate !== undefined);
  if (!key) return undefined;
  const matches = (certificate: forge.pki.Certificate) =>
    (certificate.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n) === true;
  const leaf = certificates.find(matches);
  if (!leaf) return undefined;
  // A root is never sent: the server has its own, and sending one proves nothing.
  const chain = certificates.filter((certificate) => certificate !== leaf && !certificate.isIssuer(certificate));
  return {
    key: pki.privateKeyToPem(key),
    cert: [leaf, ...chain].map((certificate) => pki.certificateToPem(certificate)).join(''),
  };
}

/** The TLS options that present the bundle's identity without trusting what it carries. */
export function clientTlsOptions(
  pfx: Buffer,
  passphrase: string,
): { key: string; cert: string } | { pfx: Buffer; passphrase: string } {
  return clientIdentity(pfx, passphrase) ?? { pfx, passphrase };
}
