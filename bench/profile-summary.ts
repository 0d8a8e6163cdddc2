// Reads a V8 CPU profile (from `npm run bench -- --profile`) and prints where the time went:
// self time by package or project folder, and the heaviest functions.
// Usage: node --import tsx bench/profile-summary.ts results/profiles/<file>.cpuprofile [top]
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function main(file: string, top: number): Promise<void> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
  );
  const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const frame = byNode.get(id)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byPlace.set(place(frame), (byPlace.get(place(frame)) ?? 0) + micros);
  }
  console.log(`${(total / 1e6).toFixed(2)} s sampled\n\nself time by place:`);
  print(byPlace, total, top);
  console.log('\nheaviest functions (self time):');
  print(byFunction, total, top);
}

/** A package in node_modules, a project folder, node's own code, or V8's (program, gc, idle). */
function place(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return frame.functionName || '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg) return pkg[1]!;
  if (frame.url.startsWith('node:')) return 'node';
  const project = /\/(src|adapters|interactions|config|bench)\/([^/]+)/.exec(frame.url);
  return project ? `${project[1]}/${project[2]}` : frame.url;
}

function shortUrl(url: string): string {
  return url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/.*?\/(src|adapters|interactions|config|bench)\//, '$1/');
}

function print(totals: Map<string, number>, total: number, top: number): void {
  for (const [name, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((100 * micros) / total).toFixed(1).padStart(6)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`,
    );
  }
}

await main(process.argv[2] ?? '', Number(process.argv[3] ?? 25));
