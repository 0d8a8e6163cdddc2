// Builds the eID drivers this deployment is configured for; a service without configuration is
// simply not offered.
import type { Config } from '../../src/config/schema.ts';
import { BankIdClient } from '../../src/eid/bankid/index.ts';
import { FrejaClient } from '../../src/eid/freja/index.ts';
import { bankIdDriver } from './bankid-driver.ts';
import type { EidDriver } from './driver.ts';
import { frejaDriver } from './freja-driver.ts';

export interface EidServices {
  drivers: Partial<Record<EidDriver['id'], EidDriver>>;
  close(): void;
}

export async function createEidServices(config: Config): Promise<EidServices> {
  const drivers: EidServices['drivers'] = {};
  const closers: (() => void)[] = [];
  if (config.bankid) {
    const client = await BankIdClient.fromConfig(config.bankid);
    drivers.bankid = bankIdDriver(client, {
      launchBaseUrl: config.bankid.launchBaseUrl,
      desktopLaunchBaseUrl: config.bankid.desktopLaunchBaseUrl,
    });
    closers.push(() => client.close());
  }
  if (config.freja) {
    const client = await FrejaClient.fromConfig(config.freja);
    // BankID's limit of one status call per 2 s per order is kept for Freja too.
    drivers.freja = frejaDriver(client, {
      launchBaseUrl: config.freja.launchBaseUrl,
      pollIntervalMs: Math.max(2000, config.freja.timeouts.pollIntervalMs),
    });
    closers.push(() => client.close());
  }
  return { drivers, close: () => closers.forEach((close) => close()) };
}
