// Message templates in Swedish, Norwegian bokmål and English: values land where they belong, the
// HTML escapes every one of them, and the SMS stays within one segment with the WebOTP line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCALES } from '../../src/config/schema.ts';
import { GUESSING_EMAILS } from '../../src/notify/guessing-emails.ts';
import {
  ONE_TIME_CODE_EMAIL,
  ONE_TIME_CODE_SMS,
  oneTimeCodeEmail,
  oneTimeCodeSms,
  renderEmail,
  type EmailTemplate,
} from '../../src/notify/templates.ts';
import { NOTIFY_MESSAGES } from '../../src/notify/messages.ts';
import { segmentCount } from '../../simulators/twilio/segments.ts';

const HOSTILE = `<script>alert("x")</script> & 'quotes'`;

test('the one-time code e-mail carries code, validity and service in every language', () => {
  const expected = {
    sv: 'Din engångskod till Kommunen',
    nb: 'Din engangskode for Kommunen',
    en: 'Your one-time code for Kommunen',
  };
  for (const locale of LOCALES) {
    const mail = oneTimeCodeEmail(locale, { code: '482913', minutes: 10, service: 'Kommunen' });
    assert.equal(mail.subject, expected[locale]);
    assert.match(mail.text, /^ {4}482913$/m, locale);
    assert.match(mail.text, /\b10\b/, locale);
    assert.match(mail.html, new RegExp(`<html lang="${locale}">`));
    assert.match(mail.html, />482913</);
    assert.doesNotMatch(mail.text + mail.html, /\{\w+\}/, 'no placeholder left unfilled');
  }
});

test('every interpolated value is escaped in the html, in every language', () => {
  for (const locale of LOCALES) {
    const mail = oneTimeCodeEmail(locale, { code: HOSTILE, minutes: 10, service: HOSTILE });
    assert.doesNotMatch(mail.html, /<script>/, locale);
    assert.doesNotMatch(mail.html, /"x"|'quotes'/, locale);
    assert.match(mail.html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;quotes&#39;/, locale);
    assert.ok(mail.text.includes(HOSTILE), 'the plain text keeps the value as it is');
  }
});

test('a value cannot break the Subject header', () => {
  const mail = oneTimeCodeEmail('en', { code: '1', minutes: 1, service: 'Evil\r\nBcc: victim@example.org' });
  assert.doesNotMatch(mail.subject, /[\r\n]/);
});

test('a link block escapes its URL and refuses non-http schemes', () => {
  const invitation: EmailTemplate<'name' | 'url'> = {
    values: ['name', 'url'],
    subject: { sv: 'Inbjudan', nb: 'Invitasjon', en: 'Invitation' },
    blocks: [
      { kind: 'paragraph', text: { sv: 'Hej {name}!', nb: 'Hei {name}!', en: 'Hello {name}!' } },
      { kind: 'link', label: { sv: 'Aktivera kontot', nb: 'Aktiver kontoen', en: 'Activate the account' }, url: 'url' },
    ],
  };
  const mail = renderEmail(invitation, 'nb', { name: HOSTILE, url: 'https://id.example.no/activate?a=1&b="2"' });
  assert.match(mail.html, /<a href="https:\/\/id\.example\.no\/activate\?a=1&amp;b=%222%22">Aktiver kontoen<\/a>/);
  assert.doesNotMatch(mail.html, /<script>/);
  assert.match(mail.text, /Aktiver kontoen:\nhttps:\/\/id\.example\.no\/activate/);
  assert.throws(() => renderEmail(invitation, 'sv', { name: 'x', url: 'javascript:alert(1)' }), /http\(s\)/);
});

test('the one-time code SMS fits one GSM-7 segment and can end in the WebOTP line', () => {
  for (const locale of LOCALES) {
    const body = oneTimeCodeSms(locale, {
      code: '731942',
      minutes: 10,
      service: 'Region Västerbotten',
      host: 'id.regionvasterbotten.se',
    });
    assert.ok(body.startsWith('731942'), locale);
    assert.match(body, /\b10\b/);
    assert.match(body, /\n\n@id\.regionvasterbotten\.se #731942$/);
    assert.equal(segmentCount(body), 1, `${locale}: ${body.length} characters`);
    assert.doesNotMatch(oneTimeCodeSms(locale, { code: '1', minutes: 5, service: 'X' }), /@/);
  }
  assert.throws(
    () => oneTimeCodeSms('sv', { code: '1', minutes: 5, service: 'X', host: 'https://evil.example' }),
    /host/,
  );
});

test('templates use only the placeholders they declare, and every text exists in all three languages', () => {
  const texts = [
    ...Object.values(ONE_TIME_CODE_EMAIL.subject),
    ...ONE_TIME_CODE_EMAIL.blocks.flatMap((block) => (block.kind === 'paragraph' ? Object.values(block.text) : [])),
  ];
  for (const text of texts) {
    for (const [, name] of text.matchAll(/\{(\w+)\}/g))
      assert.ok((ONE_TIME_CODE_EMAIL.values as readonly string[]).includes(name!), name);
  }
  for (const text of Object.values(ONE_TIME_CODE_SMS)) {
    for (const [, name] of text.matchAll(/\{(\w+)\}/g)) assert.ok(['code', 'minutes', 'service'].includes(name!), name);
  }
  for (const template of Object.values(GUESSING_EMAILS)) {
    const guessing = [
      ...Object.values(template.subject),
      ...template.blocks.flatMap((block) => (block.kind === 'paragraph' ? Object.values(block.text) : [])),
    ];
    for (const text of guessing)
      for (const [, name] of text.matchAll(/\{(\w+)\}/g))
        assert.ok((template.values as readonly string[]).includes(name!), name);
    for (const locale of LOCALES) assert.ok(template.subject[locale].trim().length > 0);
  }
  for (const [key, texts] of Object.entries(NOTIFY_MESSAGES)) {
    for (const locale of LOCALES) assert.ok(texts[locale].trim().length > 0, `${key}.${locale}`);
  }
});
