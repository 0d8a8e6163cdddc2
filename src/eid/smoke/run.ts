// The smoke test both eID services share: probe TLS, start an authentication, ask for its status
// once, cancel it. Each step is timed; a failed start skips the rest, a failed status check still
// cancels, so the test leaves no order behind. Passes only when all three calls succeed.
import { tlsReason, transportReason, type ServiceTerms } from './diagnose.ts';
import { probeTls, type TlsFindings, type TlsTarget } from './tls-probe.ts';

/** The published services `--env` names; without it, the configured one is tested. */
export type SmokeEnvironment = 'test' | 'production';

export interface StepResult {
  name: string;
  outcome: 'ok' | 'failed' | 'skipped';
  ms: number;
  summary: string;
}

export interface SmokeReport {
  service: 'bankid' | 'freja';
  name: string;
  /** test, production, or custom (a base URL that is neither, such as a simulator). */
  environment: string;
  endpoint: string;
  /** Where the client certificate and the pinned root came from, in configuration terms. */
  clientSource: string;
  rootSource: string | undefined;
  tls: TlsFindings;
  steps: StepResult[];
  ok: boolean;
  /** What to do, when not ok. */
  reason: string | undefined;
}

/** A step that answered but not as a fresh order should: passed as its reason. */
export type StepAnswer = { ok: true; summary: string } | { ok: false; summary: string; reason: string };

export interface SmokePlan {
  service: SmokeReport['service'];
  environment: string;
  endpoint: string;
  clientSource: string;
  tls: TlsTarget;
  terms: ServiceTerms;
  stepNames: readonly [start: string, status: string, cancel: string];
  /** Starts an order; resolves to its reference. */
  start(localAddress: string | undefined): Promise<string>;
  status(reference: string): Promise<StepAnswer>;
  cancel(reference: string): Promise<string>;
  /** A short line for a failed call, and the service's own reason for it when it has one. */
  describe(error: unknown): { summary: string; reason: string | undefined };
  rootSource(root: TlsFindings['root']): string | undefined;
  close(): void;
}

type Timed<T> = { ms: number } & ({ ok: true; value: T } | { ok: false; error: unknown });

export async function runSmoke(plan: SmokePlan): Promise<SmokeReport> {
  try {
    const tls = await probeTls(plan.tls);
    const report: SmokeReport = {
      service: plan.service,
      name: plan.terms.name,
      environment: plan.environment,
      endpoint: plan.endpoint,
      clientSource: plan.clientSource,
      rootSource:
        tls.root && !tls.rootPinned
          ? 'NOT a pinned root: trusted through a CA certificate packed into the client PKCS#12'
          : plan.rootSource(tls.root),
      tls,
      steps: [],
      ok: false,
      reason: undefined,
    };
    await runSteps(plan, report);
    report.ok = report.steps.every((step) => step.outcome === 'ok');
    return report;
  } finally {
    plan.close();
  }
}

async function runSteps(plan: SmokePlan, report: SmokeReport): Promise<void> {
  const [startName, statusName, cancelName] = plan.stepNames;
  const started = await timed(() => plan.start(report.tls.localAddress));
  if (!started.ok) {
    report.steps.push(failedStep(plan, startName, started), skipped(statusName), skipped(cancelName));
    // What TLS saw explains a failed start better than the connection reset it ended in.
    report.reason = tlsReason(report.tls, plan.terms) ?? reasonFor(plan, started.error, report.tls);
    return;
  }
  const reference = started.value;
  report.steps.push({ name: startName, outcome: 'ok', ms: started.ms, summary: `reference ${shorten(reference)}` });
  const status = await timed(() => plan.status(reference));
  if (!status.ok) {
    report.steps.push(failedStep(plan, statusName, status));
    report.reason = reasonFor(plan, status.error, report.tls);
  } else {
    const { ok, summary } = status.value;
    report.steps.push({ name: statusName, outcome: ok ? 'ok' : 'failed', ms: status.ms, summary });
    if (!status.value.ok) report.reason = status.value.reason;
  }
  // Cancelled whatever the status said, so the test leaves no order behind.
  const cancelled = await timed(() => plan.cancel(reference));
  if (cancelled.ok) {
    report.steps.push({ name: cancelName, outcome: 'ok', ms: cancelled.ms, summary: cancelled.value });
  } else {
    report.steps.push(failedStep(plan, cancelName, cancelled));
    report.reason ??= reasonFor(plan, cancelled.error, report.tls);
  }
}

/** Enough of an order reference to find it in the service's logs, not enough to act on it. */
export function shorten(reference: string): string {
  return reference.length > 12 ? `${reference.slice(0, 8)}…` : reference;
}

async function timed<T>(call: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const value = await call();
    return { ok: true, value, ms: ms() };
  } catch (error) {
    return { ok: false, error, ms: ms() };
  }
}

function failedStep(plan: SmokePlan, name: string, result: { ms: number; error: unknown }): StepResult {
  return { name, outcome: 'failed', ms: result.ms, summary: plan.describe(result.error).summary };
}

function skipped(name: string): StepResult {
  return { name, outcome: 'skipped', ms: 0, summary: 'skipped' };
}

function reasonFor(plan: SmokePlan, error: unknown, tls: TlsFindings): string {
  return (
    plan.describe(error).reason ??
    transportReason(error, tls, plan.terms) ??
    `${plan.terms.name} failed: ${error instanceof Error ? error.message : String(error)}`
  );
}
