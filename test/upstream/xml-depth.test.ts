// How deep outside XML nests is read from the text before the parser sees it, so a message of
// thousands of nested tags is refused at once instead of costing seconds of parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markupDepth, parseXml } from '../../src/eid/saml/xml.ts';
import { isSamlError } from '../../src/eid/saml/errors.ts';

const nested = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;

test('markupDepth counts element nesting, self-closing elements included, and skips quoted ">", comments, CDATA and instructions', () => {
  assert.equal(markupDepth('<?xml version="1.0"?><r><a/><b x="1 > 0" y=\'<c>\'><c></c></b></r>'), 3);
  assert.equal(markupDepth('<r><!-- <a><a><a> --><![CDATA[<a><a>]]><x/></r>'), 2);
  assert.equal(markupDepth(nested(64)), 64);
  assert.equal(markupDepth('<r><a>'), 2, 'unclosed tags still count');
});

test('parseXml refuses a document nested deeper than 64 elements before parsing it', () => {
  assert.ok(parseXml(nested(64)).documentElement);
  assert.throws(
    () => parseXml(nested(65)),
    (error) => isSamlError(error) && /nests deeper than 64/.test(error.message),
  );
  assert.throws(
    () => parseXml(nested(20_000)),
    (error) => isSamlError(error) && /nests deeper than 64/.test(error.message),
  );
});
