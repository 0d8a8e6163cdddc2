// `npm run soak`: a long mixed load (password logins, refresh grants, introspection) on Portvakt at
// about half of the maximum measured first, minute by minute: errors, p99 latency per kind and
// the server's memory (RSS, and the V8 heap after a full collection). A leak shows as a heap
// that keeps growing; overload as a p99 that keeps rising. Writes bench/soak-result.json and .md.
// Usage: npm run soak -- [--minutes 10] [--system postgres|pglite] [--rate R] [--calibrate S] [--connections N]
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { login } from './load/login.ts';
import { discover, FORM_HEADERS, tokenRequest, type Endpoints } from './load/oauth.ts';
import { Latencies } from './load/latency.ts';
import { pinRunner, splitCores } from './systems/cores.ts';
import { personNames } from './systems/fixture.ts';
import { startSystem, type SystemUnderTest } from './systems/registry.ts';

const KINDS = ['login', 'refresh', 'introspection'] as const;
type Kind = (typeof KINDS)[number];
/** Out of every ten operations: one login, three refreshes, six introspections. */
const MIX: Kind[] = [
  'login',
  'refresh',
  'introspection',
  'introspection',
  'refresh',
  'introspection',
  'introspection',
  'refresh',
  'introspection',
  'introspection',
];
const MAX_IN_FLIGHT = 200;
const TOKEN_POOL = 50;

interface Minute {
  minute: number;
  operations: Record<Kind, number>;
  errors: number;
  /** Operations not started because MAX_IN_FLIGHT were still waiting: the server fell behind. */
  dropped: number;
  p99Ms: Record<Kind, number>;
  rssMb: number;
  heapUsedMb: number;
}

class MixedLoad {
  readonly refreshTokens: string[] = [];
  readonly accessTokens: string[] = [];
  private next = 0;
  firstError: string | undefined;

  constructor(private readonly endpoints: Endpoints) {}

  async seed(): Promise<void> {
    for (const username of personNames()) await this.run('login', username);
  }

  pick(): Kind {
    return MIX[this.next++ % MIX.length]!;
  }

