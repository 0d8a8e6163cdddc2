// Signs a redirect-binding query (SAML bindings 3.4.4.1) with the IdP's own key, whatever the
// message holds: lets tests reach what the service provider does after the signature check with a
// broken message. rsa-sha256 over `SAMLRequest|SAMLResponse=…&RelayState=…&SigAlg=…`, as sent.
import { sign } from 'node:crypto';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

export type RedirectMessage = { SAMLRequest: string } | { SAMLResponse: string };

export function signRedirectQuery(keyPem: string, message: RedirectMessage, relayState?: string): string {
  const [kind, value] = Object.entries(message)[0]!;
  const parts = [
    `${kind}=${strictlyEncoded(value)}`,
    ...(relayState === undefined ? [] : [`RelayState=${strictlyEncoded(relayState)}`]),
    `SigAlg=${strictlyEncoded(RSA_SHA256)}`,
  ];
  const signature = sign('sha256', Buffer.from(parts.join('&')), keyPem).toString('base64');
  return `${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
}

/** Also ' ! ( ) *, which URL parsers re-encode in a query: the signed octets must be the ones sent. */
function strictlyEncoded(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
