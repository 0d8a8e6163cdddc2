// Shared set-up for the Freja tests: a simulator in a temp folder with a controllable clock, a
// client configured for it, the simulated app driven over its real HTTP page, and raw mutual-TLS
// calls for checking the wire format.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrejaClient, type FrejaClientOptions } from '../../src/eid/freja/client.ts';
import { startFrejaSimulator, type FrejaSimulator, type FrejaSimulatorOptions } from '../../simulators/freja/index.ts';

export interface Clock {
  now: number;
  advance(ms: number): void;
}

export function createClock(start = Date.now()): Clock {
  return {
    now: start,
    advance(ms) {
      this.now += ms;
    },
  };
}

export interface Harness {
  sim: FrejaSimulator;
  client: FrejaClient;
  clock: Clock;
  dataDir: string;
  close(): Promise<void>;
}

export async function startHarness(
  options: Partial<Omit<FrejaSimulatorOptions, 'dataDir' | 'now'>> = {},
): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'portvakt-freja-'));
  const clock = createClock();
  const sim = await startFrejaSimulator({ ...options, dataDir, now: () => clock.now });
  const client = clientFor(sim);
  return {
    sim,
    client,
    clock,
    dataDir,
    close: async () => {
      client.close();
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function clientFor(sim: FrejaSimulator, overrides: Partial<FrejaClientOptions> = {}): FrejaClient {
  return new FrejaClient({
    baseUrl: sim.apiUrl,
    pfx: sim.clientPfx,
    passphrase: sim.clientPassphrase,
    serverCaPem: sim.caCertPem,
    signingCertificatesPem: [sim.signingCertPem],
    ...overrides,
  });
}

/** The tester's side: the simulated app page, over plain HTTP. */
export const app = {
  async open(sim: FrejaSimulator, person: string, reference: string): Promise<string> {
    return post(sim, '/open', { person, reference, lang: 'en' });
  },
  async answer(
    sim: FrejaSimulator,
    action: 'approve' | 'decline' | 'report',
    person: string,
    authRef: string,
  ): Promise<string> {
    return post(sim, `/${action}`, { person, authRef, lang: 'en' });
  },
  async home(sim: FrejaSimulator, query: Record<string, string>): Promise<string> {
    const response = await fetch(`${sim.appUrl}?${new URLSearchParams({ lang: 'en', ...query })}`);
    return response.text();
  },
};

async function post(sim: FrejaSimulator, path: string, form: Record<string, string>): Promise<string> {
  const response = await fetch(new URL(path, sim.appUrl), { method: 'POST', body: new URLSearchParams(form) });
  if (response.status !== 200) throw new Error(`app page answered ${response.status}`);
  return response.text();
}

export interface RawResponse {
  status: number;
  body: string;
}

/** A call to the simulator's API with exactly this body, over mutual TLS unless `withCertificate` is false. */
export function rawPost(
  sim: FrejaSimulator,
  path: string,
  body: string,
  { withCertificate = true, method = 'POST' }: { withCertificate?: boolean; method?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, sim.apiUrl), {
      method,
      ca: sim.caCertPem,
      ...(withCertificate ? { pfx: sim.clientPfx, passphrase: sim.clientPassphrase } : {}),
      agent: false,
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/** Resolves to the error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
