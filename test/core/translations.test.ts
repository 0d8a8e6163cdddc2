// Every catalogue of texts asks each language for the same placeholders, so no translation drops a
// value or names one the code never gives; and the translator's types are read from the texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeholderNames, translatorFor, type Catalogue } from '../../src/i18n/catalogue.ts';
import { MESSAGES } from '../../src/i18n/messages.ts';
import { translator } from '../../src/i18n/translate.ts';
import { TEXTS as LIFECYCLE_TEXTS } from '../../src/accounts/lifecycle-messages.ts';
import { TEXTS as UPSTREAM_TEXTS } from '../../interactions/upstream/messages.ts';
import { TEXTS as REGISTRATION_TEXTS } from '../../interactions/registration/messages.ts';
import { TEXTS as ACCOUNT_TEXTS } from '../../interactions/account/messages.ts';
import { TEXTS as INVITATION_TEXTS } from '../../interactions/invitation/messages.ts';
import { APP_TEXTS as FREJA_APP_TEXTS } from '../../simulators/freja/texts.ts';

const CATALOGUES: Record<string, Catalogue<string>> = {
  MESSAGES,
  LIFECYCLE_TEXTS,
  UPSTREAM_TEXTS,
  REGISTRATION_TEXTS,
  ACCOUNT_TEXTS,
  INVITATION_TEXTS,
  FREJA_APP_TEXTS,
};

test('each text names the same placeholders in every language', () => {
  const mismatches: string[] = [];
  for (const [name, catalogue] of Object.entries(CATALOGUES)) {
    for (const [key, texts] of Object.entries(catalogue)) {
      const byLanguage = Object.entries(texts).map(([language, text]) => [language, placeholderNames(text).join(',')]);
      if (new Set(byLanguage.map(([, names]) => names)).size > 1)
        mismatches.push(`${name}.${key}: ${byLanguage.map(([language, names]) => `${language}={${names}}`).join(' ')}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('the translator fills what the text names, and the compiler asks for exactly that', () => {
  const t = translator('en');
  assert.equal(t('chooser.intro', { client: 'Kompetensportalen' }), 'Choose how to log in to Kompetensportalen.');
  assert.equal(t('chooser.title'), 'Log in');
  // @ts-expect-error: a text with {client} cannot be used without it
  assert.equal(t('chooser.intro'), 'Choose how to log in to {client}.');
  // @ts-expect-error: nor with a value it does not name instead
  t('chooser.intro', { service: 'x' });
  // @ts-expect-error: a text without placeholders takes no values
  t('chooser.title', { client: 'x' });
  const own = translatorFor({ greeting: { sv: 'Hej {name}', en: 'Hello {name}' } } as const, 'sv');
  assert.equal(own('greeting', { name: 'Anna' }), 'Hej Anna');
  assert.equal(own('greeting', { name: 7 }), 'Hej 7');
});
