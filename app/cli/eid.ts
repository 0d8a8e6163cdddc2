// `portvakt eid smoke bankid|freja [--env test|production]`: the first thing to run after
// configuring an eID certificate. Starts one authentication, looks at it once and cancels it, and
// prints each step with what TLS showed; exits 0 only when all three calls succeeded. No database.
import { PortvaktError } from '../../kernel/errors.ts';
import type { Config } from '../../src/config/schema.ts';
import { day } from '../../src/eid/smoke/diagnose.ts';
import {
  SMOKE_SERVICES,
  smokeTest,
  type CertificateFacts,
  type SmokeReport,
  type SmokeService,
  type StepResult,
} from '../../src/eid/smoke/index.ts';
import type { Output } from './output.ts';

const USAGE = 'Usage: portvakt eid smoke bankid|freja [--env test|production] [--json]';

export async function eidCommand(
  config: Config,
  { action, service, env }: { action: string | undefined; service: string | undefined; env: string | undefined },
  out: Output,
  writeError: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  if (action !== 'smoke' || !isService(service)) throw new PortvaktError('invalid_input', USAGE);
  if (env !== undefined && env !== 'test' && env !== 'production')
    throw new PortvaktError('invalid_input', `--env expects test or production.\n${USAGE}`);
  const report = await smokeTest(service, config, env);
  out.print(report, () => formatReport(report));
  if (report.ok) return 0;
  writeError(`portvakt: ${report.reason ?? `${report.name} did not pass the smoke test.`}\n`);
  return 1;
}

function isService(value: string | undefined): value is SmokeService {
  return (SMOKE_SERVICES as readonly (string | undefined)[]).includes(value);
}

export function formatReport(report: SmokeReport): string {
  const { tls } = report;
  const lines = [`${report.name} smoke test, ${report.environment} environment`, field('endpoint', report.endpoint)];
  if (tls.server) lines.push(...certificate('server', tls.server));
  if (tls.root) lines.push(field('root', `${tls.root.subject} (${report.rootSource ?? 'pinned'})`));
  if (tls.client) lines.push(...certificate('client', tls.client, report.clientSource));
  lines.push('', step({ name: 'tls', outcome: tlsOutcome(report), ms: tls.ms, summary: tlsSummary(report) }));
  lines.push(...report.steps.map(step));
  const passed = report.steps.filter((result) => result.outcome === 'ok').length;
  const total = report.steps.reduce((sum, result) => sum + result.ms, tls.ms);
  lines.push(
    '',
    report.ok
      ? `All three steps succeeded in ${total} ms.`
      : `Not passed: ${passed} of 3 steps succeeded; the reason follows.`,
  );
  return lines.join('\n');
}

function field(label: string, value: string): string {
  return `  ${label.padEnd(10)}${value}`;
}

function certificate(label: string, facts: CertificateFacts, source?: string): string[] {
  const validity = `valid to ${day(facts.validTo)}${source ? `, from ${source}` : ''}`;
  return [field(label, facts.subject), field('', `issued by ${facts.issuer}`), field('', validity)];
}

function step(result: StepResult): string {
  const outcome = { ok: 'ok', failed: 'FAILED', skipped: '-' }[result.outcome];
  const ms = result.outcome === 'skipped' ? '' : `${result.ms} ms`;
  return `  ${result.name.padEnd(20)}${outcome.padEnd(8)}${ms.padStart(8)}  ${result.summary}`;
}

function tlsOutcome({ tls }: SmokeReport): StepResult['outcome'] {
  const connected = tls.server !== undefined && (!tls.failure || tls.failure.afterHandshake);
  return connected && tls.trusted && tls.clientVerdict !== 'refused' ? 'ok' : 'failed';
}

function tlsSummary({ tls }: SmokeReport): string {
  if (!tls.server) return `no TLS session with ${tls.host}:${tls.port} (${tls.failure?.code ?? 'no answer'})`;
  const server = tls.trusted ? 'server trusted' : `server NOT trusted (${tls.trustError ?? 'unknown'})`;
  const client = {
    accepted: 'client certificate accepted',
    refused: `client certificate refused${tls.failure ? ` (${tls.failure.code})` : ''}`,
    unconfirmed: 'client certificate not confirmed by the handshake (see the first call)',
  }[tls.clientVerdict ?? 'unconfirmed'];
  return `${tls.protocol ?? 'TLS'}, ${server}, ${client}`;
}
