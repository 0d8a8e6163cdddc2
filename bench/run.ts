// `npm run bench`: starts every system under test in a child process of its own, drives each
// scenario against all of them in turn, and writes results/<time>.json, .md and latest.md.
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PortvaktError } from '../kernel/errors.ts';
import { measureScenario, type Running } from './measure.ts';
import { discover } from './load/oauth.ts';
import { parseOptions, USAGE, type BenchOptions } from './options.ts';
import { toMarkdown } from './report/markdown.ts';
import type { BenchResults, ScenarioResult } from './report/results.ts';
import type { ScenarioWorld } from './scenarios.ts';
import { BANKID_ENV, startBenchBankId } from './systems/bankid.ts';
import { startSystem, type SystemId } from './systems/registry.ts';
import { pinRunner, splitCores } from './systems/cores.ts';

const RESULTS = new URL('./results/', import.meta.url);
/** Everything started so far, so an interrupted run still stops its servers and removes its cluster. */
const running: Running[] = [];
const world: ScenarioWorld = {};

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  await mkdir(RESULTS, { recursive: true });
  const notes: string[] = [];
  const cores = options.pin ? splitCores() : undefined;
  if (cores) {
    pinRunner(cores);
    notes.push(
      `Cores split: systems under test, their PostgreSQL server and the argon2id ceiling on core(s) ${cores.system}; the load generator on core(s) ${cores.load}.`,
    );
  } else
    notes.push(
      'Cores shared: the load generator runs on the same cores as the systems under test (the ceiling has them to itself).',
    );
  interruptible();
  // The simulator runs here, on the load generator's cores: it stands for BankID, not for Portvakt.
  if (options.scenarios.includes('bankid_login')) world.bankid = await startBenchBankId();
  await startAll(options, notes, cores?.system);
  const profiles = new URL(`profiles/${stamp}/`, RESULTS);
  if (options.profile) await mkdir(profiles, { recursive: true });
  const profileFile = options.profile
    ? (name: string) => fileURLToPath(new URL(`${name}.cpuprofile`, profiles))
    : undefined;
  const scenarios: ScenarioResult[] = [];
  try {
    for (const id of options.scenarios) {
      log(`${id}:`);
      scenarios.push(await measureScenario(id, running, { ...options, log, profileFile, cores: cores?.system, world }));
    }
  } finally {
    await stopAll();
  }
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    options: { ...options },
    notes,
    scenarios,
  };
  const markdown = toMarkdown(results);
  await writeFile(new URL(`${stamp}.json`, RESULTS), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(new URL(`${stamp}.md`, RESULTS), markdown);
  await writeFile(new URL('latest.md', RESULTS), markdown);
  console.log(`\n${markdown}`);
  log(`written to ${fileURLToPath(new URL(`${stamp}.md`, RESULTS))}`);
  const failed = scenarios.some((scenario) => scenario.rows.some((row) => row.pass === false));
  return failed ? 1 : 0;
}

async function startAll(options: BenchOptions, notes: string[], cores: string | undefined): Promise<void> {
  const skip = (id: SystemId, reason: string) => {
    notes.push(`${id} skipped: ${reason}`);
    log(`${id} skipped: ${reason}`);
  };
  try {
    for (const id of options.systems) {
      log(`starting ${id}`);
      const portvaktEnv = world.bankid ? { [BANKID_ENV]: JSON.stringify(world.bankid.config) } : undefined;
      const system = await startSystem(id, { skip, cores, portvaktEnv });
      if (system) running.push({ system, endpoints: await discover(system.url) });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map(({ system }) => system.stop()));
  await world.bankid?.close();
  delete world.bankid;
}

function interruptible(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the systems under test`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof PortvaktError ? `${error.message}\n\n${USAGE}` : error);
    process.exit(error instanceof PortvaktError ? 2 : 1);
  },
);
