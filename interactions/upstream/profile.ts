// Turns what an upstream IdP verified (SAML attributes, OIDC claims) into one profile by the IdP's
// attribute mapping: the upstream subject and the identities and names linking may use.
import { parseNorwegianId } from '../../src/accounts/fodselsnummer.ts';
import { parsePersonalNumber } from '../../src/accounts/personnummer.ts';
import { normaliseLoginName } from '../../src/accounts/types.ts';
import type { NationalIdType } from '../../src/accounts/resolve.ts';
import type { UpstreamIdentity } from '../../src/accounts/upstream-linking.ts';
import type { OidcUpstreamConfig } from '../../src/eid/oidc-upstream/config.ts';
import type { UpstreamAnswer } from '../../src/eid/oidc-upstream/client.ts';
import type { SamlIdpConfig } from '../../src/eid/saml/config.ts';
import type { VerifiedLogin } from '../../src/eid/saml/login-response.ts';
import type { Acr, Amr } from '../../src/provider/vocabulary.ts';

/** The upstream identity linking uses, and the methods the IdP says the person used. */
export interface UpstreamProfile extends UpstreamIdentity {
  amr: Amr[];
  /** The level this login reached, where the issuer reports one per login; else the method's. */
  acr?: Acr | undefined;
}

/** Undefined when the configured subject is missing or ambiguous. */
export function samlProfile(login: VerifiedLogin, config: SamlIdpConfig): UpstreamProfile | undefined {
  const mapping = config.attributes;
  const single = (name: string) => {
    const values = [...new Set((login.attributes[name] ?? []).map((value) => value.trim()).filter(Boolean))];
    return values.length === 1 ? values[0] : undefined;
  };
  const subject = mapping.subject === 'nameId' ? login.nameId?.trim() : single(mapping.subject);
  if (!subject) return undefined;
  const email = single(mapping.email);
  return {
    issuer: login.issuer,
    subject,
    email: email ? normaliseLoginName(email) : undefined,
    emailVerified: email !== undefined,
    givenName: single(mapping.givenName),
    familyName: single(mapping.familyName),
    employeeNumber: single(mapping.employeeNumber),
    personalNumber: validNumber(single(mapping.personalNumber)),
    nationalId: config.nationalId
      ? provenNationalId(config.nationalId.type, single(config.nationalId.attribute))
      : undefined,
    amr: [...config.amr],
  };
}

/** `assurance` is what src/eid/oidc-upstream/assurance.ts made of the answer. */
export function oidcProfile(
  answer: UpstreamAnswer,
  config: OidcUpstreamConfig,
  assurance: { acr: Acr; amr: Amr[] },
): UpstreamProfile | undefined {
  const mapping = config.claims;
  const claim = (name: string) => {
    const value = answer.claims[name];
    return typeof value === 'string' && value.trim() !== ''
      ? value.trim()
      : typeof value === 'number'
        ? String(value)
        : undefined;
  };
  const subject = mapping.subject === 'sub' ? answer.subject : claim(mapping.subject);
  if (!subject) return undefined;
  const email = claim(mapping.email);
  return {
    issuer: answer.issuer,
    subject,
    email: email ? normaliseLoginName(email) : undefined,
    emailVerified: email !== undefined && answer.claims[mapping.emailVerified] === true,
    givenName: claim(mapping.givenName),
    familyName: claim(mapping.familyName),
    employeeNumber: claim(mapping.employeeNumber),
    personalNumber: validNumber(claim(mapping.personalNumber)),
    nationalId: config.nationalId
      ? provenNationalId(config.nationalId.type, claim(config.nationalId.claim))
      : undefined,
    amr: assurance.amr,
    acr: assurance.acr,
  };
}

/** The domain of a normalised address. */

function validNumber(value: string | undefined): string | undefined {
  const digits = value?.replace(/[\s-]/g, '');
  return digits && parsePersonalNumber(digits) ? digits : undefined;
}

function provenNationalId(type: NationalIdType, value: string | undefined): UpstreamProfile['nationalId'] {
  const digits = value?.replace(/[\s-]/g, '');
  if (!digits) return undefined;
  const valid = type === 'no_national_id' ? parseNorwegianId(digits) : parsePersonalNumber(digits);
  return valid ? { type, value: digits } : undefined;
}
