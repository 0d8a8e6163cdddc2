// The results as Markdown: one table per scenario, the ratio to the baseline beside the target.
import type { BenchResults, Row, ScenarioResult } from './results.ts';

export function toMarkdown(results: BenchResults): string {
  const { machine, options } = results;
  const lines = [
    `# Portvakt bench — ${results.startedAt}`,
    '',
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node} on ${machine.platform}. ` +
      `${options.duration} s measured per scenario and system after ${options.warmup} s of warm-up, ${options.connections} connections` +
      (Number(options.rounds) > 1
        ? `; ${options.rounds} interleaved rounds: the median round per system, and the median of the per-round ratios.`
        : '.'),
    '',
    'Ratios compare each system with the baseline measured in the same run: bare oidc-provider with its in-memory adapter, ' +
      'or for logins the argon2id ceiling (verifications per second at the same parameters and concurrency). ' +
      '"ratio" compares throughput and is what the target judges; "CPU ratio" compares work per CPU second of the server ' +
      '(and its database server), which the load generator sharing the machine does not distort.',
    '',
  ];
  for (const note of results.notes) lines.push(`> ${note}`, '');
  for (const scenario of results.scenarios) lines.push(...scenarioTable(scenario), '');
  return lines.join('\n');
}

function scenarioTable(scenario: ScenarioResult): string[] {
  const against = scenario.target.against === 'argon2' ? 'argon2id ceiling' : 'bare';
  const target =
    scenario.target.against === 'none'
      ? 'No target: no baseline can run it. Its own figures are reported; "per CPU s" is the one to compare between runs.'
      : `Target: at least ${scenario.target.ratio} of ${against} for ${scenario.target.systems.join(', ')}.`;
  const lines = [
    `## ${scenario.title}`,
    '',
    target,
    '',
    `| system | ${scenario.unit} | p50 ms | p95 ms | p99 ms | errors | server CPU s | db CPU s | per CPU s | peak RSS MB | ratio | CPU ratio | target | result |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of scenario.rows) lines.push(rowLine(row, scenario.target.against !== 'none'));
  const failures = scenario.rows.filter((row) => row.firstError);
  for (const row of failures) lines.push('', `First error on ${row.label}: ${row.firstError}`);
  return lines;
}

function rowLine(row: Row, hasBaseline: boolean): string {
  const cells = [
    row.label,
    fixed(row.throughput, 1),
    fixed(row.latencyMs.p50, 1),
    fixed(row.latencyMs.p95, 1),
    fixed(row.latencyMs.p99, 1),
    String(row.errors),
    fixed(row.cpuSeconds, 2),
    row.dbCpuSeconds === undefined ? '—' : fixed(row.dbCpuSeconds, 2),
    fixed(row.perCpuSecond, 1),
    fixed(row.peakRssMb, 0),
    row.ratio !== undefined ? fixed(row.ratio, 2) : hasBaseline ? 'baseline' : '—',
    row.cpuRatio === undefined ? '—' : fixed(row.cpuRatio, 2),
    row.target === undefined ? '—' : `≥ ${row.target}`,
    row.pass === undefined ? '—' : row.pass ? 'pass' : '**FAIL**',
  ];
  return `| ${cells.join(' | ')} |`;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
