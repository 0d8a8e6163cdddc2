// The XML of a message that came over HTTP-Redirect (SAML bindings 3.4.4.1: DEFLATE, then base64),
// read strictly before anything else sees it. saml2-js's own reader throws outside its callback on
// an empty document, which would leave the request hanging, and it reads DOCTYPEs.
import { inflateRawSync } from 'node:zlib';
import { SamlError } from './errors.ts';
import { parseXml } from './xml.ts';

/** A logout message is a few kilobytes; this bounds what a deflate bomb can make of it. */
const MAX_INFLATED_BYTES = 256 * 1024;

export function readRedirectMessage(encoded: string): { xml: string; doc: Document } {
  let xml: string;
  try {
    xml = inflateRawSync(Buffer.from(encoded, 'base64'), { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch (cause) {
    throw new SamlError('malformed', 'The redirect message could not be inflated.', { cause });
  }
  return { xml, doc: parseXml(xml) };
}
