// The age and identity of an IdP's LogoutRequest: old or future-dated requests are refused, and
// the ID is remembered for as long as the request could still count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { checkLogoutRequestTiming } from '../../src/eid/saml/logout-request-age.ts';
import { isSamlError } from '../../src/eid/saml/errors.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function encoded(attributes: string): string {
  const xml = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Version="2.0" ${attributes}><saml:Issuer>https://idp.example</saml:Issuer><saml:NameID>erik</saml:NameID></samlp:LogoutRequest>`;
  return deflateRawSync(Buffer.from(xml)).toString('base64');
}

function refusal(samlRequest: string): string | undefined {
  try {
    checkLogoutRequestTiming(samlRequest, NOW);
    return undefined;
  } catch (error) {
    return isSamlError(error) ? error.code : 'other';
  }
}

test('a fresh request is accepted and remembered past its lifetime', () => {
  const timing = checkLogoutRequestTiming(encoded('ID="_a1" IssueInstant="2026-11-22T11:59:00Z"'), NOW);
  assert.equal(timing.id, '_a1');
  assert.ok(timing.rememberUntil.getTime() > NOW);
});

test('an old, a future-dated, an expired or an undated request is refused', () => {
  assert.equal(refusal(encoded('ID="_a2" IssueInstant="2026-11-22T11:40:00Z"')), 'expired');
  assert.equal(refusal(encoded('ID="_a3" IssueInstant="2026-11-22T12:30:00Z"')), 'not_yet_valid');
  assert.equal(
    refusal(encoded('ID="_a4" IssueInstant="2026-11-22T11:50:00Z" NotOnOrAfter="2026-11-22T11:51:00Z"')),
    'expired',
  );
  assert.equal(refusal(encoded('ID="_a5"')), 'malformed');
  assert.equal(refusal('not base64 deflate'), 'malformed');
});
