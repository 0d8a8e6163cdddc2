// SIMULATOR ONLY: the evidence in `completionData`: an XML signature document shaped like BankID's
// (Signature / Object / bankIdSignedData) and a DER OCSP response for the person's certificate.
// Never used in production configuration.
//
// Both are signed with simulator keys, so they have the right structure to store and parse, but they
// prove nothing: the XML is written in canonical form and digested as text, which has not been checked
// against an XML-DSig verifier, and the certificates chain to the simulator's own "user CA".
import { createHash, createSign, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateAuthority, IssuedCertificate } from '../pki.ts';
import type { BankIdCompletionData } from '../../src/eid/bankid/types.ts';
import type { Order } from './orders.ts';
import type { DemoPerson } from './persons.ts';

const XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
const BANKID_TYPES = 'http://www.bankid.com/signature/v1.0.0/types';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';

export interface EvidenceKeys {
  userCa: CertificateAuthority;
  ocspResponder: IssuedCertificate;
}

export class Evidence {
  /** Per-person "BankID" certificates, issued on first use and kept for the simulator's lifetime. */
  readonly #userCertificates = new Map<string, IssuedCertificate>();

  constructor(private readonly keys: EvidenceKeys) {}

  completion(order: Order, person: DemoPerson, now: number): BankIdCompletionData {
    const user = this.#userCertificate(person);
    const ipAddress = order.deviceIp ?? order.request.endUserIp;
    const uhi = createHash('sha1').update(`uhi:${person.personalNumber}`).digest('base64').replace(/=+$/, '');
    const signature = this.#signature(order, user, uhi);
    const data: BankIdCompletionData = {
      user: {
        personalNumber: person.personalNumber,
        name: `${person.givenName} ${person.surname}`,
        givenName: person.givenName,
        surname: person.surname,
      },
      device: { ipAddress, uhi },
      bankIdIssueDate: person.bankIdIssueDate ?? '2024-01-15',
      signature: Buffer.from(signature, 'utf8').toString('base64'),
      // BankID binds the OCSP response to the signature through its nonce; taking the SHA-1 of the
      // signature document here is a stand-in (the exact rule is UNCONFIRMED).
      ocspResponse: this.#ocsp(user, createHash('sha1').update(signature).digest(), now).toString('base64'),
    };
    if (order.request.requirement.mrtd) data.stepUp = { mrtd: order.mrtdPassed === true };
    if (order.request.returnRisk) data.risk = person.risk ?? 'low';
    return data;
  }

