// Small, strict XML reading for SAML: a parser that refuses document types, deep nesting and
// malformed input, and namespace-aware lookups that read an element's whole text, never only its
// first node.
// xmldom's types are the DOM's own (it references lib "dom"), hence the global Document and Element.
import { DOMParser } from '@xmldom/xmldom';
import { SamlError } from './errors.ts';

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
} as const;

export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

/** Parses XML from outside. A DOCTYPE is refused: SAML never needs one and entities are an attack. */
export function parseXml(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new SamlError('malformed', 'XML with a document type declaration is refused.');
  // Before xmldom sees it: its parser slows down badly with depth (seconds for 100 kB of nested
  // tags), which an unsigned logout message could otherwise spend for anyone.
  if (markupDepth(xml) > MAX_DEPTH)
    throw new SamlError('malformed', `The XML nests deeper than ${MAX_DEPTH} elements.`);
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (message) => void problems.push(message),
      fatalError: (message) => void problems.push(message),
    },
  }).parseFromString(xml, 'text/xml');
  if (problems.length > 0 || !doc?.documentElement)
    throw new SamlError('malformed', 'The XML could not be read.', { detail: { problems: problems.slice(0, 3) } });
  if (depthOf(doc.documentElement) > MAX_DEPTH)
    throw new SamlError('malformed', `The XML nests deeper than ${MAX_DEPTH} elements.`);
  return doc;
}

/**
 * SAML messages and metadata nest a dozen or so elements deep. Deeper documents are refused
 * before xmldom's serializer and xml-crypto's canonicalization, which recurse per level.
 */
const MAX_DEPTH = 64;

/**
 * How deep the markup's start tags nest, read in one pass over the text (quoted attribute values,
 * comments, CDATA and processing instructions skipped). An estimate that never undercounts a
 * well-formed document; the parse still checks the real tree afterwards.
 */
export function markupDepth(xml: string): number {
  let depth = 0;
  let deepest = 0;
  for (let at = xml.indexOf('<'); at !== -1; at = xml.indexOf('<', at + 1)) {
    const next = xml[at + 1];
    if (xml.startsWith('<!--', at)) at = end(xml, '-->', at);
    else if (xml.startsWith('<![CDATA[', at)) at = end(xml, ']]>', at);
    else if (next === '?' || next === '!') at = end(xml, '>', at);
    else if (next === '/') {
      depth -= 1;
      at = end(xml, '>', at);
    } else {
      const close = tagEnd(xml, at);
      // A self-closing element is as deep as any other, but nothing nests inside it.
      deepest = Math.max(deepest, depth + 1);
      if (xml[close - 1] !== '/') depth += 1;
      at = close;
    }
    if (at === -1 || deepest > MAX_DEPTH) break;
  }
  return deepest;
}

function end(xml: string, marker: string, from: number): number {
  const found = xml.indexOf(marker, from);
  return found === -1 ? -1 : found + marker.length - 1;
}

/** The `>` that ends the start tag at `from`, skipping `>` inside quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote: string | undefined;
  for (let at = from + 1; at < xml.length; at += 1) {
    const char = xml[at];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return at;
  }
  return -1;
}

/** The element depth of the tree under `root`, walked without recursion. */
function depthOf(root: Element): number {
  let deepest = 0;
  const stack: [Node, number][] = [[root, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [node, depth] = entry;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DEPTH) return deepest;
    for (let child = node.firstChild; child; child = child.nextSibling)
      if (isElement(child)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Direct element children of `parent` with the given namespace and local name. */
export function children(parent: Node, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (isElement(child) && child.namespaceURI === ns && child.localName === localName) found.push(child);
  }
  return found;
}

/** The one direct child, or undefined when there is none; more than one is malformed. */
export function onlyChild(parent: Node, ns: string, localName: string): Element | undefined {
  const found = children(parent, ns, localName);
  if (found.length > 1) throw new SamlError('malformed', `More than one ${localName} where one is allowed.`);
  return found[0];
}

/** All descendants with the given namespace and local name. */
export function descendants(parent: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(ns, localName));
}

/** The element's whole text, all text nodes joined and trimmed. */
export function text(element: Element | undefined): string | undefined {
  if (!element) return undefined;
  const value = (element.textContent ?? '').trim();
  return value === '' ? undefined : value;
}

export function attribute(element: Element | undefined, name: string): string | undefined {
  const value = element?.getAttribute(name);
  return value === null || value === undefined || value === '' ? undefined : value;
}

/** An xs:ID (an NCName), as SAML's ID attributes are; they become keys in the replay store. */
export function isXmlId(value: string): boolean {
  return value.length <= 256 && /^[\p{L}_][\p{L}\p{N}_.\-\u00B7]*$/u.test(value);
}

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);
}