  async run(kind: Kind, username = personNames()[this.next % personNames().length]!): Promise<void> {
    if (kind === 'login') {
      const tokens = await login(this.endpoints, { username, scope: 'openid offline_access', prompt: 'consent' });
      keep(this.refreshTokens, tokens.refresh_token!);
      return keep(this.accessTokens, tokens.access_token);
    }
    if (kind === 'refresh') {
      const tokens = await tokenRequest(this.endpoints, {
        grant_type: 'refresh_token',
        refresh_token: any(this.refreshTokens),
      });
      return keep(this.accessTokens, tokens.access_token);
    }
    const response = await fetch(this.endpoints.introspection_endpoint, {
      method: 'POST',
      headers: FORM_HEADERS,
      body: new URLSearchParams({ token: any(this.accessTokens) }),
    });
    const answer = (await response.json()) as { active?: boolean };
    if (!response.ok || answer.active !== true)
      throw new Error(`introspection answered ${response.status} active=${String(answer.active)}`);
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  const cores = splitCores();
  if (cores) pinRunner(cores);
  const system = await startSystem(options.system, {
    skip: (_id, reason) => console.error(`cannot run: ${reason}`),
    cores: cores?.system,
    nodeOptions: ['--expose-gc'],
  });
  if (!system) process.exit(2);
  try {
    const load = new MixedLoad(await discover(system.url));
    await load.seed();
    const maximum = options.rate ? undefined : await calibrate(load, options.calibrate, options.connections);
    const rate = options.rate ?? maximum! / 2;
    log(
      `${maximum ? `maximum ${maximum.toFixed(0)} ops/s; ` : ''}soaking at ${rate.toFixed(0)} ops/s for ${options.minutes} min on ${system.id}`,
    );
    const minutes = await soak(load, system, rate, options.minutes);
    const summary = judge(minutes);
    const result = {
      startedAt: new Date().toISOString(),
      system: system.id,
      cores,
      mix: '1 login : 3 refresh : 6 introspection',
      maximumOpsPerSecond: maximum,
      rateOpsPerSecond: rate,
      minutes,
      summary,
      firstError: load.firstError,
    };
    await writeFile(new URL('./soak-result.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
    const markdown = toMarkdown(result);
    await writeFile(new URL('./soak-result.md', import.meta.url), markdown);
    console.log(markdown);
    process.exitCode = summary.pass ? 0 : 1;
  } finally {
    await system.stop();
  }
}

/** Closed loop: as many operations of the mix as `connections` workers manage, per second. */
async function calibrate(load: MixedLoad, seconds: number, connections: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let completed = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await load.run(load.pick()).then(
        () => (completed += 1),
        (error: Error) => (load.firstError ??= error.message),
      );
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  return completed / ((performance.now() - started) / 1000);
}

/** Open loop: operations start at a fixed rate whatever the answers take, as real traffic does. */
async function soak(load: MixedLoad, system: SystemUnderTest, rate: number, minutes: number): Promise<Minute[]> {
  const result: Minute[] = [];
  let inFlight = 0;
  for (let minute = 1; minute <= minutes; minute += 1) {
    const latencies = Object.fromEntries(KINDS.map((kind) => [kind, new Latencies()])) as Record<Kind, Latencies>;
    let errors = 0;
    let dropped = 0;
    const pending = new Set<Promise<void>>();
    const start = (kind: Kind) => {
      if (inFlight >= MAX_IN_FLIGHT) return void (dropped += 1);
      inFlight += 1;
      const began = performance.now();
      const operation = load.run(kind).then(
        () => latencies[kind].add(performance.now() - began),
        (error: Error) => {
          errors += 1;
          load.firstError ??= `${kind}: ${error.message}`;
        },
      );
      const tracked = operation.finally(() => {
        inFlight -= 1;
        pending.delete(tracked);
      });
      pending.add(tracked);
    };
    const began = performance.now();
    let started = 0;
    while (performance.now() - began < 60_000) {
      const due = Math.floor(((performance.now() - began) / 1000) * rate);
      for (; started < due; started += 1) start(load.pick());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(pending);
    const memory = await system.memory();
    const row: Minute = {
      minute,
      operations: counts(latencies, (l) => l.count),
      errors,
      dropped,
      p99Ms: counts(latencies, (l) => round(l.summary().p99)),
      rssMb: round(memory.rssMb),
      heapUsedMb: round(memory.heapUsedMb),
    };
    log(`minute ${minute}: ${JSON.stringify(row)}`);
    result.push(row);
  }
  return result;
}

/** Stable: no errors or drops, p99 of the last minute within twice the lowest, memory growth bounded after warm-up. */
function judge(minutes: Minute[]) {
  const settled = minutes.length > 2 ? minutes.slice(1) : minutes;
  const p99 = (row: Minute) => Math.max(...KINDS.map((kind) => row.p99Ms[kind]));
  const lowest = Math.min(...settled.map(p99));
  const last = settled.at(-1)!;
  const first = settled[0]!;
  const heapGrowthMb = round(last.heapUsedMb - first.heapUsedMb);
  const rssGrowthMb = round(last.rssMb - first.rssMb);
  const errors = minutes.reduce((sum, row) => sum + row.errors + row.dropped, 0);
  const latencyStable = p99(last) <= 2 * lowest;
  // A heap that keeps what it is given grows every minute; noise does not.
  const growingEveryMinute =
    settled.length > 2 &&
    settled.every((row, index) => index === 0 || row.heapUsedMb > settled[index - 1]!.heapUsedMb + 1);
  const memoryFlat = !growingEveryMinute && heapGrowthMb < 32;
  return {
    errors,
    latencyStable,
    memoryFlat,
    heapGrowthMb,
    rssGrowthMb,
    pass: errors === 0 && latencyStable && memoryFlat,
  };
}

function toMarkdown(result: {
  startedAt: string;
  system: string;
  maximumOpsPerSecond: number | undefined;
  rateOpsPerSecond: number;
  minutes: Minute[];
  summary: ReturnType<typeof judge>;
  firstError: string | undefined;
  mix: string;
}): string {
  const { summary } = result;
  const lines = [
    `# Portvakt soak — ${result.startedAt}`,
    '',
    `${result.minutes.length} min of mixed load (${result.mix}) on Portvakt (${result.system}) at ${result.rateOpsPerSecond.toFixed(0)} ops/s` +
      (result.maximumOpsPerSecond
        ? `, half of the ${result.maximumOpsPerSecond.toFixed(0)} ops/s measured just before.`
        : '.'),
    '',
    '| minute | logins | refreshes | introspections | errors | dropped | p99 login ms | p99 refresh ms | p99 introspection ms | RSS MB | heap MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.minutes.map(
      (row) =>
        `| ${[row.minute, row.operations.login, row.operations.refresh, row.operations.introspection, row.errors, row.dropped, row.p99Ms.login, row.p99Ms.refresh, row.p99Ms.introspection, row.rssMb, row.heapUsedMb].join(' | ')} |`,
    ),
    '',
    `Errors: ${summary.errors}. p99 stable (last minute within twice the lowest): ${yes(summary.latencyStable)}. ` +
      `Memory flat (heap after a full collection ${signed(summary.heapGrowthMb)} MB, RSS ${signed(summary.rssGrowthMb)} MB from the first settled minute to the last): ${yes(summary.memoryFlat)}. ` +
      `Result: **${summary.pass ? 'pass' : 'FAIL'}**.`,
  ];
  if (result.firstError) lines.push('', `First error: ${result.firstError}`);
  return `${lines.join('\n')}\n`;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string' },
      system: { type: 'string' },
      rate: { type: 'string' },
      calibrate: { type: 'string' },
      connections: { type: 'string' },
    },
  });
  const system = values.system ?? 'postgres';
  if (system !== 'postgres' && system !== 'pglite')
    throw new Error(`--system: expected postgres or pglite, found "${system}"`);
  const minutes = Math.round(positive('minutes', values.minutes ?? '10'));
  return {
    minutes,
    system: system as 'postgres' | 'pglite',
    rate: values.rate === undefined ? undefined : positive('rate', values.rate),
    calibrate: positive('calibrate', values.calibrate ?? '15'),
    connections: Math.round(positive('connections', values.connections ?? '10')),
  };
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number, found "${text}"`);
  return value;
}

function keep(pool: string[], token: string): void {
  pool.push(token);
  if (pool.length > TOKEN_POOL) pool.shift();
}

const any = (pool: string[]) => pool[Math.floor(Math.random() * pool.length)]!;
const counts = <T>(by: Record<Kind, T>, pick: (value: T) => number) =>
  Object.fromEntries(KINDS.map((kind) => [kind, pick(by[kind])])) as Record<Kind, number>;
const round = (value: number) => Math.round(value * 10) / 10;
const yes = (value: boolean) => (value ? 'yes' : '**no**');
const signed = (value: number) => (value >= 0 ? `+${value}` : String(value));
const log = (line: string) => process.stderr.write(`${line}\n`);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
