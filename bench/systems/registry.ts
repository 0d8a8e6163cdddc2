// The systems under test and how each one is started: bare oidc-provider, Portvakt on PGlite, and
// Portvakt on PostgreSQL (the server the environment names, else a throwaway cluster). Each runs in
// a child process of its own.
import { forkSystem, type ChildSystem } from './child.ts';
import { createBenchDatabase, databaseUrlFromEnvironment } from './external-postgres.ts';
import { findPostgres, startPostgres, type BenchPostgres } from './postgres.ts';

export const SYSTEM_IDS = ['bare', 'pglite', 'postgres'] as const;
export type SystemId = (typeof SYSTEM_IDS)[number];

export const SYSTEM_LABELS: Record<SystemId, string> = {
  bare: 'bare oidc-provider (memory)',
  pglite: 'Portvakt (PGlite)',
  postgres: 'Portvakt (PostgreSQL)',
};

export interface Resources {
  /** CPU seconds of the server process. */
  cpuSeconds: number;
  /** CPU seconds of the database server, when it is a process of its own. */
  dbCpuSeconds: number | undefined;
  peakRssMb: number;
}

export interface SystemUnderTest {
  id: SystemId;
  url: string;
  /** Memory in use now: resident set and V8 heap (after a full collection when run with --expose-gc). */
  memory(): Promise<{ rssMb: number; heapUsedMb: number }>;
  /** Marks the start of a measurement, profiled into `profileFile` when given; `end` returns what was used since. */
  begin(profileFile?: string): Promise<void>;
  end(): Promise<Resources>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Told when a system cannot run here, with the reason. */
  skip: (id: SystemId, reason: string) => void;
  /** taskset's core list for the system (and its PostgreSQL server), or undefined. */
  cores?: string | undefined;
  nodeOptions?: string[] | undefined;
  /** More environment for Portvakt's children (the BankID simulator's address, say). */
  portvaktEnv?: Record<string, string> | undefined;
}

const PORTVAKT = new URL('./portvakt-server.ts', import.meta.url);
const BARE = new URL('./bare-server.ts', import.meta.url);

export async function startSystem(id: SystemId, options: StartOptions): Promise<SystemUnderTest | undefined> {
  const { cores, nodeOptions } = options;
  const env = options.portvaktEnv ?? {};
  if (id === 'bare') return measured(id, await forkSystem({ entry: BARE, cores, nodeOptions }));
  if (id === 'pglite') return measured(id, await forkSystem({ entry: PORTVAKT, env, cores, nodeOptions }));
  const postgres = await startDatabase(options);
  if (!postgres) return undefined;
  try {
    const child = await forkSystem({
      entry: PORTVAKT,
      env: { ...env, BENCH_DATABASE_URL: postgres.url },
      cores,
      nodeOptions,
    });
    return measured(id, child, postgres);
  } catch (error) {
    await postgres.close();
    throw error;
  }
}

async function startDatabase(options: StartOptions): Promise<BenchPostgres | undefined> {
  const adminUrl = databaseUrlFromEnvironment(process.env);
  if (adminUrl) return createBenchDatabase(adminUrl);
  const bin = await findPostgres();
  if (bin) return startPostgres(bin, options.cores);
  options.skip(
    'postgres',
    'neither PORTVAKT_BENCH_DATABASE_URL nor DATABASE_URL is set, and no PostgreSQL binaries under /usr/lib/postgresql to start a throwaway cluster',
  );
  return undefined;
}

function measured(id: SystemId, child: ChildSystem, postgres?: BenchPostgres): SystemUnderTest {
  let startCpu = 0;
  let startDbCpu: number | undefined;
  let profile: string | undefined;
  return {
    id,
    url: child.url,
    async memory() {
      const snapshot = await child.begin(false);
      return { rssMb: (snapshot.rssBytes ?? 0) / 2 ** 20, heapUsedMb: (snapshot.heapUsedBytes ?? 0) / 2 ** 20 };
    },
    async begin(profileFile) {
      profile = profileFile;
      startCpu = (await child.begin(profile !== undefined)).cpuMicros;
      startDbCpu = await postgres?.cpuSeconds();
    },
    async end() {
      const snapshot = await child.end(profile);
      const dbCpu = await postgres?.cpuSeconds();
      return {
        cpuSeconds: (snapshot.cpuMicros - startCpu) / 1e6,
        dbCpuSeconds: dbCpu !== undefined && startDbCpu !== undefined ? dbCpu - startDbCpu : undefined,
        peakRssMb: snapshot.peakRssBytes / 2 ** 20,
      };
    },
    async stop() {
      await child.stop();
      await postgres?.close();
    },
  };
}
