// Keeps the load generator off the cores the system under test runs on. On a small machine the
// load generator otherwise takes a varying share of the same cores, and the argon2id ceiling
// (measured with no load generator at all) is not comparable with logins driven from the same
// machine. Pinned, every system under test, its PostgreSQL server and the argon2id ceiling get the
// same cores, and the runner (autocannon, the login driver) gets the rest.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';

export interface CoreSplit {
  /** taskset's list for systems under test, PostgreSQL and the ceiling, e.g. "1" or "4-7". */
  system: string;
  /** taskset's list for the runner and its load. */
  load: string;
}

const TASKSET = '/usr/bin/taskset';

/** The upper half of the cores for the systems, the lower half for the load; none on one core or without taskset. */
export function splitCores(): CoreSplit | undefined {
  const count = cpus().length;
  if (count < 2 || process.platform !== 'linux' || !existsSync(TASKSET)) return undefined;
  const half = Math.floor(count / 2);
  const range = (from: number, to: number) => (from === to ? String(from) : `${from}-${to}`);
  return { system: range(half, count - 1), load: range(0, half - 1) };
}

/** Moves this process and all its threads onto the load cores; threads started later inherit it. */
export function pinRunner(split: CoreSplit): void {
  execFileSync(TASKSET, ['-a', '-p', '-c', split.load, String(process.pid)], { stdio: 'ignore' });
}

/** fork() options that start a Node child under taskset on the given cores. */
export function pinnedForkOptions(
  cores: string | undefined,
  nodeOptions: string[] = [],
): { execPath?: string; execArgv: string[] } {
  const node = ['--import', 'tsx', ...nodeOptions];
  return cores ? { execPath: TASKSET, execArgv: ['-c', cores, process.execPath, ...node] } : { execArgv: node };
}

/** A command line prefixed with taskset, or as it was. */
export function pinnedCommand(cores: string | undefined, command: string, args: string[]): [string, string[]] {
  return cores ? [TASKSET, ['-c', cores, command, ...args]] : [command, args];
}
