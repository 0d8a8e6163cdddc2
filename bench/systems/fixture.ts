// What every system under test is given, so the only difference measured is the system itself:
// one confidential client, the same persons, the same configuration (TTLs, argon2id parameters).
import { validateConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { BankIdForBench } from './bankid.ts';

export const BENCH_PASSWORD = 'Bench-Portvakt-2026';
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const PERSON_COUNT = 10;

export const BENCH_CLIENT = {
  client_id: 'bench-rp',
  client_name: 'Bench RP',
  client_secret: 'bench-rp-secret-0123456789abcdefghijklmnop',
  redirect_uris: [REDIRECT_URI],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] as (
    'authorization_code' | 'refresh_token' | 'client_credentials'
  )[],
  scope: 'openid profile email offline_access',
  first_party: true,
};

/** The BankID login scenario's client: its policy offers BankID alone, so no chooser is shown. */
export const BENCH_EID_CLIENT = {
  client_id: 'bench-eid-rp',
  client_name: 'Bench eID RP',
  client_secret: 'bench-eid-rp-secret-0123456789abcdefghijkl',
  redirect_uris: [REDIRECT_URI],
  grant_types: ['authorization_code'] as 'authorization_code'[],
  scope: 'openid profile https://id.oidc.se/scope/naturalPersonNumber',
  first_party: true,
  login_policy: 'bankid',
};

/** Login names the load driver cycles through; one account per concurrent login keeps rows apart. */
export const personNames = (): string[] => Array.from({ length: PERSON_COUNT }, (_, index) => `bench-${index}`);

const PERSONS = personNames().map((username, index) => ({
  username,
  password: BENCH_PASSWORD,
  given_name: 'Bench',
  family_name: `Person ${index}`,
  email: `${username}@example.org`,
}));

export interface FixtureOptions {
  port: number;
  dataDir: string;
  databaseUrl?: string | undefined;
  secretKey: string;
  /** The BankID simulator (systems/bankid.ts); with it, the eID client and its policy are added. */
  bankid?: BankIdForBench | undefined;
}

/**
 * Portvakt's configuration for the bench. The bare provider reads its TTLs and argon2id
 * parameters from the same object. Every login comes from 127.0.0.1, so the per-address limit is
 * lifted; the per-name lockout stays (no login in the bench fails).
 */
export function benchConfig(options: FixtureOptions): Config {
  return validateConfig({
    issuer: `http://127.0.0.1:${options.port}`,
    http: { host: '127.0.0.1', port: options.port },
    dataDir: options.dataDir,
    database: { url: options.databaseUrl },
    secretKey: options.secretKey,
    log: { level: 'silent' },
    outbound: { allowPrivateAddresses: true },
    lockout: { perAddressPerMinute: 1_000_000_000 },
    clients: options.bankid ? [BENCH_CLIENT, BENCH_EID_CLIENT] : [BENCH_CLIENT],
    demo: { persons: PERSONS },
    // A person BankID vouches for gets an account on the first (warm-up) login and keeps it.
    ...(options.bankid
      ? {
          bankid: { ...options.bankid, timeoutMs: 5000 },
          policies: { default: { methods: ['password'] }, bankid: { methods: ['bankid'], provisioning: 'jit' } },
        }
      : {}),
  });
}

/** The argon2id parameters every system uses: Portvakt's configured ones. */
export function passwordParameters(): Config['password'] {
  return benchConfig({ port: 0, dataDir: '', secretKey: Buffer.alloc(32).toString('base64') }).password;
}
