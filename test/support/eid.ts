// The outside identity services for tests: the BankID and Freja simulators over real mutual TLS,
// each in its own temporary folder, and the configuration that points Portvakt at them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PERSONS, startBankIdSimulator, type BankIdSimulator } from '../../simulators/bankid/index.ts';
import { startFrejaSimulator, type FrejaSimulator } from '../../simulators/freja/index.ts';

export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

export interface EidWorld {
  bankid: BankIdSimulator;
  freja: FrejaSimulator;
  clock: TestClock;
  /** Configuration keys for Portvakt: `bankid` and `freja`. */
  config(options?: { frejaMinRegistrationLevel?: 'BASIC' | 'EXTENDED' | 'PLUS' }): Record<string, unknown>;
  close(): Promise<void>;
}

/** Anna (198506142382) has BankID and Freja eID+ and a password account in TEST_PERSONS. */
export const ANNA_PNR = '198506142382';

export async function startEidWorld(): Promise<EidWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'portvakt-eid-'));
  const clock = testClock();
  const [bankid, freja] = await Promise.all([
    startBankIdSimulator({
      dataDir: join(dir, 'bankid'),
      now: clock.now,
      persons: [
        ...DEFAULT_PERSONS,
        { personalNumber: ANNA_PNR, givenName: 'Anna', surname: 'Andersson', behaviour: 'normal' },
      ],
    }),
    startFrejaSimulator({ dataDir: join(dir, 'freja'), now: clock.now }),
  ]);
  return {
    bankid,
    freja,
    clock,
    config: (options = {}) => ({
      bankid: {
        baseUrl: bankid.apiUrl,
        pfxBase64: bankid.clientPfx.toString('base64'),
        passphrase: bankid.clientPassphrase,
        caPem: bankid.caCertPem,
        launchBaseUrl: bankid.appUrl,
        desktopLaunchBaseUrl: bankid.appUrl,
        timeoutMs: 5000,
      },
      freja: {
        baseUrl: freja.apiUrl,
        clientCertificate: { pfxBase64: freja.clientPfx.toString('base64'), passphrase: freja.clientPassphrase },
        serverCaPem: freja.caCertPem,
        signingCertificatesPem: [freja.signingCertPem],
        minRegistrationLevel: options.frejaMinRegistrationLevel ?? 'PLUS',
        launchBaseUrl: freja.appUrl,
      },
    }),
    async close() {
      await Promise.all([bankid.close(), freja.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
