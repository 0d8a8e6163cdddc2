// Child processes of the runner: one-off commands that must succeed, and long-running services that
// log to a file of their own and are stopped with SIGTERM (SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** File that receives stdout and stderr. */
  log: string;
  uid?: number;
  gid?: number;
  /** Written to standard input, which is then closed. */
  input?: string | undefined;
}

export class CommandFailed extends Error {}

export async function runCommand(command: string, args: string[], options: SpawnOptions): Promise<void> {
  const child = launch(command, args, options);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code === 0) return;
  const tail = (await readFile(options.log, 'utf8').catch(() => '')).split('\n').slice(-25).join('\n');
  throw new CommandFailed(`${command} ${args.join(' ')} exited with ${code}; ${options.log} ends:\n${tail}`);
}

export interface Service {
  name: string;
  stop(): Promise<void>;
  /** Settles when the process ends, for whatever reason. */
  exited: Promise<number | null>;
}

export function startService(name: string, command: string, args: string[], options: SpawnOptions): Service {
  const child = launch(command, args, options);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return { name, exited, stop: () => stopChild(child, exited) };
}

function launch(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const log = createWriteStream(options.log, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    uid: options.uid,
    gid: options.gid,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('exit', () => setTimeout(() => log.end(), 100));
  if (options.input !== undefined) child.stdin?.end(options.input);
  return child;
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 15_000).unref());
  if ((await Promise.race([exited, grace])) === 'late') child.kill('SIGKILL');
  await exited;
}

/**
 * Polls `ready` every half second until it answers true, or throws after `seconds`, or at once when
 * `gone` says the process it waits for has ended.
 */
export async function waitUntil(
  what: string,
  seconds: number,
  ready: () => Promise<boolean>,
  gone: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const reason = gone();
    if (reason) throw new Error(`${what} is gone: ${reason}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} was not ready after ${seconds} s`);
}
