// Decides whether a login response posted to the ACS is accepted: signed by the IdP, for this
// service provider, in time, the answer to this login's request, and never seen before. Two
// independent readings must agree: Portvakt's own (signed-response.ts) and saml2-js's.
import { SamlError } from './errors.ts';
import type { SamlServiceProvider } from './service-provider.ts';
import { readSignedResponse, type SignedResponse } from './signed-response.ts';

export interface VerifiedLogin {
  issuer: string;
  assertionId: string;
  nameId: string | undefined;
  nameIdFormat: string | undefined;
  sessionIndex: string | undefined;
  authnContextClassRef: string | undefined;
  attributes: Record<string, string[]>;
}

export interface LoginResponseCheck {
  sp: SamlServiceProvider;
  samlResponse: string;
  /** The ID of the AuthnRequest this login sent. */
  requestId: string;
  requireEncryptedAssertion: boolean;
  decryptionKeysPem: readonly string[];
  clockSkewSeconds: number;
  now: Date;
  /** Records the assertion id; false when it was seen before. */
  firstUse(issuer: string, assertionId: string, expiresAt: Date): Promise<boolean>;
}

/** Large enough for an encrypted, signed assertion with a few certificates and attributes. */
const MAX_RESPONSE_BYTES = 256 * 1024;

export async function verifyLoginResponse(check: LoginResponseCheck): Promise<VerifiedLogin> {
  const xml = decodeBase64(check.samlResponse);
  const { sp } = check;
  const signed = await readSignedResponse(xml, {
    certificatesPem: sp.idp.signingCertificatesPem,
    decryptionKeysPem: check.decryptionKeysPem,
  });
  const { assertion } = signed;
  if (check.requireEncryptedAssertion && !signed.encrypted)
    throw new SamlError('unencrypted', 'This IdP’s assertions must be encrypted.');
  if (
    assertion.issuer !== sp.idp.entityId ||
    (signed.responseSigned && signed.response.issuer !== undefined && signed.response.issuer !== sp.idp.entityId)
  ) {
    throw new SamlError('issuer', 'The assertion was issued by another entity.', {
      detail: { issuer: assertion.issuer },
    });
  }
  checkAudience(signed, sp.endpoints.entityId);
  checkTime(signed, check.now, check.clockSkewSeconds);
  checkBinding(signed, sp.endpoints.acsUrl, check.requestId);
  await secondOpinion(check, signed);
  // Recorded last, and atomically: only an assertion that passed every check is used up, so a
  // bent copy sent first cannot burn the genuine one, and of two copies at once only one wins.
  if (!(await check.firstUse(sp.idp.entityId, assertion.id, replayHorizon(signed, check)))) {
    throw new SamlError('replay', 'This assertion has been used before.', { detail: { assertionId: assertion.id } });
  }
  return {
    issuer: sp.idp.entityId,
    assertionId: assertion.id,
    nameId: assertion.nameId,
    nameIdFormat: assertion.nameIdFormat,
    sessionIndex: assertion.sessionIndex,
    authnContextClassRef: assertion.authnContextClassRef,
    attributes: assertion.attributes,
  };
}

function decodeBase64(value: string): string {
  if (value.length > (MAX_RESPONSE_BYTES * 4) / 3 || !/^[A-Za-z0-9+/=\s]+$/.test(value))
    throw new SamlError('malformed', 'The SAMLResponse is not base64 of a reasonable size.');
  return Buffer.from(value, 'base64').toString('utf8');
}

function checkAudience(signed: SignedResponse, entityId: string): void {
  const restrictions = signed.assertion.audienceRestrictions;
  // SAML core 2.5.1.4: every AudienceRestriction must name us; SAML2Int requires at least one.
  if (restrictions.length === 0 || !restrictions.every((audiences) => audiences.includes(entityId))) {
    throw new SamlError('audience', 'The assertion is meant for another service provider.', {
      detail: { audiences: restrictions.flat() },
    });
  }
}

function checkTime(signed: SignedResponse, now: Date, skewSeconds: number): void {
  const { assertion } = signed;
  const skew = skewSeconds * 1000;
  const starts = [assertion.notBefore, assertion.bearer?.notBefore]
    .filter((value) => value !== undefined)
    .map(Date.parse);
  const ends = [assertion.notOnOrAfter, assertion.bearer?.notOnOrAfter]
    .filter((value) => value !== undefined)
    .map(Date.parse);
  if (starts.some(Number.isNaN) || ends.some(Number.isNaN) || ends.length === 0)
    throw new SamlError('malformed', 'The assertion’s validity period is missing or unreadable.');
  if (starts.some((start) => start > now.getTime() + skew))
    throw new SamlError('not_yet_valid', 'The assertion is not valid yet.', {
      detail: { notBefore: assertion.notBefore },
    });
  if (ends.some((end) => end <= now.getTime() - skew))
    throw new SamlError('expired', 'The assertion has expired.', {
      detail: { notOnOrAfter: assertion.notOnOrAfter ?? assertion.bearer?.notOnOrAfter },
    });
}

/** The Web Browser SSO profile's bearer rules: sent to our ACS, in answer to our request. */
function checkBinding(signed: SignedResponse, acsUrl: string, requestId: string): void {
  const bearer = signed.assertion.bearer;
  if (!bearer) throw new SamlError('malformed', 'The assertion has no bearer subject confirmation.');
  if (
    bearer.recipient !== acsUrl ||
    (signed.response.destination !== undefined && signed.response.destination !== acsUrl)
  ) {
    throw new SamlError('recipient', 'The assertion was sent to another endpoint.', {
      detail: { recipient: bearer.recipient, destination: signed.response.destination },
    });
  }
  if (bearer.inResponseTo !== requestId || signed.response.inResponseTo !== requestId) {
    throw new SamlError('in_response_to', 'The response does not answer this login’s request.', {
      detail: { inResponseTo: bearer.inResponseTo ?? signed.response.inResponseTo },
    });
  }
}

/** saml2-js must accept the response too, and read the same subject from it. */
async function secondOpinion(check: LoginResponseCheck, signed: SignedResponse): Promise<void> {
  let answer;
  try {
    answer = await check.sp.assert(check.samlResponse);
  } catch (cause) {
    throw new SamlError('signature', 'saml2-js refused the response.', {
      cause,
      detail: { saml2js: (cause as Error).message },
    });
  }
  if ((answer.user.name_id ?? undefined) !== signed.assertion.nameId) {
    throw new SamlError('signature', 'Two readings of the response disagree on the subject.', {
      detail: { saml2js: answer.user.name_id, portvakt: signed.assertion.nameId },
    });
  }
}

/** How long to remember an assertion id: until it would be refused for its age anyway. */
function replayHorizon(signed: SignedResponse, check: LoginResponseCheck): Date {
  const ends = [signed.assertion.notOnOrAfter, signed.assertion.bearer?.notOnOrAfter]
    .map((value) => (value ? Date.parse(value) : Number.NaN))
    .filter((value) => !Number.isNaN(value));
  const latest = ends.length > 0 ? Math.max(...ends) : check.now.getTime() + 3600_000;
  return new Date(Math.max(latest, check.now.getTime()) + check.clockSkewSeconds * 1000);
}
