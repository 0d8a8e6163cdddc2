// Finds what in a SAML Response a configured certificate really signed. Facts are read only from
// xml-crypto's canonical copy of the signed element, never from the surrounding document, so
// moving a signed element elsewhere (signature wrapping) or hiding text in comments changes nothing.
import { SignedXml } from 'xml-crypto';
import { XMLSerializer } from '@xmldom/xmldom';
import { assertionFacts, type AssertionFacts } from './assertion-facts.ts';
import { decryptAssertion } from './decrypt.ts';
import { SamlError } from './errors.ts';
import { attribute, children, descendants, NS, onlyChild, parseXml, text } from './xml.ts';

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export interface SignedResponse {
  responseSigned: boolean;
  assertionSigned: boolean;
  encrypted: boolean;
  /** From the signed response; from the unsigned document (and only checked, never trusted) otherwise. */
  response: {
    id: string | undefined;
    inResponseTo: string | undefined;
    destination: string | undefined;
    issuer: string | undefined;
  };
  assertion: AssertionFacts;
}

export interface Trust {
  /** The IdP's signing certificates; nothing else may sign. */
  certificatesPem: readonly string[];
  /** Portvakt's decryption keys for this IdP. */
  decryptionKeysPem: readonly string[];
}

export async function readSignedResponse(xml: string, trust: Trust): Promise<SignedResponse> {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  if (root.namespaceURI !== NS.protocol || root.localName !== 'Response')
    throw new SamlError('malformed', 'Expected a SAML Response.');
  // One Response and one assertion in the whole document: anything else is a wrapping attempt.
  const assertions =
    descendants(doc, NS.assertion, 'Assertion').length + descendants(doc, NS.assertion, 'EncryptedAssertion').length;
  if (descendants(doc, NS.protocol, 'Response').length !== 1 || assertions > 1)
    throw new SamlError('signature', 'The response holds more than one response or assertion.');

  const signedResponse = verifiedCopy(root, xml, trust.certificatesPem);
  const response = signedResponse ? parseXml(signedResponse).documentElement! : root;
  checkStatus(response);
  const plain = children(response, NS.assertion, 'Assertion');
  const encrypted = children(response, NS.assertion, 'EncryptedAssertion');
  if (plain.length + encrypted.length !== 1) throw new SamlError('malformed', 'The response holds no assertion.');

  let assertion: Element;
  let container: string;
  if (encrypted[0]) {
    container = await decryptAssertion(new XMLSerializer().serializeToString(encrypted[0]), trust.decryptionKeysPem);
    assertion = parseXml(container).documentElement!;
  } else {
    assertion = plain[0]!;
    container = signedResponse ?? xml;
  }
  const signedAssertion = verifiedCopy(assertion, container, trust.certificatesPem);
  if (!signedResponse && !signedAssertion)
    throw new SamlError('signature', 'Neither the response nor the assertion is signed.');
  return {
    responseSigned: signedResponse !== undefined,
    assertionSigned: signedAssertion !== undefined,
    encrypted: encrypted.length === 1,
    response: {
      id: attribute(response, 'ID'),
      inResponseTo: attribute(response, 'InResponseTo'),
      destination: attribute(response, 'Destination'),
      issuer: text(onlyChild(response, NS.assertion, 'Issuer')),
    },
    assertion: assertionFacts(signedAssertion ? parseXml(signedAssertion).documentElement! : assertion),
  };
}

function checkStatus(response: Element): void {
  const status = onlyChild(response, NS.protocol, 'Status');
  const code = attribute(status ? onlyChild(status, NS.protocol, 'StatusCode') : undefined, 'Value');
  if (code !== STATUS_SUCCESS)
    throw new SamlError('status', 'The IdP did not answer with success.', { detail: { status: code } });
}

const WEAK_ALGORITHMS = ['http://www.w3.org/2000/09/xmldsig#rsa-sha1', 'http://www.w3.org/2000/09/xmldsig#sha1'];

/**
 * The canonical XML of `element` when its enveloped signature verifies with one of the
 * certificates and covers exactly this element; undefined when it carries no signature. A
 * signature that verifies with none of them is refused outright.
 */
function verifiedCopy(element: Element, containerXml: string, certificatesPem: readonly string[]): string | undefined {
  const signatures = children(element, NS.dsig, 'Signature');
  if (signatures.length === 0) return undefined;
  const id = attribute(element, 'ID');
  if (signatures.length > 1 || !id)
    throw new SamlError('signature', 'The signature is not one enveloped signature over an element with an ID.');
  for (const certificate of certificatesPem) {
    const verifier = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
    for (const weak of WEAK_ALGORITHMS) {
      delete (verifier.SignatureAlgorithms as Record<string, unknown>)[weak];
      delete (verifier.HashAlgorithms as Record<string, unknown>)[weak];
    }
    try {
      verifier.loadSignature(signatures[0]!);
    } catch (cause) {
      // xml-crypto throws plain errors for a Signature without SignedInfo, algorithms, …
      throw new SamlError('signature', 'The signature could not be read.', {
        cause,
        detail: { xmlCrypto: (cause as Error).message },
      });
    }
    try {
      if (!verifier.checkSignature(containerXml)) continue;
    } catch {
      continue;
    }
    const references = verifier.getReferences();
    if (references.length !== 1 || references[0]!.uri !== `#${id}`)
      throw new SamlError('signature', 'The signature does not cover the element that carries it.');
    return verifier.getSignedReferences()[0];
  }
  throw new SamlError('signature', 'The signature does not verify with any configured certificate.');
}
