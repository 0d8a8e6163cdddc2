// The suite's REST API, as far as the runner uses it. In devmode it asks for no token.
import { SUITE } from './test-config.ts';

export interface PlanModule {
  testModule: string;
  variant?: Record<string, string>;
  instances?: string[];
}

export interface CreatedPlan {
  id: string;
  modules: PlanModule[];
}

export type ModuleStatus = 'CREATED' | 'CONFIGURED' | 'WAITING' | 'RUNNING' | 'FINISHED' | 'INTERRUPTED';

export interface ModuleInfo {
  status: ModuleStatus;
  result?: 'PASSED' | 'FAILED' | 'WARNING' | 'REVIEW' | 'SKIPPED' | 'UNKNOWN';
}

export interface LogEntry {
  src?: string;
  msg?: string;
  result?: string;
  requirements?: string[];
  [key: string]: unknown;
}

async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  timeoutMs = 60_000,
): Promise<T> {
  const response = await fetch(`${SUITE}/api/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /api/${path}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

export function createPlan(planName: string, variant: Record<string, string>, config: unknown): Promise<CreatedPlan> {
  return call('POST', `plan?${query({ planName, variant: JSON.stringify(variant) })}`, config);
}

export function createModule(planId: string, module: PlanModule): Promise<{ id: string }> {
  const params: Record<string, string> = { test: module.testModule, plan: planId };
  if (module.variant) params.variant = JSON.stringify(module.variant);
  return call('POST', `runner?${query(params)}`);
}

export function startModule(id: string): Promise<unknown> {
  return call('POST', `runner/${id}`);
}

export function stopModule(id: string): Promise<unknown> {
  return call('DELETE', `runner/${id}`);
}

export function moduleInfo(id: string): Promise<ModuleInfo> {
  return call('GET', `info/${id}`);
}

export function moduleLog(id: string): Promise<LogEntry[]> {
  return call('GET', `log/${id}`);
}

export function plan(id: string): Promise<CreatedPlan & { planName: string; variant?: Record<string, string> }> {
  return call('GET', `plan/${id}`);
}

/**
 * Waits for the module to reach one of `states` (or INTERRUPTED) with the suite's long poll, for at
 * most `seconds`; undefined when it did not.
 */
export async function waitForState(
  id: string,
  states: ModuleStatus[],
  seconds: number,
): Promise<ModuleStatus | undefined> {
  const wanted = [...states, 'INTERRUPTED'].join(',');
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const timeoutMs = Math.min(30_000, deadline - Date.now());
    const answer = await call<{ timeout?: boolean; state?: ModuleStatus }>(
      'GET',
      `runner/${id}/wait-state?${query({ states: wanted, timeoutMs: String(timeoutMs) })}`,
      undefined,
      timeoutMs + 15_000,
    ).catch(async () => {
      // The long poll knows only running modules; a finished one is in the stored information.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const info = await moduleInfo(id);
      return states.includes(info.status) || info.status === 'INTERRUPTED' ? { state: info.status } : { timeout: true };
    });
    if (answer.state) return answer.state;
  }
  return undefined;
}
