// The BankID service for the BankID login scenario: the simulator, over real mutual TLS, in the
// runner's own process (on the load generator's cores), so its work is not counted as the
// server's and the driver can act as each person's app. Portvakt's children get its address and
// credentials through the environment.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBankIdSimulator, type BankIdSimulator, type DemoPerson } from '../../simulators/bankid/index.ts';

/** The environment variable that carries `BankIdForBench` to a Portvakt child, as JSON. */
export const BANKID_ENV = 'BENCH_BANKID';

/** One person per concurrent login: BankID refuses a second order for a person with one pending. */
export const EID_PERSON_COUNT = 200;

/** Portvakt's `bankid` configuration for the simulator. */
export interface BankIdForBench {
  baseUrl: string;
  pfxBase64: string;
  passphrase: string;
  caPem: string;
  launchBaseUrl: string;
}

export interface BenchBankId {
  simulator: BankIdSimulator;
  config: BankIdForBench;
  close(): Promise<void>;
}

export async function startBenchBankId(): Promise<BenchBankId> {
  const dataDir = await mkdtemp(join(tmpdir(), 'portvakt-bench-bankid-'));
  const persons: DemoPerson[] = eidPersonalNumbers().map((personalNumber, index) => ({
    personalNumber,
    givenName: 'Bench',
    surname: `Person ${index}`,
    behaviour: 'normal',
  }));
  const simulator = await startBankIdSimulator({ dataDir, persons });
  return {
    simulator,
    config: {
      baseUrl: simulator.apiUrl,
      pfxBase64: simulator.clientPfx.toString('base64'),
      passphrase: simulator.clientPassphrase,
      caPem: simulator.caCertPem,
      launchBaseUrl: simulator.appUrl,
    },
    async close() {
      await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Valid personal numbers born 1980-01-01 onwards, one per person, with their Luhn check digit. */
export function eidPersonalNumbers(): string[] {
  return Array.from({ length: EID_PERSON_COUNT }, (_, index) => {
    const day = String(1 + (index % 28)).padStart(2, '0');
    const serial = String(100 + Math.floor(index / 28)).padStart(3, '0');
    const nine = `8001${day}${serial}`;
    return `19${nine}${luhnCheckDigit(nine)}`;
  });
}

function luhnCheckDigit(digits: string): number {
  const sum = [...digits].reduce((total, digit, position) => {
    const doubled = Number(digit) * (position % 2 === 0 ? 2 : 1);
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return (10 - (sum % 10)) % 10;
}
