// `portvakt eid smoke`: one authentication started, looked at once and cancelled, against BankID or
// Freja eID as configured, with what TLS showed on the way. See run.ts for the steps.
import type { Config } from '../../config/schema.ts';
import { bankIdSmokePlan } from './bankid.ts';
import { frejaSmokePlan } from './freja.ts';
import { runSmoke, type SmokeEnvironment, type SmokeReport } from './run.ts';

export type { SmokeEnvironment, SmokeReport, StepResult } from './run.ts';
export type { TlsFindings } from './tls-probe.ts';
export type { CertificateFacts } from './certificate-facts.ts';
export { tlsReason, type ServiceTerms } from './diagnose.ts';

export const SMOKE_SERVICES = ['bankid', 'freja'] as const;
export type SmokeService = (typeof SMOKE_SERVICES)[number];

export async function smokeTest(
  service: SmokeService,
  config: Pick<Config, 'bankid' | 'freja'>,
  env?: SmokeEnvironment,
): Promise<SmokeReport> {
  const plan =
    service === 'bankid' ? await bankIdSmokePlan(config.bankid, env) : await frejaSmokePlan(config.freja, env);
  return runSmoke(plan);
}
