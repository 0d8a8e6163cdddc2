// The BankID smoke test: auth → collect → cancel through Portvakt's own BankIdClient, against the
// configured RP API or, with no `bankid` section, BankID's test service with the shipped root and
// public test certificate. `--env` swaps in BankID's published URL and root for that environment.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { PortvaktError } from '../../../kernel/errors.ts';
import { BankIdClient } from '../bankid/client.ts';
import { BANKID_ENVIRONMENTS, bankIdConfigSchema, loadBankIdCredentials, type BankIdConfig } from '../bankid/config.ts';
import { isBankIdError, type BankIdError, type BankIdErrorCode } from '../bankid/errors.ts';
import { causeCode, type ServiceTerms } from './diagnose.ts';
import type { SmokeEnvironment, SmokePlan, StepAnswer } from './run.ts';
import type { CertificateFacts } from './certificate-facts.ts';

/** Shown in the BankID app, should anyone open the order. */
const VISIBLE_TEXT = 'Portvakt connection test (portvakt eid smoke). Nothing to approve.';

export async function bankIdSmokePlan(
  configured: BankIdConfig | undefined,
  env: SmokeEnvironment | undefined,
): Promise<SmokePlan> {
  const config = targetConfig(configured, env);
  const credentials = await loadBankIdCredentials(config);
  const client = new BankIdClient({ ...credentials, baseUrl: config.baseUrl, timeoutMs: config.timeoutMs });
  const environment = environmentOf(config.baseUrl);
  const { terms, clientSource } = bankIdTerms(config, environment);
  return {
    service: 'bankid',
    environment,
    endpoint: config.baseUrl,
    clientSource,
    tls: { url: config.baseUrl, ...credentials, timeoutMs: config.timeoutMs },
    terms,
    stepNames: ['auth', 'collect', 'cancel'],
    async start(localAddress) {
      return (await client.auth({ endUserIp: endUserIp(localAddress), userVisibleData: VISIBLE_TEXT })).orderRef;
    },
    status: async (orderRef) => collectAnswer(await client.collect(orderRef)),
    async cancel(orderRef) {
      await client.cancel(orderRef);
      return 'order cancelled';
    },
    describe: (error) => describe(error, terms, environment, config.timeoutMs),
    rootSource: (root) => rootSource(root, terms.caKey),
    close: () => client.close(),
  };
}

/** Which keys to name in a reason: the ones set, or the ones that would be, when a default applied. */
function bankIdTerms(config: BankIdConfig, environment: string): { terms: ServiceTerms; clientSource: string } {
  const shippedCertificate = config.pfxPath === undefined && config.pfxBase64 === undefined;
  const clientKey = shippedCertificate
    ? 'bankid.pfxPath (unset, so the public test certificate was offered)'
    : config.pfxPath !== undefined
      ? 'bankid.pfxPath'
      : 'bankid.pfxBase64';
  const caKey =
    config.caPem !== undefined
      ? 'bankid.caPem'
      : config.caPath !== undefined
        ? 'bankid.caPath'
        : `bankid.caPath (unset, so the root shipped for bankid.environment ${config.environment} was pinned)`;
  const terms: ServiceTerms = {
    name: 'BankID',
    clientKey,
    caKey,
    urlKey: 'bankid.baseUrl',
    // A proxy in front of BankID has a URL of its own; then the declared environment says which.
    clientHint: (offered) => mismatch(offered, environment === 'custom' ? config.environment : environment),
  };
  const clientSource = shippedCertificate
    ? 'the public test certificate in src/eid/bankid/trust/ (bankid.pfxPath unset)'
    : clientKey;
  return { terms, clientSource };
}

function targetConfig(configured: BankIdConfig | undefined, env: SmokeEnvironment | undefined): BankIdConfig {
  const config = configured ?? bankIdConfigSchema.parse({ environment: 'test' });
  if (env === undefined) return config;
  if (env === 'production' && config.pfxPath === undefined && config.pfxBase64 === undefined) {
    throw new PortvaktError(
      'invalid_input',
      '--env production needs the RP certificate your bank issued (bankid.pfxPath and bankid.passphrase): ' +
        'the public test certificate works only against the test service.',
    );
  }
  const { caPem: _caPem, caPath: _caPath, ...rest } = config;
  return { ...rest, environment: env, baseUrl: BANKID_ENVIRONMENTS[env].baseUrl };
}

