// What one measurement yields, and its latency percentiles from every recorded sample (nearest
// rank): autocannon's own histogram has no p95, and the login driver times whole flows.

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
}

export class Latencies {
  private readonly samples: number[] = [];

  add(milliseconds: number): void {
    this.samples.push(milliseconds);
  }

  get count(): number {
    return this.samples.length;
  }

  summary(): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (fraction: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]! : 0;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}

/** What one measured run of one scenario against one system produced, before resources are added. */
export interface LoadResult {
  completed: number;
  errors: number;
  seconds: number;
  latency: LatencySummary;
}
