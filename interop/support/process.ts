// Child processes for the runner: one-shot commands, long-lived servers that say when they are
// ready, and tools that must be on the machine (a missing one fails its library with what to install).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The checkout's root, where `app/main.ts` and the cache folder are. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots of failed steps and the servers' logs of the last run (git-ignored). */
export const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/interop/', import.meta.url));
/** Kept between runs (git-ignored): venvs and built binaries are paid for once per machine. */
export const CACHE_DIR = fileURLToPath(new URL('../../.test-data/interop/', import.meta.url));

/** The first line `command args` prints; throws what to install when the tool is missing. */
export function requireTool(command: string, args: string[], install: string): string {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error(
      `needs ${command} (${install}); '${command} ${args.join(' ')}' failed: ${probe.error?.message ?? probe.stderr.trim()}`,
    );
  return `${probe.stdout}${probe.stderr}`.trim().split('\n')[0]!;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

/** Runs a command to completion and returns its standard output; rejects with all output when it fails. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env });
    let stdout = '';
    let all = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      all += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => (all += chunk.toString('utf8')));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} ended with ${signal ?? code}:\n${all.slice(-4000)}`));
    });
  });
}

/** A port on 127.0.0.1 that was free a moment ago: the clients' redirect URIs need it before anything starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  pid: number;
  /** The last lines it wrote, for a failure message. */
  tail(): string;
  /** Stops it with SIGTERM, and SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServeOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Every line it writes is also appended here. */
  logFile?: string;
}

/** Starts a long-lived process; `ready` picks the value a line announces (undefined: not yet). */
export function serve<T>(
  command: string,
  args: string[],
  options: ServeOptions,
  ready: (line: string) => T | undefined,
  timeoutMs = 90_000,
): Promise<{ server: Server; value: T }> {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  let lines: string[] = [];
  const server: Server = {
    pid: child.pid ?? -1,
    tail: () => lines.join('\n'),
    stop: (graceMs) => stop(child, graceMs),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not say it was ready within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      void server.stop(2_000);
      reject(new Error(`${command} ${why}; its last lines:\n${server.tail()}`));
    };
    const onLine = (line: string) => {
      log?.write(`${line}\n`);
      lines = [...lines.slice(-40), line];
      const value = ready(line);
      if (value === undefined) return;
      clearTimeout(timer);
      child.removeListener('close', onExit);
      resolve({ server, value });
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited with ${signal ?? code} before it was ready`);
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('close', onExit);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
  });
}

function stop(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
