// Builds the eID drivers this deployment is configured for; a service without configuration is
// simply not offered.
import type { Logger } from 'pino';
import type { Config } from '../../src/config/schema.ts';
import { BankIdClient, loadBankIdCredentials } from '../../src/eid/bankid/index.ts';
import { checkAlternatives, checkLifetimes, pemLifetimes, pfxLifetimes } from '../../src/eid/certificate-lifetime.ts';
import { FrejaClient } from '../../src/eid/freja/index.ts';
import { bankIdDriver } from './bankid-driver.ts';
import type { EidDriver } from './driver.ts';
import { frejaDriver } from './freja-driver.ts';

export interface EidServices {
  drivers: Partial<Record<EidDriver['id'], EidDriver>>;
  close(): void;
}

/** Refuses a service whose certificates have run out; warns of those that run out within 30 days. */
export async function createEidServices(config: Config, logger: Logger, now = new Date()): Promise<EidServices> {
  const drivers: EidServices['drivers'] = {};
  const closers: (() => void)[] = [];
  const warnings: string[] = [];
  if (config.bankid) {
    const credentials = await loadBankIdCredentials(config.bankid);
    warnings.push(
      ...checkLifetimes(
        [
          ...pemLifetimes('bankid.caPem', credentials.ca),
          ...pfxLifetimes('bankid.pfx', credentials.pfx, credentials.passphrase),
        ],
        now,
      ),
    );
    const client = new BankIdClient({
      ...credentials,
      baseUrl: config.bankid.baseUrl,
      timeoutMs: config.bankid.timeoutMs,
    });
    drivers.bankid = bankIdDriver(client, {
      launchBaseUrl: config.bankid.launchBaseUrl,
      desktopLaunchBaseUrl: config.bankid.desktopLaunchBaseUrl,
    });
    closers.push(() => client.close());
  }
  if (config.freja) {
    warnings.push(
      ...checkLifetimes(pemLifetimes('freja.serverCaPem', config.freja.serverCaPem), now),
      ...checkAlternatives(
        config.freja.signingCertificatesPem.flatMap((pem, index) =>
          pemLifetimes(`freja.signingCertificatesPem[${index}]`, pem),
        ),
        now,
      ),
    );
    const client = await FrejaClient.fromConfig(config.freja);
    // BankID's limit of one status call per 2 s per order is kept for Freja too.
    drivers.freja = frejaDriver(client, {
      launchBaseUrl: config.freja.launchBaseUrl,
      pollIntervalMs: Math.max(2000, config.freja.timeouts.pollIntervalMs),
    });
    closers.push(() => client.close());
  }
  for (const warning of warnings) logger.warn({ certificate: true }, warning);
  return { drivers, close: () => closers.forEach((close) => close()) };
}
