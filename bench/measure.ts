// One scenario against every running system, one after the other on the same machine: prepare,
// warm up, then measure the load together with the server's CPU time and peak memory. With more
// than one round the systems take turns, so a burst of outside load hurts all of them alike, and
// each round's ratios are taken against the baseline of the same round.
import { SCENARIOS, type Drive, type ScenarioId, type ScenarioWorld } from './scenarios.ts';
import type { Endpoints } from './load/oauth.ts';
import { judge, toRow, type Row, type ScenarioResult } from './report/results.ts';
import { measureCeiling } from './systems/ceiling.ts';
import { passwordParameters } from './systems/fixture.ts';
import { SYSTEM_LABELS, type SystemUnderTest } from './systems/registry.ts';

export interface Running {
  system: SystemUnderTest;
  endpoints: Endpoints;
}

export interface MeasureOptions {
  duration: number;
  warmup: number;
  rounds: number;
  connections: number;
  log: (line: string) => void;
  /** Where a measurement's CPU profile goes, by name; no profiling without it. */
  profileFile: ((name: string) => string) | undefined;
  /** The systems' cores, where the ceiling runs too; undefined when not pinned. */
  cores: string | undefined;
  world: ScenarioWorld;
}

export async function measureScenario(
  id: ScenarioId,
  running: Running[],
  options: MeasureOptions,
): Promise<ScenarioResult> {
  const scenario = SCENARIOS[id];
  const drives = new Map<SystemUnderTest, Drive>();
  const able = running.filter(({ system }) => !scenario.runsOn || scenario.runsOn.includes(system.id));
  for (const { system, endpoints } of able) {
    const drive = await scenario.prepare(endpoints, options.connections, options.world);
    if (options.warmup > 0) await drive(options.warmup, options.connections);
    drives.set(system, drive);
  }
  const rounds: Row[][] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const rows: Row[] = [];
    if (scenario.target.against === 'argon2') rows.push(await ceilingRow(options, round));
    for (const { system } of able) {
      const profile = options.profileFile?.(`${id}-${system.id}-${round}`);
      await system.begin(profile);
      const load = await drives.get(system)!(options.duration, options.connections);
      const row = toRow(system.id, SYSTEM_LABELS[system.id], load, await system.end());
      options.log(
        `  ${id} on ${system.id}${roundLabel(round, options)}: ${row.throughput.toFixed(1)} ${scenario.unit}, ${row.errors} errors`,
      );
      rows.push(row);
    }
    rounds.push(rows);
  }
  return judge({ id, title: scenario.title, unit: scenario.unit, target: scenario.target }, rounds);
}

async function ceilingRow(options: MeasureOptions, round: number): Promise<Row> {
  const password = passwordParameters();
  const reply = await measureCeiling(
    { seconds: options.duration, warmupSeconds: round === 1 ? options.warmup : 0, concurrency: options.connections },
    options.cores,
  );
  const label = `argon2id ceiling (m=${password.memoryCost}, t=${password.timeCost}, p=${password.parallelism})`;
  const row = toRow('argon2', label, reply.load, {
    cpuSeconds: reply.cpuMicros / 1e6,
    dbCpuSeconds: undefined,
    peakRssMb: reply.peakRssBytes / 2 ** 20,
  });
  options.log(`  argon2id ceiling${roundLabel(round, options)}: ${row.throughput.toFixed(1)} verifications/s`);
  return row;
}

const roundLabel = (round: number, options: MeasureOptions) => (options.rounds > 1 ? ` (round ${round})` : '');
