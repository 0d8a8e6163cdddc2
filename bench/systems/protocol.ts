// Messages between the runner and a system under test running in its own child process, so that
// CPU time and memory are the system's alone.

export interface ResourceSnapshot {
  /** User + system CPU time of the child since it started, in microseconds. */
  cpuMicros: number;
  /** Highest resident set size sampled since the last `begin`, in bytes. */
  peakRssBytes: number;
  /** Resident set size and V8 heap in use now (after a full collection when the child runs with --expose-gc). */
  rssBytes?: number;
  heapUsedBytes?: number;
}

export type ToChild =
  /** A measurement starts: the peak is measured from now, and a CPU profile too when asked. */
  | { type: 'begin'; id: number; profile: boolean }
  /** A measurement ends: the profile, if one runs, is written to `profileFile`. */
  | { type: 'end'; id: number; profileFile?: string }
  | { type: 'stop' };

export type FromChild =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | ({ type: 'snapshot'; id: number } & ResourceSnapshot);
