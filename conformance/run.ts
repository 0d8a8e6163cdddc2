// `npm run conformance`: builds what the OpenID Foundation's conformance suite needs (cached in the
// work folder), then, in a private network namespace of its own, starts the suite, FerretDB,
// PostgreSQL, the TLS front and Portvakt, runs the chosen plans and writes results/summary.md.
//
//   outside (network) ── build ──▶ unshare -n: run.ts again ── start ──▶ plans side by side ──▶ summary
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortvaktError } from '../kernel/errors.ts';
import { buildAll, type Built } from './build.ts';
import { runPlan, type PlanOutcome } from './drive.ts';
import { Gate } from './gate.ts';
import { parseOptions, USAGE, type ConformanceOptions } from './options.ts';
import { PLANS } from './plans.ts';
import { runCommand } from './processes.ts';
import { startEverything } from './services.ts';
import { summarise } from './summary.ts';

/** Set on the copy of the runner that runs inside the namespace; holds the build's facts. */
const INSIDE = 'PORTVAKT_CONFORMANCE_BUILT';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const inside = process.env[INSIDE];
  if (inside) return runInside(options, JSON.parse(inside) as Built);
  if (process.getuid?.() !== 0) throw new PortvaktError('invalid_input', 'Run as root: unshare -n needs it.');
  const built = await buildAll(options.suite, options.work, log);
  log('built; entering a private network namespace');
  return enterNamespace(built);
}

function enterNamespace(built: Built): Promise<number> {
  const child = spawn(
    'unshare',
    ['-n', '--', process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, [INSIDE]: JSON.stringify(built), NODE_EXTRA_CA_CERTS: built.cert },
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function runInside(options: ConformanceOptions, built: Built): Promise<number> {
  const startedAt = new Date();
  const results = join(options.work, 'results');
  await mkdir(join(results, 'logs'), { recursive: true });
  await runCommand('ip', ['link', 'set', 'lo', 'up'], { log: join(options.work, 'logs', 'namespace.log') });
  const running = await startEverything(built, options.work, log);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping`);
      void running.stop().finally(() => process.exit(130));
    });
  const outcomes: PlanOutcome[] = [];
  const write = async () => {
    const markdown = await summarise({ startedAt, suiteCommit: built.suiteCommit }, outcomes, join(results, 'logs'));
    await writeFile(join(results, 'summary.md'), markdown);
    await writeFile(join(results, 'outcomes.json'), `${JSON.stringify(outcomes, null, 2)}\n`);
  };
  try {
    const gate = new Gate();
    const hooks = { gate, rotateKeys: () => running.rotatePortvaktKeys(), moduleMinutes: options.moduleMinutes, log };
    const queue = [...options.plans];
    // Each plan has its own alias and clients, so a few run side by side; each writes the summary when done.
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        outcomes.push(await runPlan(id, PLANS[id], hooks));
        await write();
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallel, queue.length) }, worker));
  } finally {
    await write().catch((error: unknown) => log(`summary not written: ${String(error)}`));
    await running.stop();
  }
  log(`summary: ${join(results, 'summary.md')}`);
  return 0;
}

const log = (line: string) => process.stderr.write(`[conformance ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof PortvaktError ? `${error.message}\n\n${USAGE}` : error);
    process.exit(error instanceof PortvaktError ? 2 : 1);
  },
);
