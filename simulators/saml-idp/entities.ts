// The test IdP as samlify entities: the IdP itself (and an impostor with the same entity id but
// another key), and the service provider it answers, built from the SP's own metadata. Variants
// of the SP entity decide what samlify signs: the response, the assertion, or both.
import * as samlify from 'samlify';
import * as validator from '@authenio/samlify-node-xmllint';

// samlify refuses to parse anything until a schema validator is set; xmllint checks the real
// SAML schemas. Its emscripten build, on every run, adds a process-wide uncaughtException listener,
// prints a blank line, and arms `process.exit` on the next stdout 'drain'; all three are undone
// around the (synchronous) validation, so the simulator cannot end the process it runs in.
samlify.setSchemaValidator({ validate: (xml: string) => contained(() => validator.validate(xml)) });

function contained<T>(run: () => T): T {
  const crashes = new Set(process.listeners('uncaughtException'));
  const drains = new Set(process.stdout.listeners('drain'));
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return run();
  } finally {
    process.stdout.write = write;
    for (const listener of process.listeners('uncaughtException'))
      if (!crashes.has(listener)) process.off('uncaughtException', listener);
    for (const listener of process.stdout.listeners('drain'))
      if (!drains.has(listener)) process.stdout.off('drain', listener as () => void);
  }
}

export const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

export type SignedParts = 'both' | 'response' | 'assertion';
type Idp = ReturnType<typeof samlify.IdentityProvider>;
type Sp = ReturnType<typeof samlify.ServiceProvider>;

export interface IdpEntities {
  entityId: string;
  metadataXml: string;
  /** The SP as its metadata describes it: request and logout signatures are checked against it. */
  sp: Sp;
  /** The IdP that signs with `key` and encrypts assertions when asked. */
  idp(options: { key: 'own' | 'impostor'; encrypt: boolean }): Idp;
  /** The SP with samlify told which parts of a response to sign. */
  spSigning(parts: SignedParts): Sp;
  acsUrl: string;
  spSloUrl: string;
}

export interface EntityKeys {
  own: { certPem: string; keyPem: string };
  impostor: { certPem: string; keyPem: string };
}

/** The IdP's own metadata, which its administrators hand to the service provider first. */
export function idpMetadataXml(baseUrl: string, keys: EntityKeys): string {
  return identityProvider(baseUrl, keys)({ key: 'own', encrypt: true }).getMetadata();
}

export function createEntities(baseUrl: string, keys: EntityKeys, spMetadataXml: string): IdpEntities {
  const idp = identityProvider(baseUrl, keys);
  const sp = samlify.ServiceProvider({
    metadata: spMetadataXml,
    wantLogoutRequestSigned: true,
    wantLogoutResponseSigned: true,
  });
  const meta = sp.entityMeta;
  // samlify's metadata getters take its short binding names.
  const acsUrl = first(meta.getAssertionConsumerService('post'));
  const spSloUrl = first(meta.getSingleLogoutService('redirect') as string | string[]);
  const spSigning = (parts: SignedParts): Sp =>
    samlify.ServiceProvider({
      entityID: meta.getEntityID(),
      wantAssertionsSigned: parts !== 'response',
      wantMessageSigned: parts !== 'assertion',
      wantLogoutRequestSigned: true,
      wantLogoutResponseSigned: true,
      signingCert: first(meta.getX509Certificate('signing')),
      encryptCert: first(meta.getX509Certificate('encryption')),
      assertionConsumerService: [{ Binding: POST, Location: acsUrl }],
      singleLogoutService: [{ Binding: REDIRECT, Location: spSloUrl }],
      nameIDFormat: [PERSISTENT],
    });
  return {
    entityId: `${baseUrl}/metadata`,
    metadataXml: idpMetadataXml(baseUrl, keys),
    sp,
    idp,
    spSigning,
    acsUrl,
    spSloUrl,
  };
}

function identityProvider(baseUrl: string, keys: EntityKeys) {
  const entityId = `${baseUrl}/metadata`;
  return (options: { key: 'own' | 'impostor'; encrypt: boolean }): Idp =>
    samlify.IdentityProvider({
      entityID: entityId,
      privateKey: keys[options.key].keyPem,
      signingCert: keys[options.key].certPem,
      singleSignOnService: [{ Binding: REDIRECT, Location: `${baseUrl}/sso` }],
      singleLogoutService: [{ Binding: REDIRECT, Location: `${baseUrl}/slo` }],
      nameIDFormat: [PERSISTENT],
      wantAuthnRequestsSigned: true,
      wantLogoutRequestSigned: true,
      isAssertionEncrypted: options.encrypt,
      requestSignatureAlgorithm: RSA_SHA256,
      // AES-GCM rather than samlify's default CBC; the SP's metadata asks for it.
      ...({
        dataEncryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
        keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
      } as object),
    });
}

function first(value: string | string[]): string {
  const found = Array.isArray(value) ? value[0] : value;
  if (!found) throw new Error('the SP metadata lacks an endpoint or certificate the IdP needs');
  return found;
}
