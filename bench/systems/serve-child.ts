// The child side of protocol.ts: starts a system, tells the runner where it listens, reports its
// CPU time and peak memory around each measurement (profiling it on request), and stops cleanly.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { FromChild, ToChild } from './protocol.ts';

export interface RunningSystem {
  url: string;
  close(): Promise<void>;
}

const SAMPLE_MS = 50;

export function serveAsChild(start: () => Promise<RunningSystem>): void {
  const send = (message: FromChild) => process.send?.(message);
  let peakRss = process.memoryUsage.rss();
  // Sampled rather than read from resourceUsage().maxRSS, which never goes down between scenarios.
  setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, SAMPLE_MS).unref();
  const snapshot = (id: number): FromChild => {
    const cpu = process.cpuUsage();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    // With --expose-gc (the soak run), the heap is measured after a full collection: what is kept.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    return {
      type: 'snapshot',
      id,
      cpuMicros: cpu.user + cpu.system,
      peakRssBytes: peakRss,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    };
  };
  const profiler = new Profiler();

  // A runner that dies must not leave servers behind; Ctrl-C reaches the whole process group,
  // but only the runner decides when to stop, so each database is closed and removed.
  process.on('disconnect', () => process.exit(1));
  process.on('SIGINT', () => undefined);
  start().then(
    (system) => {
      process.on('message', async (message: ToChild) => {
        if (message.type === 'stop') {
          void system.close().finally(() => process.exit(0));
          return;
        }
        if (message.type === 'begin') {
          if (message.profile) await profiler.start();
          peakRss = process.memoryUsage.rss();
          send(snapshot(message.id));
          return;
        }
        const reply = snapshot(message.id);
        if (message.profileFile) await profiler.stopInto(message.profileFile);
        send(reply);
      });
      send({ type: 'ready', url: system.url });
    },
    (error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
}

/**
 * The main thread's CPU profile over one measurement. `--cpu-prof` cannot serve: it covers start-up
 * too, and tsx's loader thread writes its own profile over the main one.
 */
class Profiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
  }

  async stopInto(file: string): Promise<void> {
    if (!this.session) return;
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    this.session = undefined;
    await writeFile(file, JSON.stringify(profile));
  }
}
