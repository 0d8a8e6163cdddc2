// The facts of one SAML assertion that Portvakt decides on, read from an element the caller has
// already established as signed. Text is read whole, so a comment cannot cut a NameID short.
import { SamlError } from './errors.ts';
import { attribute, children, isXmlId, NS, onlyChild, text } from './xml.ts';

export const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export interface AssertionFacts {
  id: string;
  issuer: string | undefined;
  nameId: string | undefined;
  nameIdFormat: string | undefined;
  /** The bearer SubjectConfirmationData (Web Browser SSO profile 4.1.4.2). */
  bearer:
    | {
        recipient: string | undefined;
        inResponseTo: string | undefined;
        notBefore: string | undefined;
        notOnOrAfter: string | undefined;
      }
    | undefined;
  notBefore: string | undefined;
  notOnOrAfter: string | undefined;
  /** One list per AudienceRestriction; each must name this service provider. */
  audienceRestrictions: string[][];
  sessionIndex: string | undefined;
  authnContextClassRef: string | undefined;
  attributes: Record<string, string[]>;
}

export function assertionFacts(assertion: Element): AssertionFacts {
  if (assertion.namespaceURI !== NS.assertion || assertion.localName !== 'Assertion')
    throw new SamlError('malformed', 'Expected a SAML Assertion.');
  const id = attribute(assertion, 'ID');
  if (!id || !isXmlId(id)) throw new SamlError('malformed', 'The assertion has no ID, or one that is not an xs:ID.');
  const subject = onlyChild(assertion, NS.assertion, 'Subject');
  const nameId = subject ? onlyChild(subject, NS.assertion, 'NameID') : undefined;
  const conditions = onlyChild(assertion, NS.assertion, 'Conditions');
  const authn = children(assertion, NS.assertion, 'AuthnStatement')[0];
  const context = authn ? onlyChild(authn, NS.assertion, 'AuthnContext') : undefined;
  return {
    id,
    issuer: text(onlyChild(assertion, NS.assertion, 'Issuer')),
    nameId: text(nameId),
    nameIdFormat: attribute(nameId, 'Format'),
    bearer: subject ? bearerConfirmation(subject) : undefined,
    notBefore: attribute(conditions, 'NotBefore'),
    notOnOrAfter: attribute(conditions, 'NotOnOrAfter'),
    audienceRestrictions: conditions
      ? children(conditions, NS.assertion, 'AudienceRestriction').map((restriction) =>
          children(restriction, NS.assertion, 'Audience').map((audience) => text(audience) ?? ''),
        )
      : [],
    sessionIndex: attribute(authn, 'SessionIndex'),
    authnContextClassRef: text(context ? onlyChild(context, NS.assertion, 'AuthnContextClassRef') : undefined),
    attributes: attributesOf(assertion),
  };
}

function bearerConfirmation(subject: Element): AssertionFacts['bearer'] {
  const confirmation = children(subject, NS.assertion, 'SubjectConfirmation').find(
    (element) => attribute(element, 'Method') === BEARER,
  );
  if (!confirmation) return undefined;
  const data = onlyChild(confirmation, NS.assertion, 'SubjectConfirmationData');
  return {
    recipient: attribute(data, 'Recipient'),
    inResponseTo: attribute(data, 'InResponseTo'),
    notBefore: attribute(data, 'NotBefore'),
    notOnOrAfter: attribute(data, 'NotOnOrAfter'),
  };
}

function attributesOf(assertion: Element): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    for (const element of children(statement, NS.assertion, 'Attribute')) {
      const name = attribute(element, 'Name');
      if (!name) throw new SamlError('malformed', 'An attribute has no Name.');
      const found = children(element, NS.assertion, 'AttributeValue').map((value) => text(value) ?? '');
      values[name] = [...(values[name] ?? []), ...found];
    }
  }
  return values;
}
