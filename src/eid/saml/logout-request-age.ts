// A LogoutRequest arriving over HTTP-Redirect is signed but says nothing about when it was meant
// to be used; its IssueInstant (and NotOnOrAfter, when present) bound how long it counts, so a
// captured URL cannot end sessions later. The ID makes each request count once.
import { SamlError } from './errors.ts';
import { readRedirectMessage } from './redirect-message.ts';
import { attribute, isXmlId, NS } from './xml.ts';

/** How far a LogoutRequest's IssueInstant may lie from now; SAML deployments allow a few minutes of clock skew. */
const ALLOWED_AGE_MS = 5 * 60_000;
const ALLOWED_SKEW_MS = 3 * 60_000;

export interface LogoutRequestTiming {
  id: string;
  /** Until when the request's ID must be remembered to refuse a replay. */
  rememberUntil: Date;
}

export function checkLogoutRequestTiming(samlRequest: string, now = Date.now()): LogoutRequestTiming {
  const request = readRedirectMessage(samlRequest).doc.getElementsByTagNameNS(NS.protocol, 'LogoutRequest')[0];
  const id = attribute(request, 'ID');
  const issued = Date.parse(attribute(request, 'IssueInstant') ?? '');
  if (!request || !id || !isXmlId(id) || Number.isNaN(issued))
    throw new SamlError('malformed', 'The logout request has no usable ID or IssueInstant.');
  if (issued > now + ALLOWED_SKEW_MS)
    throw new SamlError('not_yet_valid', 'The logout request was issued in the future.', {
      detail: { issueInstant: new Date(issued).toISOString() },
    });
  const notOnOrAfter = Date.parse(attribute(request, 'NotOnOrAfter') ?? '');
  const expires = Number.isNaN(notOnOrAfter)
    ? issued + ALLOWED_AGE_MS
    : Math.min(notOnOrAfter, issued + ALLOWED_AGE_MS);
  if (now >= expires + ALLOWED_SKEW_MS)
    throw new SamlError('expired', 'The logout request is too old.', {
      detail: { issueInstant: new Date(issued).toISOString() },
    });
  return { id, rememberUntil: new Date(expires + ALLOWED_SKEW_MS) };
}
