// Login responses as the test IdP sends them: samlify signs and encrypts; the knobs in
// ResponseBehaviour make the faulty answers Portvakt must refuse (unsigned, signed by another key,
// for another audience, expired, answering another request).
import { randomBytes } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { PERSISTENT, type IdpEntities, type SignedParts } from './entities.ts';
import { ATTRIBUTE_NAMES, type StaffPerson } from './persons.ts';

export interface ResponseBehaviour {
  /** What samlify signs; `none` strips every signature from what it produced. */
  sign: SignedParts | 'none';
  /** `impostor` signs with a key the SP never trusted, under the IdP's own entity id. */
  key: 'own' | 'impostor';
  encrypt: boolean;
  /** An audience other than the SP's entity id. */
  audience?: string | undefined;
  /** How long the assertion is valid. */
  validitySeconds: number;
  /** How long ago the assertion was issued; older than `validitySeconds` makes it expired. */
  ageSeconds: number;
  /** An InResponseTo other than the request's ID. */
  inResponseTo?: string | undefined;
}

export const DEFAULT_BEHAVIOUR: Readonly<ResponseBehaviour> = {
  sign: 'both',
  key: 'own',
  encrypt: true,
  validitySeconds: 300,
  ageSeconds: 0,
};

export interface OutgoingResponse {
  acsUrl: string;
  samlResponse: string;
  relayState: string | undefined;
}

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const PASSWORD_CONTEXT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

export async function loginResponse(
  entities: IdpEntities,
  behaviour: ResponseBehaviour,
  request: { id: string; relayState?: string | undefined },
  person: StaffPerson,
  sessionIndex: string,
): Promise<OutgoingResponse> {
  const parts = behaviour.sign === 'none' ? 'response' : behaviour.sign;
  const idp = entities.idp({ key: behaviour.key, encrypt: behaviour.encrypt });
  const responseId = newId();
  const xml = responseXml(entities, behaviour, { responseId, requestId: request.id, person, sessionIndex });
  const built = await idp.createLoginResponse(
    entities.spSigning(parts),
    { extract: { request: { id: request.id } } },
    'post',
    { email: person.email },
    {
      ...relayStateOption(request.relayState),
      encryptThenSign: true,
      customTagReplacement: () => ({ id: responseId, context: xml }),
    },
  );
  const samlResponse = behaviour.sign === 'none' ? withoutSignatures(built.context) : built.context;
  return { acsUrl: entities.acsUrl, samlResponse, relayState: request.relayState };
}

/** The IdP's answer when the person cancels: a signed response without an assertion. */
export async function cancelledResponse(
  entities: IdpEntities,
  request: { id: string; relayState?: string | undefined },
): Promise<OutgoingResponse> {
  const responseId = newId();
  const now = new Date().toISOString();
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${now}" Destination="${escape(entities.acsUrl)}" InResponseTo="${escape(request.id)}"><saml:Issuer>${escape(entities.entityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode></samlp:Status></samlp:Response>`;
  const built = await entities.idp({ key: 'own', encrypt: false }).createLoginResponse(
    entities.spSigning('response'),
    { extract: { request: { id: request.id } } },
    'post',
    {},
    {
      ...relayStateOption(request.relayState),
      encryptThenSign: true,
      customTagReplacement: () => ({ id: responseId, context: xml }),
    },
  );
  return { acsUrl: entities.acsUrl, samlResponse: built.context, relayState: request.relayState };
}

interface ResponseValues {
  responseId: string;
  requestId: string;
  person: StaffPerson;
  sessionIndex: string;
}

function responseXml(entities: IdpEntities, behaviour: ResponseBehaviour, values: ResponseValues): string {
  const issued = new Date(Date.now() - behaviour.ageSeconds * 1000);
  const until = new Date(issued.getTime() + behaviour.validitySeconds * 1000).toISOString();
  const now = issued.toISOString();
  const inResponseTo = escape(behaviour.inResponseTo ?? values.requestId);
  const issuer = `<saml:Issuer>${escape(entities.entityId)}</saml:Issuer>`;
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${values.responseId}" Version="2.0" IssueInstant="${now}" Destination="${escape(entities.acsUrl)}" InResponseTo="${inResponseTo}">${issuer}<samlp:Status><samlp:StatusCode Value="${SUCCESS}"/></samlp:Status>` +
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${newId()}" Version="2.0" IssueInstant="${now}">${issuer}` +
    `<saml:Subject><saml:NameID Format="${PERSISTENT}">${escape(values.person.nameId)}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${escape(entities.acsUrl)}" InResponseTo="${inResponseTo}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${now}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${escape(behaviour.audience ?? entities.sp.entityMeta.getEntityID())}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now}" SessionIndex="${escape(values.sessionIndex)}"><saml:AuthnContext><saml:AuthnContextClassRef>${PASSWORD_CONTEXT}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes(values.person)}</saml:AttributeStatement></saml:Assertion></samlp:Response>`
  );
}

function attributes(person: StaffPerson): string {
  const values: [string, string | undefined][] = [
    [ATTRIBUTE_NAMES.email, person.email],
    [ATTRIBUTE_NAMES.givenName, person.givenName],
    [ATTRIBUTE_NAMES.familyName, person.familyName],
    [ATTRIBUTE_NAMES.displayName, `${person.givenName} ${person.familyName}`],
    [ATTRIBUTE_NAMES.employeeNumber, person.employeeNumber],
    [ATTRIBUTE_NAMES.personalNumber, person.personalNumber],
  ];
  return values
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">${escape(value)}</saml:AttributeValue></saml:Attribute>`,
    )
    .join('');
}

/** The same message with every XML signature removed. */
function withoutSignatures(base64: string): string {
  const doc = new DOMParser().parseFromString(Buffer.from(base64, 'base64').toString('utf8'), 'text/xml');
  for (const signature of Array.from(doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')))
    signature.parentNode?.removeChild(signature);
  return Buffer.from(new XMLSerializer().serializeToString(doc), 'utf8').toString('base64');
}

/** The library's options take RelayState only when there is one. */
export function relayStateOption(relayState: string | undefined): { relayState?: string } {
  return relayState === undefined ? {} : { relayState };
}

export function newId(): string {
  // An NCName: SAML IDs must not start with a digit.
  return `_${randomBytes(20).toString('hex')}`;
}

function escape(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!,
  );
}
