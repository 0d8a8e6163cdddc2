// The shape of a run's results (written as JSON) and the arithmetic on it: throughput, work per
// CPU second, and each row's ratio to its scenario's baseline against the target.
import type { LoadResult, LatencySummary } from '../load/latency.ts';
import type { Target } from '../scenarios.ts';
import type { Resources, SystemId } from '../systems/registry.ts';

export type RowSystem = SystemId | 'argon2';

export interface Row {
  system: RowSystem;
  label: string;
  /** Completed operations (requests or logins) per second. */
  throughput: number;
  completed: number;
  errors: number;
  seconds: number;
  latencyMs: LatencySummary;
  cpuSeconds: number;
  dbCpuSeconds: number | undefined;
  peakRssMb: number;
  /** Completed operations per CPU second of the server and its database server. */
  perCpuSecond: number;
  ratio: number | undefined;
  /** perCpuSecond over the baseline's: the ratio with the load generator's share of the CPU taken out. */
  cpuRatio: number | undefined;
  /** The target ratio where it applies to this row. */
  target: number | undefined;
  pass: boolean | undefined;
  firstError?: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  unit: string;
  target: Target;
  rows: Row[];
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  options: Record<string, unknown>;
  notes: string[];
  scenarios: ScenarioResult[];
}

export function toRow(
  system: RowSystem,
  label: string,
  load: LoadResult & { firstError?: string },
  resources: Resources,
): Row {
  const cpu = resources.cpuSeconds + (resources.dbCpuSeconds ?? 0);
  return {
    system,
    label,
    throughput: load.seconds > 0 ? load.completed / load.seconds : 0,
    completed: load.completed,
    errors: load.errors,
    seconds: load.seconds,
    latencyMs: load.latency,
    cpuSeconds: resources.cpuSeconds,
    dbCpuSeconds: resources.dbCpuSeconds,
    peakRssMb: resources.peakRssMb,
    perCpuSecond: cpu > 0 ? load.completed / cpu : 0,
    ratio: undefined,
    cpuRatio: undefined,
    target: undefined,
    pass: undefined,
    ...(load.firstError ? { firstError: load.firstError } : {}),
  };
}

/**
 * One row per system from the rounds: the median round by throughput, with the median of the
 * per-round ratios (each against the baseline measured in the same round), and pass/fail where
 * the target applies.
 */
export function judge(scenario: Omit<ScenarioResult, 'rows'>, rounds: Row[][]): ScenarioResult {
  const baselineSystem: RowSystem = scenario.target.against === 'argon2' ? 'argon2' : 'bare';
  const systems = [...new Set(rounds.flat().map((row) => row.system))];
  const rows = systems.map((system) => {
    const own = rounds.map((round) => round.find((row) => row.system === system)).filter((row) => row !== undefined);
    const row = medianBy(own, (candidate) => candidate.throughput);
    if (system === baselineSystem) return row;
    const ratios = rounds.flatMap((round) => pair(round, system, baselineSystem));
    if (ratios.length === 0) return row;
    const ratio = median(ratios.map((entry) => entry.ratio));
    const cpuRatio = median(ratios.map((entry) => entry.cpuRatio));
    const applies = (scenario.target.systems as RowSystem[]).includes(system);
    // A row with errors has not done the work it claims, whatever its ratio.
    const errors = own.some((candidate) => candidate.errors > 0);
    return {
      ...row,
      ratio,
      cpuRatio,
      target: applies ? scenario.target.ratio : undefined,
      pass: applies ? ratio >= scenario.target.ratio && !errors : undefined,
    };
  });
  return { ...scenario, rows };
}

function pair(round: Row[], system: RowSystem, baselineSystem: RowSystem): { ratio: number; cpuRatio: number }[] {
  const row = round.find((candidate) => candidate.system === system);
  const baseline = round.find((candidate) => candidate.system === baselineSystem);
  if (!row || !baseline || baseline.throughput === 0 || baseline.perCpuSecond === 0) return [];
  return [{ ratio: row.throughput / baseline.throughput, cpuRatio: row.perCpuSecond / baseline.perCpuSecond }];
}

/** The middle item by key; of an even count the lower one, so two rounds never flatter. */
function medianBy<T>(values: T[], key: (value: T) => number): T {
  return [...values].sort((a, b) => key(a) - key(b))[Math.floor((values.length - 1) / 2)]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
}
