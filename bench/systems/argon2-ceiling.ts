// The physical ceiling for password logins: argon2id verifications per second at the configured
// parameters, with the same concurrency as the login load, in a process of its own.
import argon2 from 'argon2';
import { Latencies, type LoadResult } from '../load/latency.ts';
import { BENCH_PASSWORD, passwordParameters } from './fixture.ts';

export interface CeilingRequest {
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
}

export type CeilingReply = { type: 'result'; load: LoadResult; cpuMicros: number; peakRssBytes: number };

process.once('message', (request: CeilingRequest) => {
  void measure(request).then((reply) => {
    process.send?.(reply, () => process.exit(0));
  });
});

async function measure(request: CeilingRequest): Promise<CeilingReply> {
  const hash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, ...passwordParameters() });
  if (request.warmupSeconds > 0) await verifyFor(hash, request.warmupSeconds, request.concurrency, new Latencies());
  const latencies = new Latencies();
  const cpuBefore = process.cpuUsage();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const started = performance.now();
  const outcome = await verifyFor(hash, request.seconds, request.concurrency, latencies);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    type: 'result',
    load: { completed: outcome.verified, errors: outcome.failed, seconds, latency: latencies.summary() },
    cpuMicros: cpu.user + cpu.system,
    peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
  };
}

async function verifyFor(
  hash: string,
  seconds: number,
  concurrency: number,
  latencies: Latencies,
): Promise<{ verified: number; failed: number }> {
  const deadline = performance.now() + seconds * 1000;
  let verified = 0;
  let failed = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const ok = await argon2.verify(hash, BENCH_PASSWORD);
      latencies.add(performance.now() - started);
      if (ok) verified += 1;
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { verified, failed };
}
