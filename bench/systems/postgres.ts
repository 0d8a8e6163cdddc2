// A throwaway PostgreSQL cluster for the bench, as .ci/with-postgres starts one: a fresh cluster in
// a temporary folder, on loopback only, fsync off, run as the postgres user when we are root,
// removed afterwards. Its CPU time is read from /proc, since its work is part of the system's.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pinnedCommand } from './cores.ts';

const run = promisify(execFile);
const CLOCK_TICKS_PER_SECOND = 100;

export interface BenchPostgres {
  url: string;
  /** CPU seconds used so far by the server and its backends, or undefined where /proc is absent. */
  cpuSeconds(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder, or undefined. */
export async function findPostgres(): Promise<string | undefined> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? `/usr/lib/postgresql/${newest}/bin` : undefined;
}

/** `cores`: where the server and its backends run (the system's cores: its work is the system's). */
export async function startPostgres(bin: string, cores?: string): Promise<BenchPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'portvakt-bench-pg-'));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) await chown(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), -1);
  const exec = (command: string, args: string[]) => {
    const [file, rest] = pinnedCommand(command === 'pg_ctl' ? cores : undefined, join(bin, command), args);
    return asPostgres ? run('runuser', ['-u', 'postgres', '--', file, ...rest]) : run(file, rest);
  };
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    await exec('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
      'start',
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    cpuSeconds: async () => {
      const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      return processTreeCpuSeconds(pid);
    },
    async close() {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The postmaster's CPU time plus that of its children (the backends and helpers), live or exited. */
async function processTreeCpuSeconds(rootPid: number): Promise<number | undefined> {
  const entries = await readdir('/proc').catch(() => undefined);
  if (!entries) return undefined;
  let ticks = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    if (!stat) continue;
    // proc(5): after the parenthesised name come state(3), ppid(4) … utime(14) stime(15) cutime(16) cstime(17).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    if (pid !== rootPid && Number(fields[1]) !== rootPid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    // Backends that have exited are counted in the postmaster's cutime and cstime.
    if (pid === rootPid) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
