// Verifies a SAML message that came over HTTP-Redirect (SAML bindings 3.4.4.1): the signature
// covers the query parts SAMLRequest or SAMLResponse, RelayState and SigAlg exactly as they were
// sent, before URL decoding, so the raw query string is what is checked.
import { createPublicKey, verify } from 'node:crypto';
import { SamlError } from './errors.ts';

const ALGORITHMS: Record<string, string> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'sha512',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': 'sha256',
};

export type RedirectMessageKind = 'SAMLRequest' | 'SAMLResponse';

/** Which message the query carries, once its signature verifies with one of the certificates. */
export function verifyRedirectSignature(rawQuery: string, certificatesPem: readonly string[]): RedirectMessageKind {
  const raw = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    const index = part.indexOf('=');
    const name = index === -1 ? part : part.slice(0, index);
    if (raw.has(name)) throw new SamlError('malformed', `The query repeats ${name}.`);
    raw.set(name, index === -1 ? '' : part.slice(index + 1));
  }
  const kinds = (['SAMLRequest', 'SAMLResponse'] as const).filter((kind) => raw.has(kind));
  if (kinds.length !== 1) throw new SamlError('malformed', 'Expected one SAMLRequest or SAMLResponse.');
  const kind = kinds[0]!;
  const sigAlg = raw.get('SigAlg');
  const signature = raw.get('Signature');
  if (!sigAlg || !signature) throw new SamlError('signature', 'The message is not signed.');
  const hash = ALGORITHMS[safeDecode(sigAlg)];
  if (!hash)
    throw new SamlError('signature', 'The signature algorithm is not accepted.', {
      detail: { sigAlg: safeDecode(sigAlg) },
    });
  const relayState = raw.get('RelayState');
  const octets = [
    `${kind}=${raw.get(kind)}`,
    ...(relayState === undefined ? [] : [`RelayState=${relayState}`]),
    `SigAlg=${sigAlg}`,
  ].join('&');
  const signatureBytes = Buffer.from(safeDecode(signature), 'base64');
  const verified = certificatesPem.some((certificate) =>
    verify(hash, Buffer.from(octets), createPublicKey(certificate), signatureBytes),
  );
  if (!verified) throw new SamlError('signature', 'The signature does not verify with any configured certificate.');
  return kind;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new SamlError('malformed', 'The query is not URL-encoded.');
  }
}
