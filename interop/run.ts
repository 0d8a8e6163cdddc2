// `npm run interop`: Portvakt as `portvakt start` runs it (PGlite, a temporary folder) and one
// relying party per library integrators use, each driven through login and logout in Chromium.
// Prints a table of the steps and exits 1 when any failed. See interop/README.md.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.ts';
import { runJourney, STEP_NAMES, type Endpoints, type Step } from './journey.ts';
import { LIBRARIES, type Library } from './libraries.ts';
import { parseOptions, USAGE } from './options.ts';
import { startPortvakt, type RunningPortvakt } from './portvakt.ts';
import { startRelyingParty, type RelyingPartyClient } from './relying-party.ts';
import { passed, summary, type LibraryResult } from './report.ts';
import { freePort, OUTPUT_DIR } from './support/process.ts';

/** Everything started so far, so an interrupted run still stops it. */
const stops: (() => Promise<unknown>)[] = [];

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  interruptible();
  await rm(OUTPUT_DIR, { recursive: true, force: true });
  await mkdir(OUTPUT_DIR, { recursive: true });
  const libraries = options.libraries.map((id) => LIBRARIES[id]);
  // The clients' redirect URIs name the apps' ports, so these are chosen before anything starts.
  const [portvaktPort, ...appPorts] = await distinctPorts(libraries.length + 1);
  const clients = libraries.map((library, index): RelyingPartyClient => ({
    clientId: `interop-${library.id}`,
    clientSecret: randomBytes(32).toString('base64url'),
    port: appPorts[index]!,
  }));
  // Installing (a venv, go build) goes on while Portvakt starts.
  const apps = libraries.map((library) => library.prepare());
  for (const app of apps) app.catch(() => undefined);
  log(`starting Portvakt (portvakt start, PGlite) and preparing ${libraries.map((l) => l.id).join(', ')}`);
  const portvakt = await startPortvakt(
    portvaktPort!,
    clients.map((client, index) => clientConfig(libraries[index]!, client)),
  );
  stops.push(portvakt.stop);
  log(`Portvakt at ${portvakt.issuer}; account ${portvakt.accountId}`);
  const endpoints = await discover(portvakt.issuer);
  const browser = await launchBrowser();
  stops.push(() => browser.close());
  const results: LibraryResult[] = [];
  for (const [index, library] of libraries.entries()) {
    log(`${library.id}:`);
    results.push(await tryLibrary(library, apps[index]!, clients[index]!, portvakt, endpoints, browser));
  }
  await stopAll();
  const text = summary(results);
  await writeFile(join(OUTPUT_DIR, 'summary.md'), `${text}\n`);
  console.log(`\n${text}\n\nScreenshots and logs: ${OUTPUT_DIR}`);
  return results.every(passed) ? 0 : 1;
}

function clientConfig(library: Library, client: RelyingPartyClient) {
  const app = `http://127.0.0.1:${client.port}`;
  return {
    client_id: client.clientId,
    client_name: `Interop: ${library.title}`,
    client_secret: client.clientSecret,
    redirect_uris: [`${app}/callback`],
    post_logout_redirect_uris: [`${app}/logged-out`],
    grant_types: ['authorization_code' as const],
    scope: 'openid profile',
    // A first-party client skips consent: the journey is the login and the logout.
    first_party: true,
  };
}

/** Every column of the table: installing the app, its start (which is its discovery), the journey. */
const ALL_STEPS = ['install', 'discovery', ...STEP_NAMES] as const;

async function tryLibrary(
  library: Library,
  prepared: ReturnType<Library['prepare']>,
  client: RelyingPartyClient,
  portvakt: RunningPortvakt,
  endpoints: Endpoints,
  browser: Browser,
): Promise<LibraryResult> {
  const result: LibraryResult = { title: library.title, version: await library.version(), steps: [] };
  result.steps = await librarySteps(library, prepared, client, portvakt, endpoints, browser);
  for (const step of result.steps) log(`  ${step.name}: ${step.outcome}${step.detail ? ` (${step.detail})` : ''}`);
  return result;
}

async function librarySteps(
  library: Library,
  prepared: ReturnType<Library['prepare']>,
  client: RelyingPartyClient,
  portvakt: RunningPortvakt,
  endpoints: Endpoints,
  browser: Browser,
): Promise<Step[]> {
  const failed = (name: (typeof ALL_STEPS)[number], error: unknown, before: Step[] = []): Step[] => [
    ...before,
    { name, outcome: 'failed', detail: error instanceof Error ? error.message : String(error) },
    ...ALL_STEPS.slice(ALL_STEPS.indexOf(name) + 1).map((next): Step => ({
      name: next,
      outcome: 'skipped',
      detail: '',
    })),
  ];
  let app;
  try {
    app = await prepared;
  } catch (error) {
    return failed('install', error);
  }
  const install: Step = { name: 'install', outcome: 'passed', detail: `${app.command} ${app.args.join(' ')}`.trim() };
  let rp;
  try {
    // The app discovers Portvakt as it starts and exits when the library refuses the document.
    rp = await startRelyingParty(library, app, portvakt.issuer, client);
  } catch (error) {
    return failed('discovery', error, [install]);
  }
  const discovery: Step = {
    name: 'discovery',
    outcome: 'passed',
    detail: `the library accepted ${portvakt.issuer}; the app listens at ${rp.url}`,
  };
  try {
    return [install, discovery, ...(await runJourney(browser, library.id, rp.url, endpoints, portvakt.accountId))];
  } finally {
    await rp.server.stop();
  }
}

async function discover(issuer: string): Promise<Endpoints> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  return (await response.json()) as Endpoints;
}

async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
}

function interruptible(): void {
  process.once('SIGINT', () => {
    log('interrupted: stopping what was started');
    void stopAll().finally(() => process.exit(130));
  });
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main().then(
  (code) => (process.exitCode = code),
  async (error: unknown) => {
    await stopAll();
    process.stderr.write(`interop: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
