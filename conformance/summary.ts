// results/summary.md: per plan the count of each result, then every module that did not pass with
// the conditions that made it so, as the suite logged them.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { moduleLog, type LogEntry } from './suite-api.ts';
import type { ModuleOutcome, PlanOutcome } from './drive.ts';

export interface RunFacts {
  startedAt: Date;
  suiteCommit: string;
}

/** Log fields that are bookkeeping, not evidence. */
const NOISE = new Set([
  '_id',
  'testId',
  'src',
  'testOwner',
  'time',
  'msg',
  'result',
  'requirements',
  'blockId',
  'startBlock',
  'http',
  'testName',
  'upload',
  'page_source',
]);

/** `logs`: where the whole log of each module that did not pass is kept, as the suite gave it. */
export async function summarise(facts: RunFacts, plans: PlanOutcome[], logs: string): Promise<string> {
  const lines = [
    `# Conformance run of ${facts.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Suite: openid-certification/conformance-suite at ${facts.suiteCommit}.`,
    '',
    '| Plan | Minutes | ' + RESULTS.join(' | ') + ' |',
    '| --- | ---: | ' + RESULTS.map(() => '---:').join(' | ') + ' |',
    ...plans.map(
      (plan) =>
        `| ${plan.id} | ${plan.minutes} | ${RESULTS.map((result) => count(plan.modules, result)).join(' | ')} |`,
    ),
    '',
  ];
  for (const plan of plans) lines.push(...(await planSection(plan, logs)));
  return `${lines.join('\n')}\n`;
}

const STOPPED = new Set(['TIMED OUT', 'RUNNER ERROR']);
const RESULTS = [
  'PASSED',
  'FAILED',
  'WARNING',
  'REVIEW',
  'SKIPPED',
  'INTERRUPTED',
  'TIMED OUT',
  'RUNNER ERROR',
  'NOT RUN',
];

function count(modules: ModuleOutcome[], result: string): number {
  return modules.filter((module) => module.result === result).length;
}

async function planSection(plan: PlanOutcome, logs: string): Promise<string[]> {
  const lines = [
    `## ${plan.id}: ${plan.spec.planName} ${JSON.stringify(plan.spec.variant)}`,
    '',
    `Plan id ${plan.planId ?? '(not created)'}, alias ${plan.spec.alias}.${stoppedEarly(plan)}`,
    '',
    '| Module | Variant | Result | Test id |',
    '| --- | --- | --- | --- |',
    ...plan.modules.map(
      (module) => `| ${module.module} | ${variantText(module)} | ${module.result} | ${module.testId ?? ''} |`,
    ),
    '',
  ];
  for (const module of plan.modules.filter((candidate) => candidate.result !== 'PASSED')) {
    lines.push(`### ${module.module}: ${module.result}`, '');
    if (module.note) lines.push(`- runner: ${module.note}`);
    const entries = module.testId ? await moduleLog(module.testId).catch(() => [] as LogEntry[]) : [];
    if (module.testId) await writeFile(join(logs, `${module.testId}.json`), JSON.stringify(entries, null, 1));
    for (const entry of telling(entries, module.result).slice(0, 10)) lines.push(describe(entry));
    lines.push('');
  }
  return lines;
}

/** The entries that explain a result: failures and warnings, or what a REVIEW or SKIPPED rests on. */
function telling(entries: LogEntry[], result: string): LogEntry[] {
  const kinds = new Set(['FAILURE', 'WARNING']);
  if (result === 'REVIEW') kinds.add('REVIEW');
  if (result === 'SKIPPED') kinds.add('SKIPPED');
  if (result === 'INTERRUPTED') kinds.add('INTERRUPTED');
  const found = entries.filter((entry) => kinds.has(entry.result ?? ''));
  // A module stopped by the runner logged no verdict: what it did last shows what it waited for.
  return found.length > 0 || !STOPPED.has(result) ? found : entries.slice(-8);
}

function describe(entry: LogEntry): string {
  const details = Object.fromEntries(Object.entries(entry).filter(([key]) => !NOISE.has(key)));
  const detailText = Object.keys(details).length ? `\n  - details: \`${clip(JSON.stringify(details), 600)}\`` : '';
  const requirements = entry.requirements?.length ? ` (${entry.requirements.join(', ')})` : '';
  const message = clip(entry.msg ?? '', 500);
  return `- ${entry.result ?? 'INFO'} \`${entry.src ?? ''}\`: ${message}${requirements}${detailText}`;
}

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/`/g, "'");
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

const stoppedEarly = (plan: PlanOutcome) => (plan.error ? ` Stopped early: ${plan.error}` : '');
const variantText = (module: ModuleOutcome) => (module.variant ? JSON.stringify(module.variant) : '');
