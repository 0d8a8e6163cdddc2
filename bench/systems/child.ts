// The runner's side of protocol.ts: forks a system under test, waits until it listens, and asks
// it for its CPU time and peak memory around each measurement.
import { fork, type ChildProcess } from 'node:child_process';
import { pinnedForkOptions } from './cores.ts';
import type { FromChild, ResourceSnapshot, ToChild } from './protocol.ts';

export interface ChildSystem {
  url: string;
  pid: number;
  /** Starts a measurement: the peak is reset, and a CPU profile starts when asked. */
  begin(profile: boolean): Promise<ResourceSnapshot>;
  /** Ends it; a running profile is written to profileFile. */
  end(profileFile?: string): Promise<ResourceSnapshot>;
  stop(): Promise<void>;
}

export interface ForkOptions {
  entry: URL;
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** taskset's core list for the child, or undefined to run anywhere. */
  cores?: string | undefined;
  /** Extra options for the child's node, e.g. --expose-gc. */
  nodeOptions?: string[] | undefined;
}

export async function forkSystem(options: ForkOptions): Promise<ChildSystem> {
  const child = fork(options.entry, [], {
    ...pinnedForkOptions(options.cores, options.nodeOptions),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await waitUntilReady(child, options.startTimeoutMs ?? 120_000);
  let nextId = 0;
  const ask = (message: ToChild & { id: number }) =>
    request(child, message, (reply) => (reply.type === 'snapshot' && reply.id === message.id ? reply : undefined));
  return {
    url,
    pid: child.pid!,
    begin: (profile) => ask({ type: 'begin', id: (nextId += 1), profile }),
    end: (profileFile) => ask({ type: 'end', id: (nextId += 1), ...(profileFile ? { profileFile } : {}) }),
    stop: () => stopChild(child),
  };
}

function waitUntilReady(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the system did not start within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`the system exited with code ${code} before it was ready`)));
    child.on('message', (message: FromChild) => {
      if (message.type === 'failed') fail(new Error(`the system failed to start:\n${message.message}`));
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(message.url);
    });
  });
}

function request<T>(child: ChildProcess, message: ToChild, pick: (message: FromChild) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FromChild) => {
      const value = pick(reply);
      if (value === undefined) return;
      child.off('message', onMessage);
      resolve(value);
    };
    child.on('message', onMessage);
    child.send(message, (error) => error && reject(error));
  });
}

function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // A stuck child is killed after the grace period; a clean one closes its database first.
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' } satisfies ToChild);
  });
}
