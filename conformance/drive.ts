// Runs one plan through the suite's REST API, module after module, as the suite's own
// run-test-plan.py does: create the module, let the suite's scripted browser drive Portvakt, and wait
// for the result. `oidcc-server-rotate-keys` waits for the tester to rotate keys: the runner does it.
import type { Gate } from './gate.ts';
import type { PlanId, PlanSpec } from './plans.ts';
import {
  createModule,
  createPlan,
  moduleInfo,
  startModule,
  stopModule,
  waitForState,
  type PlanModule,
} from './suite-api.ts';
import { testConfig } from './test-config.ts';

export interface ModuleOutcome {
  module: string;
  variant?: Record<string, string> | undefined;
  testId?: string;
  /** PASSED, FAILED, WARNING, REVIEW, SKIPPED, or what kept the module from finishing. */
  result: string;
  note?: string;
}

export interface PlanOutcome {
  id: PlanId;
  spec: PlanSpec;
  planId?: string;
  modules: ModuleOutcome[];
  error?: string;
  minutes: number;
}

export interface DriveHooks {
  gate: Gate;
  rotateKeys(): Promise<void>;
  moduleMinutes: number;
  log(line: string): void;
}

const NEEDS_ROTATION = new Set(['oidcc-server-rotate-keys']);

export async function runPlan(id: PlanId, spec: PlanSpec, hooks: DriveHooks): Promise<PlanOutcome> {
  const started = Date.now();
  const outcome: PlanOutcome = { id, spec, modules: [], minutes: 0 };
  try {
    const plan = await createPlan(spec.planName, spec.variant, testConfig(id, spec));
    outcome.planId = plan.id;
    hooks.log(`${id}: plan ${plan.id}, ${plan.modules.length} modules`);
    for (const module of plan.modules) {
      const result = await hooks.gate.shared(() => runModule(plan.id, module, hooks));
      outcome.modules.push(result);
      hooks.log(`${id}: ${module.testModule} ${result.result}${result.note ? ` (${result.note})` : ''}`);
    }
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
    hooks.log(`${id}: stopped: ${outcome.error}`);
  }
  outcome.minutes = Math.round((Date.now() - started) / 6000) / 10;
  return outcome;
}

async function runModule(planId: string, module: PlanModule, hooks: DriveHooks): Promise<ModuleOutcome> {
  const outcome: ModuleOutcome = { module: module.testModule, variant: module.variant, result: 'NOT RUN' };
  try {
    const { id } = await createModule(planId, module);
    outcome.testId = id;
    let state = await waitForState(id, ['CONFIGURED', 'WAITING', 'FINISHED'], 180);
    if (state === 'CONFIGURED') {
      if (NEEDS_ROTATION.has(module.testModule)) {
        await hooks.gate.exclusive(() => hooks.rotateKeys());
        outcome.note = 'keys rotated with `portvakt keys rotate` and Portvakt restarted before the start';
      }
      await startModule(id);
    }
    if (state !== 'FINISHED' && state !== 'INTERRUPTED')
      state = await waitForState(id, ['FINISHED'], hooks.moduleMinutes * 60);
    if (state === undefined) {
      await stopModule(id).catch(() => undefined);
      outcome.result = 'TIMED OUT';
      outcome.note = `still running after ${hooks.moduleMinutes} minutes; stopped`;
      return outcome;
    }
    const info = await moduleInfo(id);
    outcome.result = info.status === 'FINISHED' ? (info.result ?? 'UNKNOWN') : info.status;
  } catch (error) {
    outcome.result = 'RUNNER ERROR';
    outcome.note = error instanceof Error ? error.message : String(error);
  }
  return outcome;
}
