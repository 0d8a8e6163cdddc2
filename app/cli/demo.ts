// `portvakt demo` (what `npm start` runs): the product with demo data, on the embedded database.
// Development-only defaults are announced loudly, once each.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, validateConfig } from '../../src/config/load.ts';
import { demoPorts, startDemoWorld, type DemoWorld } from '../demo/world.ts';
import type { Config } from '../../src/config/schema.ts';
import { seedDemoPersons } from '../demo/seed.ts';
import { serve, stopOnSignals } from './serve.ts';

const DEMO_CONFIG = fileURLToPath(new URL('../../config/demo.yaml', import.meta.url));

export async function loadDemoConfig(env: NodeJS.ProcessEnv): Promise<Config> {
  const config = await loadConfig({ file: env.PORTVAKT_CONFIG ?? DEMO_CONFIG, env });
  if (config.secretKey) return config;
  return { ...config, secretKey: await demoSecretKey(config.dataDir) };
}

export async function runDemo(base: Config, logger: Logger, env: NodeJS.ProcessEnv): Promise<void> {
  warn(
    logger,
    'DEMO MODE: demo persons, demo client secrets and a generated secret key are in use. Never expose this to real users.',
  );
  warn(logger, 'DEMO MODE: BankID and Freja eID+ are simulators; their certificates are generated in the data folder.');
  const world = await startDemoWorld(base.dataDir, base.issuer, demoPorts(env), base.demo.persons);
  const config = validateConfig({ ...base, ...world.config }, 'the demo configuration');
  const running = await serve(config, logger);
  const seeded = await seedDemoPersons(running.portvakt, config.demo.persons);
  if (seeded) logger.info({ seeded }, 'demo persons created');
  const { startSamplePortals } = await import('../../samples/index.ts');
  const secrets = Object.fromEntries(config.clients.map((client) => [client.client_id, client.client_secret ?? '']));
  const portals = await startSamplePortals({ issuer: config.issuer, secrets });
  stopOnSignals(async () => {
    await portals.close();
    await running.stop();
    await world.close();
  }, logger);
  process.stdout.write(banner(config, world, portals.urls));
}

/** The demo keeps its generated secret key in the data folder, so restarts can read what it sealed. */
async function demoSecretKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'secret-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    const key = randomBytes(32).toString('base64');
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return key;
  }
}

function warn(logger: Logger, message: string): void {
  logger.warn(message);
}

function banner(config: Config, world: DemoWorld, portalUrls: Record<string, string>): string {
  const persons = config.demo.persons
    .map(
      (person) =>
        `    ${person.username.padEnd(8)} ${person.password}   ${person.given_name} ${person.family_name}${person.personal_number ? `   ${person.personal_number}` : ''}`,
    )
    .join('\n');
  // Each portal under its client's name, at the address it listens on.
  const portals = Object.entries(portalUrls)
    .map(([clientId, url]) => {
      const name = config.clients.find((client) => client.client_id === clientId)?.client_name ?? clientId;
      return `    ${name.padEnd(21)} ${url}/`;
    })
    .join('\n');
  const clients = config.clients
    .map((client) => `    ${client.client_id.padEnd(18)} ${client.redirect_uris.join(' ')}`)
    .join('\n');
  return `
  Portvakt demo is running
    Issuer and discovery  ${config.issuer}/.well-known/openid-configuration
    Health                ${config.issuer}/healthz
    Dynamic registration  ${config.registration.initialAccessToken ? `${config.issuer}/reg (initial access token from PORTVAKT_REGISTRATION_IAT)` : 'off (set PORTVAKT_REGISTRATION_IAT to open it)'}

  Demo logins (username, password; those with a personal number also have BankID and Freja eID+)
${persons}

  Sample portals
${portals}

  Simulators (development only)
    Staff login (SAML)    ${world.urls.staffIdp}
    Google Workspace      ${world.urls.googleIdp}   (its own CA: accept it once)
    ID-porten             ${world.urls.idportenIdp}   (its own CA: accept it once)
    HelseID               ${world.urls.helseidIdp}   (its own CA: accept it once)
    BankID app            ${world.urls.bankidApp}   (self-signed certificate: accept it once)
    Freja eID+ app        ${world.urls.frejaApp}
    Mail and SMS outbox   ${world.urls.outbox}
    SMTP server           ${world.urls.smtp}

  Demo clients
${clients}

  Data folder: ${config.dataDir}   Stop with Ctrl-C.
`;
}
