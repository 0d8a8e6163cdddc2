// Every environment variable the product reads is declared in src/config/env.ts, and the README's
// tables name every declared one with its default: an operator never meets an undocumented knob.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEMO_PORT_ENVIRONMENT, ENVIRONMENT } from '../../src/config/env.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PRODUCT = ['app', 'src', 'adapters', 'interactions', 'simulators', 'samples', 'kernel'];
const DECLARED = new Set([
  ...ENVIRONMENT.map((variable) => variable.name),
  ...Object.values(DEMO_PORT_ENVIRONMENT).map((variable) => variable.name),
]);

async function productSources(): Promise<string[]> {
  const files: string[] = [];
  for (const folder of PRODUCT) {
    const entries = await readdir(join(ROOT, folder), { withFileTypes: true, recursive: true });
    for (const entry of entries)
      if (entry.isFile() && entry.name.endsWith('.ts')) files.push(join(entry.parentPath, entry.name));
  }
  return files;
}

test('the product reads only declared environment variables', async () => {
  const read = new Map<string, string>();
  for (const file of await productSources()) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/\b(?:process\.env|env)(?:\.([A-Z][A-Z0-9_]*)|\[\s*'([A-Z][A-Z0-9_]*)'\s*\])/g))
      read.set(match[1] ?? match[2]!, file.slice(ROOT.length + 1));
  }
  assert.ok(read.has('PORTVAKT_CONFIG'), 'the scan finds what the code reads');
  const undeclared = [...read].filter(([name]) => !DECLARED.has(name)).map(([name, file]) => `${name} in ${file}`);
  assert.deepEqual(undeclared, []);
});

test('the README names every declared variable, and each demo port with its default', async () => {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const missing = [...DECLARED].filter((name) => !readme.includes(`\`${name}\``));
  assert.deepEqual(missing, []);
  for (const { name, port } of Object.values(DEMO_PORT_ENVIRONMENT))
    assert.match(readme, new RegExp(`\\| \`${name}\` \\| ${port} \\|`), `${name} with its default ${port}`);
});
