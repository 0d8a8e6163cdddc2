// The runner's options, from flags or the environment (flags win): which libraries to try.
import { parseArgs } from 'node:util';
import { LIBRARY_IDS, type LibraryId } from './libraries.ts';

export interface InteropOptions {
  libraries: LibraryId[];
}

export const USAGE = `npm run interop -- [--libraries ${LIBRARY_IDS.join(',')}]
Environment: INTEROP_LIBRARIES (the same list). Chromium: PORTVAKT_CHROMIUM, else /usr/bin/chromium.`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): InteropOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { libraries: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  const text = values.libraries ?? env.INTEROP_LIBRARIES;
  if (!text) return { libraries: [...LIBRARY_IDS] };
  const chosen = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = chosen.filter((item) => !LIBRARY_IDS.includes(item as LibraryId));
  if (unknown.length > 0 || chosen.length === 0)
    throw new Error(`--libraries: expected some of ${LIBRARY_IDS.join(', ')}, found "${text}"\n${USAGE}`);
  return { libraries: [...new Set(chosen)] as LibraryId[] };
}