  #userCertificate(person: DemoPerson): IssuedCertificate {
    let cert = this.#userCertificates.get(person.personalNumber);
    if (!cert) {
      cert = this.keys.userCa.issue({
        commonName: `${person.givenName} ${person.surname}`,
        use: 'signing',
        validDays: 730,
      });
      this.#userCertificates.set(person.personalNumber, cert);
    }
    return cert;
  }

  #signature(order: Order, user: IssuedCertificate, uhi: string): string {
    const request = order.request;
    const signing = request.kind === 'sign' || request.kind === 'phoneSign';
    const visible = request.userVisibleData
      ? `<usrVisibleData charset="UTF-8"${request.userVisibleDataFormat ? ` format="${xml(request.userVisibleDataFormat)}"` : ''} visible="wysiwys">${xml(request.userVisibleData)}</usrVisibleData>`
      : '';
    const nonVisible = request.userNonVisibleData
      ? `<usrNonVisibleData>${xml(request.userNonVisibleData)}</usrNonVisibleData>`
      : '';
    const requirement = (request.requirement.certificatePolicies ?? ['1.2.3.4.25'])
      .map((oid) => `<condition><type>CertificatePolicies</type><value>${xml(oid)}</value></condition>`)
      .join('');
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const signedData =
      `<bankIdSignedData xmlns="${BANKID_TYPES}" Id="bidSignedData">` +
      visible +
      nonVisible +
      `<srvInfo><name>${b64(request.relyingParty.name)}</name><nonce>${randomBytes(20).toString('base64')}</nonce>` +
      `<displayName>${b64(request.relyingParty.displayName)}</displayName></srvInfo>` +
      `<clientInfo><funcId>${signing ? 'Signing' : 'Identification'}</funcId>` +
      `<version>${b64('Personal=10.0.0.0&BankID_exe=10.0.0.0&platform=simulator')}</version>` +
      `<env><ai><type>${b64('SIMULATOR')}</type><deviceInfo>${b64('Portvakt BankID simulator')}</deviceInfo>` +
      `<uhi>${xml(uhi)}</uhi><fsib>0</fsib><utb>cs1</utb><requirement>${requirement}</requirement>` +
      `<uauth>pw</uauth></ai></env></clientInfo>` +
      `</bankIdSignedData>`;
    const keyInfo =
      `<KeyInfo xmlns="${XMLDSIG}" Id="bidKeyInfo"><X509Data>` +
      `<X509Certificate>${pemBody(user.certPem)}</X509Certificate>` +
      `<X509Certificate>${pemBody(this.keys.userCa.certPem)}</X509Certificate>` +
      `</X509Data></KeyInfo>`;
    const reference = (uri: string, type: string | undefined, content: string) =>
      `<Reference${type ? ` Type="${type}"` : ''} URI="${uri}"><Transforms><Transform Algorithm="${C14N}"></Transform></Transforms>` +
      `<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></DigestMethod>` +
      `<DigestValue>${createHash('sha256').update(content).digest('base64')}</DigestValue></Reference>`;
    const signedInfo =
      `<SignedInfo xmlns="${XMLDSIG}"><CanonicalizationMethod Algorithm="${C14N}"></CanonicalizationMethod>` +
      `<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></SignatureMethod>` +
      reference('#bidSignedData', BANKID_TYPES, signedData) +
      reference('#bidKeyInfo', undefined, keyInfo) +
      `</SignedInfo>`;
    const signatureValue = createSign('sha256').update(signedInfo).sign(user.keyPem, 'base64');
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` +
      `<Signature xmlns="${XMLDSIG}">${signedInfo}<SignatureValue>${signatureValue}</SignatureValue>${keyInfo}` +
      `<Object>${signedData}</Object></Signature>`
    );
  }

  /** An RFC 6960 OCSPResponse: successful, basic, status good, with a nonce extension. */
  #ocsp(user: IssuedCertificate, nonce: Buffer, now: number): Buffer {
    const { asn1 } = forge;
    const { Class, Type } = asn1;
    const seq = (...items: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
    const octets = (bytes: Buffer) => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bytes.toString('binary'));
    const oid = (dotted: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());
    const nullValue = () => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
    const time = (ms: number) =>
      asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(new Date(ms)));
    const explicit = (tag: number, inner: forge.asn1.Asn1) => asn1.create(Class.CONTEXT_SPECIFIC, tag, true, [inner]);
    const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
    const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest();

    const userCert = forge.pki.certificateFromPem(user.certPem);
    const issuer = forge.pki.certificateFromPem(this.keys.userCa.certPem);
    const responder = this.keys.ocspResponder;
    const certId = seq(
      seq(oid('1.3.14.3.2.26'), nullValue()),
      octets(sha1(der(forge.pki.distinguishedNameToAsn1(issuer.subject)))),
      octets(sha1(publicKeyBits(this.keys.userCa.certPem))),
      asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.util.hexToBytes(userCert.serialNumber)),
    );
    const single = seq(certId, asn1.create(Class.CONTEXT_SPECIFIC, 0, false, ''), time(now));
    const nonceExtension = seq(oid('1.3.6.1.5.5.7.48.1.2'), octets(der(octets(nonce))));
    const responseData = seq(
      explicit(2, octets(sha1(publicKeyBits(responder.certPem)))),
      time(now),
      seq(single),
      explicit(1, seq(nonceExtension)),
    );
    const signature = createSign('sha256').update(der(responseData)).sign(responder.keyPem);
    const basic = seq(
      responseData,
      seq(oid('1.2.840.113549.1.1.11'), nullValue()),
      asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, `\u0000${signature.toString('binary')}`),
      explicit(0, seq(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(responder.certPem)))),
    );
    return der(
      seq(
        asn1.create(Class.UNIVERSAL, Type.ENUMERATED, false, '\u0000'),
        explicit(0, seq(oid('1.3.6.1.5.5.7.48.1.1'), octets(der(basic)))),
      ),
    );
  }
}

/** The subjectPublicKey BIT STRING contents (without the unused-bits byte), as OCSP key hashes use. */
function publicKeyBits(certPem: string): Buffer {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  // The typings lack fromDer's options object; without decodeBitStrings: false forge parses the key inside.
  const fromDer = forge.asn1.fromDer as unknown as (
    bytes: forge.util.ByteStringBuffer,
    options: { decodeBitStrings: boolean },
  ) => forge.asn1.Asn1;
  const node = fromDer(forge.util.createBuffer(spki.toString('binary')), { decodeBitStrings: false });
  const bitString = (node.value as forge.asn1.Asn1[])[1]!;
  return Buffer.from((bitString.value as string).slice(1), 'binary');
}

function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

function xml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
}
