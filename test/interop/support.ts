// Shared pieces for the interop tests, where clients the project did not write talk to its simulators:
// a line-by-line JSON conversation with a client running in another language, tools that must be on
// the machine (a missing one fails the test with what to install, never skips it), and scratch files
// for the certificates those clients read from disk.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Kept between runs (git-ignored), so a venv or a download is paid for once per machine. */
export const CACHE_DIR = fileURLToPath(new URL('../../.test-data/interop/', import.meta.url));
export const INTEROP_DIR = fileURLToPath(new URL('./', import.meta.url));

/** The first line `command --version`-like args print; throws what to install when the tool is missing. */
export function requireTool(command: string, args: string[], install: string): string {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `The interop tests need ${command} (${install}); '${command} ${args.join(' ')}' failed: ` +
        `${probe.error?.message ?? probe.stderr.trim()}. scripts/test-prerequisites checks for it.`,
    );
  }
  return `${probe.stdout}${probe.stderr}`.trim().split('\n')[0]!;
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export function run(command: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} ended with ${signal ?? code}:\n${output.slice(-4000)}`));
    });
  });
}

export interface Scratch {
  dir: string;
  file(name: string, content: string | Buffer): Promise<string>;
  remove(): Promise<void>;
}

/** A private temporary folder for certificate files and the like. */
export async function scratch(prefix: string): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), `portvakt-${prefix}-`));
  return {
    dir,
    async file(name, content) {
      const path = join(dir, name);
      await writeFile(path, content, { mode: 0o600 });
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export type ShimAnswer = { ok: true; [key: string]: unknown } | { ok: false; error: Record<string, unknown> };

/**
 * A client in another language run as a shim: one JSON command per stdin line, one JSON answer per
 * stdout line, in order. The first line the shim prints says it is ready.
 */
export class ShimProcess {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: { resolve(answer: ShimAnswer): void; reject(error: Error): void }[] = [];
  readonly #exited: Promise<void>;
  #stderr = '';

  constructor(command: string, args: string[], env: Record<string, string> = {}) {
    this.#child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-8000);
    });
    createInterface({ input: this.#child.stdout }).on('line', (line) => this.#answer(line));
    this.#exited = new Promise((resolve) => {
      this.#child.on('close', (code, signal) => {
        const error = new Error(`${command} ended with ${signal ?? code}; its stderr:\n${this.#stderr}`);
        for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
        resolve();
      });
    });
    this.#child.on('error', (error) => {
      for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    });
  }

  /** The shim's first line, printed once its client is built. */
  ready(timeoutMs = 60_000): Promise<ShimAnswer> {
    return this.#next(timeoutMs);
  }

  send(command: Record<string, unknown>, timeoutMs = 60_000): Promise<ShimAnswer> {
    const answer = this.#next(timeoutMs);
    this.#child.stdin.write(`${JSON.stringify(command)}\n`);
    return answer;
  }

  /** Sends a command and returns the answer's `key`, failing with the shim's error when there is none. */
  async call<T>(command: Record<string, unknown>, key: string, timeoutMs?: number): Promise<T> {
    const answer = await this.send(command, timeoutMs);
    if (!answer.ok) throw new Error(`${String(command.op)} failed in the shim: ${JSON.stringify(answer.error)}`);
    return answer[key] as T;
  }

  /** Closes stdin, which ends the shim's loop, and waits for it to exit. */
  async close(): Promise<void> {
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await this.#exited;
    clearTimeout(timer);
  }

  #next(timeoutMs: number): Promise<ShimAnswer> {
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (answer: ShimAnswer) => (clearTimeout(timer), resolve(answer)),
        reject: (error: Error) => (clearTimeout(timer), reject(error)),
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(new Error(`no answer from the shim within ${timeoutMs} ms; its stderr:\n${this.#stderr}`));
      }, timeoutMs);
      this.#waiting.push(waiter);
    });
  }

  #answer(line: string): void {
    const waiter = this.#waiting.shift();
    if (!waiter) return;
    try {
      waiter.resolve(JSON.parse(line) as ShimAnswer);
    } catch {
      waiter.reject(new Error(`the shim printed something that is not JSON: ${line}`));
    }
  }
}
