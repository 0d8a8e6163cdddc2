// Command-line options of `npm run conformance`.
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PortvaktError } from '../kernel/errors.ts';
import { DEFAULT_PLANS, isPlanId, PLAN_IDS, type PlanId } from './plans.ts';

export interface ConformanceOptions {
  /** The suite's git directory (as `fetch` gives it) or a checkout. */
  suite: string;
  plans: PlanId[];
  /** Builds, logs and results; kept between runs so builds are cached. */
  work: string;
  /** Plans run at the same time. */
  parallel: number;
  /** Minutes one module may take before it is stopped and recorded as timed out. */
  moduleMinutes: number;
}

export const USAGE = `Usage: npm run conformance -- --suite DIR [--plans ${DEFAULT_PLANS.join(',')}] [--work DIR]
       [--parallel N] [--module-minutes M]

  --suite DIR          git directory or checkout of openid-certification/conformance-suite
  --plans LIST         any of ${PLAN_IDS.join(', ')} (default: ${DEFAULT_PLANS.join(',')})
  --work DIR           builds, logs and results (default: ${defaultWork()}); results/summary.md
  --parallel N         plans run side by side, each under its own alias (default 3)
  --module-minutes M   a module still running after M minutes is stopped (default 8)

Runs as root: the suite, FerretDB, PostgreSQL, the TLS front and Portvakt share a private network
namespace (unshare -n) that exists only for the run.`;

function defaultWork(): string {
  return resolve(tmpdir(), 'portvakt-conformance');
}

export function parseOptions(argv: string[]): ConformanceOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string' },
      plans: { type: 'string' },
      work: { type: 'string' },
      parallel: { type: 'string' },
      'module-minutes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (!values.suite) throw new PortvaktError('invalid_input', '--suite is required.');
  const plans = values.plans ? values.plans.split(',').map((plan) => plan.trim()) : DEFAULT_PLANS;
  const unknown = plans.filter((plan) => !isPlanId(plan));
  if (unknown.length > 0) throw new PortvaktError('invalid_input', `Unknown plan(s): ${unknown.join(', ')}.`);
  return {
    suite: resolve(values.suite),
    plans: plans as PlanId[],
    work: resolve(values.work ?? defaultWork()),
    parallel: wholeNumber('--parallel', values.parallel, 3),
    moduleMinutes: wholeNumber('--module-minutes', values['module-minutes'], 8),
  };
}

function wholeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new PortvaktError('invalid_input', `${flag} expects a whole number.`);
  return number;
}
