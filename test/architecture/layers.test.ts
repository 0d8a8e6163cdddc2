// The layers, checked on every run: a file imports only from its own layer or the ones below it,
// and no two files import each other round a circle. The floors, top down, are the composition
// root with the command line and the demo (app) and the benchmarks, the outside world's stand-ins
// (samples, simulators), the screens (interactions), the domain with its configuration schema
// (src), storage (adapters), and the kernel every layer may use: the one error type and sealing
// at rest (kernel). Type-only imports count too: a type that runs back
// up ties the lower layer to the upper one as surely as a value. The imports that still run back up
// are listed below with why they are still there; the list may only shrink.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const FLOORS: Record<string, number> = {
  app: 5,
  bench: 5,
  samples: 4,
  simulators: 4,
  interactions: 3,
  src: 2,
  adapters: 1,
  kernel: 0,
};

/** Imports that run back up today, each a debt with its reason; the list may only shrink. */
const KNOWN_DEBTS: Record<string, string> = {};

/** Circles today, each with its reason; the list may only shrink. */
const KNOWN_CIRCLES: Record<string, string> = {};

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function floorOf(file: string): number | undefined {
  return FLOORS[file.split('/')[0]!];
}

async function importGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const folder of Object.keys(FLOORS)) {
    for (const file of await sourceFiles(folder)) {
      const text = await readFile(join(ROOT, file), 'utf8');
      // Static imports and re-exports, and dynamic imports with a literal path.
      const specifiers = [
        ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm),
        ...text.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g),
      ];
      const targets = specifiers.map((match) => relative(ROOT, resolve(ROOT, dirname(file), match[1]!)));
      graph.set(
        file,
        targets.filter((target) => target.endsWith('.ts')),
      );
    }
  }
  return graph;
}

test('no import runs back up the layers, beyond the listed debts, and the list holds no paid debt', async () => {
  const graph = await importGraph();
  const upward = new Set<string>();
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const from = floorOf(file);
      const to = floorOf(target);
      if (from !== undefined && to !== undefined && to > from) upward.add(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(
    [...upward].filter((edge) => !(edge in KNOWN_DEBTS)),
    [],
    'imports that run back up the layers',
  );
  assert.deepEqual(
    Object.keys(KNOWN_DEBTS).filter((edge) => !upward.has(edge)),
    [],
    'debts that are paid: remove them from the list',
  );
});

test('the sample portals use nothing of Portvakt’s: they are relying parties like any other', async () => {
  const graph = await importGraph();
  const inside = [...graph]
    .filter(([file]) => file.startsWith('samples/'))
    .flatMap(([file, targets]) =>
      targets.filter((target) => !target.startsWith('samples/')).map((target) => `${file} -> ${target}`),
    );
  assert.deepEqual(inside, []);
});

test('no circles of imports', async () => {
  const graph = await importGraph();
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') circles.push([...path.slice(path.indexOf(target)), target].join(' -> '));
      else if (!state.has(target) && graph.has(target)) visit(target, [...path, target]);
    }
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
  assert.deepEqual(
    circles.filter((circle) => !(circle in KNOWN_CIRCLES)),
    [],
    'import circles',
  );
  assert.deepEqual(
    Object.keys(KNOWN_CIRCLES).filter((circle) => !circles.includes(circle)),
    [],
    'circles that are gone: remove them from the list',
  );
});

test('SQL is written only in storage and in the domain’s repositories, never in screens or the composition root', async () => {
  const statement = /\b(SELECT\s.+\sFROM|INSERT INTO|UPDATE\s+\w+\s+SET|DELETE FROM)\b/s;
  const offenders: string[] = [];
  for (const folder of ['interactions', 'app', 'samples']) {
    for (const file of await sourceFiles(folder)) {
      if (statement.test(await readFile(join(ROOT, file), 'utf8'))) offenders.push(file);
    }
  }
  assert.deepEqual(offenders, []);
});
