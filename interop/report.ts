// The summary: one row per library, one column per step, and below it what failed and why.
import type { Step } from './journey.ts';

export interface LibraryResult {
  title: string;
  version: string;
  steps: Step[];
}

const MARK: Record<Step['outcome'], string> = { passed: 'ok', failed: 'FAIL', skipped: '-' };

export const passed = (result: LibraryResult) => result.steps.every((step) => step.outcome === 'passed');

export function summary(results: LibraryResult[]): string {
  const names = results[0]?.steps.map((step) => step.name) ?? [];
  const header = ['library', 'version', ...names, 'result'];
  const rows = results.map((result) => [
    result.title,
    result.version,
    ...result.steps.map((step) => MARK[step.outcome]),
    passed(result) ? 'passed' : 'FAILED',
  ]);
  const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const details = results.flatMap((result) =>
    result.steps
      .filter((step) => step.outcome !== 'skipped')
      .map((step) => `- ${result.title}, ${step.name}: ${step.outcome === 'failed' ? 'FAILED: ' : ''}${step.detail}`),
  );
  return [...table, '', ...details].join('\n');
}
