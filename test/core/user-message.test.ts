// The Swedish profile's userMessage as Portvakt reads it: base64 text per language, plain or
// Markdown, and refused (for the relying party to hear) when it is empty, too long, carries
// control characters, or, as Markdown, HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUserMessage } from '../../src/provider/user-message.ts';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

test('userMessage: the language’s own text, plain or Markdown, and what is refused', () => {
  assert.deepEqual(parseUserMessage({ message: encode('Logga in till Skolwebben') }, 'sv'), {
    text: 'Logga in till Skolwebben',
    markdown: false,
  });
  assert.deepEqual(parseUserMessage(JSON.stringify({ message: encode('Hej'), 'message#en': encode('Hello') }), 'en'), {
    text: 'Hello',
    markdown: false,
  });
  assert.deepEqual(parseUserMessage({ message: encode('*Viktigt:* signera'), mime_type: 'text/markdown' }, 'sv'), {
    text: '*Viktigt:* signera',
    markdown: true,
  });
  assert.equal(parseUserMessage(undefined, 'sv'), undefined);
  for (const bad of [
    { message: encode('<b>Viktigt</b>'), mime_type: 'text/markdown' },
    { message: encode('text <!-- hidden -->'), mime_type: 'text/markdown' },
    { message: encode('x'.repeat(1501)) },
    { message: encode('bell\u0007') },
    { message: encode('   ') },
    { message: encode('Hej'), mime_type: 'text/html' },
    'not json',
    [],
  ]) {
    assert.equal(parseUserMessage(bad, 'sv'), 'invalid', JSON.stringify(bad));
  }
  assert.deepEqual(
    parseUserMessage({ message: encode('2 < 3 och 5 > 4') }, 'sv'),
    { text: '2 < 3 och 5 > 4', markdown: false },
    'plain text may hold angle brackets: it is shown escaped',
  );
});
