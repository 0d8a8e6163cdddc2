// A Python venv for one relying party: made with the machine's python3 under the cache, keyed by
// the pinned requirements, so a changed pin gets a fresh venv and an unchanged one is reused.
import { createHash } from 'node:crypto';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_DIR, requireTool, run } from './process.ts';

/** The venv's python for `requirements` (a file path), installing them on first use. */
export async function venvPython(name: string, requirements: string): Promise<string> {
  requireTool('python3', ['--version'], 'Python 3 with venv and pip, e.g. apt-get install python3-venv');
  const pins = await readFile(requirements);
  const tag = createHash('sha256').update(pins).digest('hex').slice(0, 12);
  const venv = join(CACHE_DIR, `${name}-venv-${tag}`);
  const python = join(venv, 'bin', 'python');
  const marker = join(venv, '.installed');
  if (await exists(marker)) return python;
  await rm(venv, { recursive: true, force: true });
  await run('python3', ['-m', 'venv', venv]);
  await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', requirements]);
  await writeFile(marker, pins);
  return python;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
