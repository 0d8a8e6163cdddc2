// The scenario table: what is measured, how it is driven, and the target each one must meet as a
// ratio from the same run. Reading this table tells what the bench claims.
import type { LoadResult } from './load/latency.ts';
import { runHttpLoad } from './load/http-load.ts';
import { runBankIdLogins } from './load/bankid-login.ts';
import { login, runLogins } from './load/login.ts';
import { FORM_HEADERS, tokenRequest, type Endpoints } from './load/oauth.ts';
import { personNames } from './systems/fixture.ts';
import { eidPersonalNumbers, type BenchBankId } from './systems/bankid.ts';
import type { SystemId } from './systems/registry.ts';

export const SCENARIO_IDS = [
  'discovery',
  'jwks',
  'client_credentials',
  'refresh',
  'introspection',
  'login',
  'bankid_login',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface Target {
  /** The lowest acceptable ratio of the system's throughput to the baseline's. */
  ratio: number;
  /**
   * bare oidc-provider in memory, argon2id verifications per second (the ceiling for logins), or
   * nothing: a scenario no baseline can run is reported for its own figures.
   */
  against: 'bare' | 'argon2' | 'none';
  /** The systems the target applies to; the others show their ratio for information. */
  systems: SystemId[];
}

/** Runs the prepared load for a number of seconds with the given concurrency. */
export type Drive = (seconds: number, connections: number) => Promise<LoadResult & { firstError?: string }>;

export interface Scenario {
  id: ScenarioId;
  title: string;
  unit: string;
  target: Target;
  /** Done once per system before warm-up: discovery already happened, tokens are fetched here. */
  prepare(endpoints: Endpoints, connections: number, world: ScenarioWorld): Promise<Drive>;
  /** The systems that can run it; all when absent. */
  runsOn?: SystemId[];
}

/** What the runner started beside the systems for some scenarios. */
export interface ScenarioWorld {
  bankid?: BenchBankId;
}

/** A BankID login waits about two seconds for the app; more people at once keep the server as busy. */
export const BANKID_LOGINS_PER_CONNECTION = 5;

const PORTVAKT: SystemId[] = ['pglite', 'postgres'];

export const SCENARIOS: Record<ScenarioId, Scenario> = {
  discovery: {
    id: 'discovery',
    title: 'Discovery document',
    unit: 'req/s',
    target: { ratio: 0.9, against: 'bare', systems: PORTVAKT },
    prepare: async (endpoints) => (seconds, connections) =>
      runHttpLoad({ url: endpoints.discovery, method: 'GET' }, seconds, connections),
  },
  jwks: {
    id: 'jwks',
    title: 'JWKS',
    unit: 'req/s',
    target: { ratio: 0.9, against: 'bare', systems: PORTVAKT },
    prepare: async (endpoints) => (seconds, connections) =>
      runHttpLoad({ url: endpoints.jwks_uri, method: 'GET' }, seconds, connections),
  },
  client_credentials: {
    id: 'client_credentials',
    title: 'Client credentials grant',
    unit: 'req/s',
    target: { ratio: 0.5, against: 'bare', systems: PORTVAKT },
    prepare: async (endpoints) => (seconds, connections) =>
      runHttpLoad(
        {
          url: endpoints.token_endpoint,
          method: 'POST',
          headers: FORM_HEADERS,
          bodies: ['grant_type=client_credentials'],
        },
        seconds,
        connections,
      ),
  },
  refresh: {
    id: 'refresh',
    title: 'Refresh token grant',
    unit: 'req/s',
    target: { ratio: 0.5, against: 'bare', systems: PORTVAKT },
    async prepare(endpoints, connections) {
      // Confidential clients' refresh tokens are not rotated, so each connection reuses one.
      const names = personNames().slice(0, Math.min(connections, personNames().length));
      const tokens = await Promise.all(
        names.map((username) => login(endpoints, { username, scope: 'openid offline_access', prompt: 'consent' })),
      );
      const bodies = tokens.map((token) =>
        new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: required(token.refresh_token, 'refresh_token'),
        }).toString(),
      );
      return (seconds, concurrency) =>
        runHttpLoad(
          { url: endpoints.token_endpoint, method: 'POST', headers: FORM_HEADERS, bodies },
          seconds,
          concurrency,
        );
    },
  },
  introspection: {
    id: 'introspection',
    title: 'Token introspection',
    unit: 'req/s',
    target: { ratio: 0.5, against: 'bare', systems: PORTVAKT },
    async prepare(endpoints, connections) {
      const tokens = await Promise.all(
        Array.from({ length: Math.min(connections, 10) }, () =>
          tokenRequest(endpoints, { grant_type: 'client_credentials' }),
        ),
      );
      const bodies = tokens.map((token) => new URLSearchParams({ token: token.access_token }).toString());
      await assertActive(endpoints, bodies[0]!);
      return (seconds, concurrency) =>
        runHttpLoad(
          { url: endpoints.introspection_endpoint, method: 'POST', headers: FORM_HEADERS, bodies },
          seconds,
          concurrency,
        );
    },
  },
  login: {
    id: 'login',
    title: 'Password login (authorization, password, consent where needed, code exchange, UserInfo)',
    unit: 'logins/s',
    target: { ratio: 0.8, against: 'argon2', systems: PORTVAKT },
    prepare: async (endpoints) => (seconds, connections) => runLogins(endpoints, seconds, connections),
  },
  bankid_login: {
    id: 'bankid_login',
    title:
      'BankID login on another device against the simulator (authorization, QR, app approval, status polls, code exchange, UserInfo)',
    unit: 'logins/s',
    // bare oidc-provider has no BankID; the figures to watch are per CPU second and the latency.
    target: { ratio: 0, against: 'none', systems: [] },
    runsOn: PORTVAKT,
    async prepare(endpoints, _connections, world) {
      const bankid = world.bankid ?? fail('the BankID simulator was not started');
      const people = eidPersonalNumbers();
      return (seconds, connections) =>
        runBankIdLogins(
          endpoints,
          bankid.simulator.app,
          people,
          seconds,
          Math.min(people.length, connections * BANKID_LOGINS_PER_CONNECTION),
        );
    },
  },
};

function fail(message: string): never {
  throw new Error(message);
}

/** An inactive token is introspected with 200 too; measuring that would flatter the figure. */
async function assertActive(endpoints: Endpoints, body: string): Promise<void> {
  const response = await fetch(endpoints.introspection_endpoint, { method: 'POST', headers: FORM_HEADERS, body });
  const answer = (await response.json()) as { active?: boolean };
  if (answer.active !== true) throw new Error(`introspection answered ${response.status} without active: true`);
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`the login returned no ${name}`);
  return value;
}
