// Shared pieces for the BankID tests: a simulator on a movable clock, a client wired to it over
// real mutual TLS, and raw HTTPS requests for what the client would never send.
import { request, type RequestOptions } from 'node:https';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BankIdClient } from '../../src/eid/bankid/client.ts';
import {
  startBankIdSimulator,
  type BankIdSimulator,
  type BankIdSimulatorOptions,
} from '../../simulators/bankid/index.ts';

/**
 * Certificates are kept between runs here (the folder is git-ignored), so only the first run pays for
 * key generation. Each test file has its own folder, so files running in parallel never race to create one.
 */
export function dataDir(testFile: string): string {
  return fileURLToPath(
    new URL(`../../.test-data/bankid-simulator/${basename(fileURLToPath(testFile), '.test.ts')}/`, import.meta.url),
  );
}

export class FakeClock {
  constructor(public ms = Date.UTC(2025, 0, 15, 9, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Rig {
  sim: BankIdSimulator;
  clock: FakeClock;
  client: BankIdClient;
  close(): Promise<void>;
}

export async function startRig(
  testFile: string,
  options: Partial<BankIdSimulatorOptions> = {},
  clientTimeoutMs = 5_000,
): Promise<Rig> {
  const clock = new FakeClock();
  const sim = await startBankIdSimulator({ dataDir: dataDir(testFile), now: clock.now, ...options });
  const client = new BankIdClient({
    baseUrl: sim.apiUrl,
    pfx: sim.clientPfx,
    passphrase: sim.clientPassphrase,
    ca: sim.caCertPem,
    timeoutMs: clientTimeoutMs,
    now: clock.now,
  });
  return {
    sim,
    clock,
    client,
    async close() {
      client.close();
      await sim.close();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request with full control over method, headers and TLS options. */
export function rawRequest(url: string, options: RequestOptions & { body?: string | undefined }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { body, ...rest } = options;
    const req = request(url, { agent: false, ...rest }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request to the RP API as a trusted relying party. */
export function apiRequest(
  sim: BankIdSimulator,
  path: string,
  init: { method?: string; contentType?: string | null; body?: string } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (init.contentType !== null) headers['Content-Type'] = init.contentType ?? 'application/json';
  return rawRequest(new URL(path, sim.apiUrl).toString(), {
    method: init.method ?? 'POST',
    headers,
    pfx: sim.clientPfx,
    passphrase: sim.clientPassphrase,
    ca: sim.caCertPem,
    body: init.body,
  });
}

/** The app page, as a browser that trusts the simulator's CA. Redirects are not followed. */
export function appRequest(sim: BankIdSimulator, path: string, form?: Record<string, string>): Promise<RawResponse> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return rawRequest(new URL(path, sim.appUrl).toString(), {
    method: form ? 'POST' : 'GET',
    headers: form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
    ca: sim.caCertPem,
    body,
  });
}

/** The value of a hidden field `name` in the page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in page`);
  return match[1]!;
}

export const PERSON = {
  normal: '198503122387',
  autoApprove: '199001011270',
  cancel: '197811245633',
  blockedCertificate: '200106154024',
  neverStart: '196607058812',
  noBankId: '199202293198',
  outdatedApp: '197304187458',
  highRisk: '198810090665',
  declineCall: '195508305900',
  mrtdFail: '199912312148',
} as const;