function environmentOf(baseUrl: string): string {
  if (baseUrl === BANKID_ENVIRONMENTS.test.baseUrl) return 'test';
  if (baseUrl === BANKID_ENVIRONMENTS.production.baseUrl) return 'production';
  return 'custom';
}

/**
 * RP certificates are issued under "<bank> RP CA v1 for BankID Test" in test (FP Testcert 5's
 * issuer); the production issuers' names are taken to drop the " Test" (UNCONFIRMED).
 */
function mismatch(offered: CertificateFacts, environment: string | undefined): string | undefined {
  const test = /for BankID Test\b/i.test(offered.issuer);
  const production = !test && /for BankID\b/i.test(offered.issuer);
  if (test && environment === 'production') return 'it is the test certificate but environment is production';
  if (production && environment === 'test') return 'it is a production certificate but environment is test';
  return undefined;
}

const SHIPPED_ROOTS = Object.entries(BANKID_ENVIRONMENTS).map(([name, shipped]) => ({
  name,
  fingerprint256: new X509Certificate(readFileSync(shipped.caFile)).fingerprint256,
}));

function rootSource(root: CertificateFacts | undefined, caKey: string): string | undefined {
  if (!root) return undefined;
  const shipped = SHIPPED_ROOTS.find((candidate) => candidate.fingerprint256 === root.fingerprint256);
  return shipped ? `BankID's ${shipped.name} SSL root, shipped in src/eid/bankid/trust/` : caKey;
}

/** BankID wants the person's address; here the person is this host, as the service sees it. */
function endUserIp(localAddress: string | undefined): string {
  const address = localAddress?.replace(/^::ffff:/, '');
  return address !== undefined && isIP(address) !== 0 ? address : '127.0.0.1';
}

function collectAnswer(result: Awaited<ReturnType<BankIdClient['collect']>>): StepAnswer {
  if (result.status === 'pending') return { ok: true, summary: `pending, hintCode ${result.hintCode}` };
  const summary = result.status === 'failed' ? `failed, hintCode ${result.hintCode}` : 'complete';
  return {
    ok: false,
    summary,
    reason:
      `BankID answered ${summary} for an order nobody has opened: ` +
      'run the test again, and ask your bank if it repeats',
  };
}

type Explain = (error: BankIdError, terms: ServiceTerms, environment: string, timeoutMs: number) => string;

const REASONS: Partial<Record<BankIdErrorCode, Explain>> = {
  maintenance: () =>
    'BankID answered 503 maintenance: the RP API is down for maintenance. Nothing in the configuration needs ' +
    'to change; run the smoke test again later',
  internalError: () =>
    'BankID answered 500 internalError: a fault at BankID; try again later, and ask your bank if it persists',
  unauthorized: (error, terms, environment) =>
    `BankID answered ${error.status ?? 401} unauthorized: the TLS connection was accepted, but this relying party ` +
    `has no access to the RP API: check that ${terms.clientKey} is the RP certificate your bank issued for the ` +
    `${environment} service, and that the agreement is active`,
  notFound: (_error, terms) =>
    `BankID answered 404 notFound: ${terms.urlKey} must be the RP API root, ending in /rp/v6.0/`,
  rateLimited: () => 'BankID answered 429: too many calls from this relying party; wait a minute and try again',
  timeout: (_error, _terms, _environment, timeoutMs) =>
    `BankID did not answer within ${timeoutMs} ms: the service is slow, or a proxy or firewall holds the connection`,
  invalidResponse: (error, terms) =>
    `the answer is not BankID's RP API (${error.details ?? 'unexpected shape'}): ` +
    `check that ${terms.urlKey} points at BankID`,
  unknown: (error) =>
    `BankID answered HTTP ${error.status ?? '?'} ${error.bankIdErrorCode ?? ''}: ${error.details ?? ''}`,
};

function describe(error: unknown, terms: ServiceTerms, environment: string, timeoutMs: number) {
  if (!isBankIdError(error)) return { summary: String(error), reason: undefined };
  const underneath = causeCode(error);
  const summary =
    error.status !== undefined
      ? `${error.code} (HTTP ${error.status})`
      : `${error.code}${underneath ? ` (${underneath})` : ''}`;
  return { summary, reason: REASONS[error.code]?.(error, terms, environment, timeoutMs) };
}
