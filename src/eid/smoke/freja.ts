// The Freja eID smoke test: initAuthentication (INFERRED, as the QR flow starts) → getOneResult →
// cancel through Portvakt's own FrejaClient. Freja has no public test certificate, so it needs the
// `freja` section; `--env` swaps in Freja's published service URL and keeps the rest.
import { readFile } from 'node:fs/promises';
import { PortvaktError } from '../../../kernel/errors.ts';
import { FrejaClient } from '../freja/client.ts';
import type { FrejaConfig } from '../freja/config.ts';
import { isFrejaError, type FrejaError, type FrejaErrorCode } from '../freja/errors.ts';
import type { FrejaOutcome } from '../freja/types.ts';
import { causeCode, type ServiceTerms } from './diagnose.ts';
import type { SmokeEnvironment, SmokePlan, StepAnswer } from './run.ts';

/** Freja's published service roots (reference: Freja eID REST API, hosts). */
export const FREJA_ENVIRONMENTS = {
  test: 'https://services.test.frejaeid.com',
  production: 'https://services.prod.frejaeid.com',
} as const satisfies Record<SmokeEnvironment, string>;

export async function frejaSmokePlan(
  configured: FrejaConfig | undefined,
  env: SmokeEnvironment | undefined,
): Promise<SmokePlan> {
  if (!configured) {
    throw new PortvaktError(
      'config_invalid',
      'freja is not configured: Freja issues the client certificate under an agreement, so there is no public ' +
        'test one. Set freja.baseUrl, freja.clientCertificate, freja.serverCaPem and freja.signingCertificatesPem.',
    );
  }
  const config = env === undefined ? configured : { ...configured, baseUrl: FREJA_ENVIRONMENTS[env] };
  const client = await FrejaClient.fromConfig(config);
  const { pfxPath, passphrase } = config.clientCertificate;
  const pfx =
    pfxPath !== undefined ? await readFile(pfxPath) : Buffer.from(config.clientCertificate.pfxBase64!, 'base64');
  const environment = environmentOf(config.baseUrl);
  const terms: ServiceTerms = {
    name: 'Freja eID',
    clientKey: `freja.clientCertificate.${pfxPath !== undefined ? 'pfxPath' : 'pfxBase64'}`,
    caKey: 'freja.serverCaPem',
    urlKey: 'freja.baseUrl',
  };
  return {
    service: 'freja',
    environment,
    endpoint: config.baseUrl,
    clientSource: terms.clientKey,
    tls: { url: config.baseUrl, pfx, passphrase, ca: config.serverCaPem, timeoutMs: config.timeouts.requestMs },
    terms,
    stepNames: ['initAuthentication', 'getOneResult', 'cancel'],
    start: async () => (await client.initAuthentication({ userInfoType: 'INFERRED' })).authRef,
    status: async (authRef) => resultAnswer(await client.getOneResult(authRef)),
    async cancel(authRef) {
      await client.cancel(authRef);
      return 'authentication cancelled';
    },
    describe: (error) => describe(error, terms, environment, config.timeouts.requestMs),
    rootSource: (root) => (root ? terms.caKey : undefined),
    close: () => client.close(),
  };
}

function environmentOf(baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  if (origin === FREJA_ENVIRONMENTS.test) return 'test';
  if (origin === FREJA_ENVIRONMENTS.production) return 'production';
  return 'custom';
}

function resultAnswer(outcome: FrejaOutcome): StepAnswer {
  if (outcome.state === 'pending') return { ok: true, summary: outcome.status };
  return {
    ok: false,
    summary: outcome.status,
    reason:
      `Freja eID answered ${outcome.status} for an authentication nobody has opened: ` +
      'run the test again, and ask Freja if it repeats',
  };
}

type Explain = (error: FrejaError, terms: ServiceTerms, environment: string, timeoutMs: number) => string;

const REASONS: Partial<Record<FrejaErrorCode, Explain>> = {
  serverError: (error) =>
    httpStatus(error) === 503
      ? 'Freja eID answered 503: the service is down for maintenance or overloaded. Nothing in the configuration ' +
        'needs to change; run the smoke test again later'
      : `Freja eID answered ${httpStatus(error) ?? '5xx'}: a fault at Freja; try again later, ask Freja if it persists`,
  invalidResponse: (error, terms, environment) => {
    const status = httpStatus(error);
    if (status === 401 || status === 403)
      return (
        `Freja eID answered ${status}: the TLS connection was accepted, but this relying party has no access: ` +
        `check that ${terms.clientKey} is the certificate Freja issued for the ${environment} environment`
      );
    if (status === 404)
      return `Freja eID answered 404: ${terms.urlKey} must be the service root, such as ${FREJA_ENVIRONMENTS.test}`;
    return `the answer is not Freja eID's API: check that ${terms.urlKey} points at Freja eID`;
  },
  invalidParameters: (error, terms) =>
    error.frejaCode === 1008
      ? `Freja eID does not know this relying party (1008): the certificate in ${terms.clientKey} is not ` +
        'registered for this environment, or freja.relyingPartyId is wrong'
      : `Freja eID refused the request (${frejaSays(error)}): check freja.minRegistrationLevel and ` +
        'freja.attributesToReturn against your agreement',
  unknownError: (error) => `Freja eID answered an error it does not document (${frejaSays(error)})`,
  timeout: (_error, _terms, _environment, timeoutMs) =>
    `Freja eID did not answer within ${timeoutMs} ms: the service is slow, or a proxy or firewall holds the connection`,
};

function describe(error: unknown, terms: ServiceTerms, environment: string, timeoutMs: number) {
  if (!isFrejaError(error)) return { summary: String(error), reason: undefined };
  const status = httpStatus(error);
  const underneath = causeCode(error);
  const detail = [
    error.frejaCode === undefined ? undefined : `code ${error.frejaCode}`,
    status === undefined ? undefined : `HTTP ${status}`,
    underneath,
  ].filter((part) => part !== undefined);
  const summary = `${error.code}${detail.length ? ` (${detail.join(', ')})` : ''}`;
  return { summary, reason: REASONS[error.code]?.(error, terms, environment, timeoutMs) };
}

function httpStatus(error: FrejaError): number | undefined {
  const status = error.detail?.httpStatus;
  return typeof status === 'number' ? status : undefined;
}

function frejaSays(error: FrejaError): string {
  const message = error.detail?.frejaMessage;
  return `code ${error.frejaCode ?? '?'}${typeof message === 'string' && message ? `: ${message.slice(0, 200)}` : ''}`;
}
