// The runner's options, from flags or the environment (flags win): how long, how hard, what.
import { parseArgs } from 'node:util';
import { PortvaktError } from '../kernel/errors.ts';
import { SCENARIO_IDS, type ScenarioId } from './scenarios.ts';
import { SYSTEM_IDS, type SystemId } from './systems/registry.ts';

export interface BenchOptions {
  /** Measured seconds per scenario and system. */
  duration: number;
  /** Unmeasured seconds before each measurement, so the JIT and the caches are warm. */
  warmup: number;
  /** Measurements per system, interleaved across systems; the median by throughput is kept. */
  rounds: number;
  /** Concurrent connections (HTTP scenarios), logins and argon2id verifications. */
  connections: number;
  systems: SystemId[];
  scenarios: ScenarioId[];
  /** Write a CPU profile of every server over every measurement into results/profiles/<time>/. */
  profile: boolean;
  /** Systems and the argon2id ceiling on one half of the cores, the load generator on the other (see systems/cores.ts). */
  pin: boolean;
}

export const USAGE = `npm run bench -- [--duration S] [--warmup S] [--rounds N] [--connections N]
                     [--systems ${SYSTEM_IDS.join(',')}] [--only ${SCENARIO_IDS.join(',')}] [--profile] [--shared-cores]
--scenarios is another name for --only. PostgreSQL: PORTVAKT_BENCH_DATABASE_URL or DATABASE_URL, else a throwaway cluster.
--shared-cores (BENCH_SHARED_CORES=1) lets the load generator and the systems share every core.
Environment: BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS, BENCH_CONNECTIONS, BENCH_SYSTEMS, BENCH_SCENARIOS.`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseFlags(argv);
  if (values.help) return 'help';
  return {
    duration: number('duration', values.duration ?? env.BENCH_DURATION ?? '10', 0.5, 600),
    warmup: number('warmup', values.warmup ?? env.BENCH_WARMUP ?? '1', 0, 60),
    rounds: Math.round(number('rounds', values.rounds ?? env.BENCH_ROUNDS ?? '1', 1, 9)),
    connections: Math.round(number('connections', values.connections ?? env.BENCH_CONNECTIONS ?? '10', 1, 200)),
    systems: list('systems', values.systems ?? env.BENCH_SYSTEMS, SYSTEM_IDS),
    scenarios: list('only', values.only ?? values.scenarios ?? env.BENCH_SCENARIOS, SCENARIO_IDS),
    profile: values.profile ?? false,
    pin: !(values['shared-cores'] ?? env.BENCH_SHARED_CORES === '1'),
  };
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        rounds: { type: 'string' },
        connections: { type: 'string' },
        systems: { type: 'string' },
        only: { type: 'string' },
        scenarios: { type: 'string' },
        profile: { type: 'boolean' },
        'shared-cores': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (cause) {
    throw usage((cause as Error).message);
  }
}

function number(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw usage(`--${name}: expected a number from ${min} to ${max}, found "${text}"`);
  return value;
}

function list<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T[] {
  if (!text) return [...allowed];
  const chosen = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = chosen.filter((item) => !allowed.includes(item as T));
  if (unknown.length || !chosen.length)
    throw usage(`--${name}: expected some of ${allowed.join(', ')}, found "${text}"`);
  return allowed.filter((item) => chosen.includes(item));
}

const usage = (message: string) => new PortvaktError('invalid_input', message);
