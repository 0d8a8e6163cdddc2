// Portvakt as an integrator runs it: `portvakt start` in a child process, on PGlite in a temporary
// folder, with interop/portvakt.yaml plus the run's issuer, clients and person.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT } from '../src/config/env.ts';
import type { ConfigInput } from '../src/config/schema.ts';
import { PERSON } from './person.ts';
import { OUTPUT_DIR, run, serve, type Server } from './support/process.ts';

type ClientInput = NonNullable<ConfigInput['clients']>[number];

export interface RunningPortvakt {
  issuer: string;
  /** The person's account id: the `sub` every client should see (public subject type). */
  accountId: string;
  /** Portvakt's log (pino JSON lines) for this run, kept after it stops. */
  logFile: string;
  stop(): Promise<void>;
}

const CLI = ['--import', 'tsx', 'app/main.ts'];

export async function startPortvakt(port: number, clients: ClientInput[]): Promise<RunningPortvakt> {
  const dataDir = await mkdtemp(join(tmpdir(), 'portvakt-interop-'));
  const issuer = `http://127.0.0.1:${port}`;
  const base = parse(await readFile(new URL('./portvakt.yaml', import.meta.url), 'utf8')) as ConfigInput;
  const config: ConfigInput = {
    ...base,
    issuer,
    http: { ...base.http, port },
    dataDir: join(dataDir, 'data'),
    clients,
  };
  const configFile = join(dataDir, 'portvakt.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const env = portvaktEnvironment();
  await mkdir(OUTPUT_DIR, { recursive: true });
  const logFile = join(OUTPUT_DIR, 'portvakt.log');
  await writeFile(logFile, '');
  try {
    const accountId = await addPerson(configFile, env);
    const { server } = await serve(
      process.execPath,
      [...CLI, 'start', '--config', configFile],
      { env, logFile },
      (line) => (line.includes('"Portvakt is listening"') ? true : undefined),
    );
    return { issuer, accountId, logFile, stop: () => stopAndRemove(server, dataDir) };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The runner's environment without any variable Portvakt reads (a DATABASE_URL would move it off
 * PGlite), plus a secret key made for this run.
 */
function portvaktEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const variable of ENVIRONMENT) delete env[variable.name];
  return { ...env, PORTVAKT_SECRET_KEY: randomBytes(32).toString('base64') };
}

async function addPerson(configFile: string, env: NodeJS.ProcessEnv): Promise<string> {
  const output = await run(
    process.execPath,
    [
      ...CLI,
      'users',
      'add',
      PERSON.username,
      '--email',
      PERSON.email,
      '--given-name',
      PERSON.givenName,
      '--family-name',
      PERSON.familyName,
      '--password-stdin',
      '--json',
      '--config',
      configFile,
    ],
    { env, input: `${PERSON.password}\n` },
  );
  const id = /"id":\s*"([^"]+)",\s*"username":\s*"[^"]*"/.exec(output)?.[1];
  if (!id) throw new Error(`portvakt users add printed no account id:\n${output}`);
  return id;
}

async function stopAndRemove(server: Server, dataDir: string): Promise<void> {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
