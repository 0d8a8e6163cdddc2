// The venv pybankid runs in: made with the machine's python3 under the interop cache, keyed by the
// pinned requirements, so a changed pin gets a fresh venv and an unchanged one is reused.
import { createHash } from 'node:crypto';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_DIR, INTEROP_DIR, requireTool, run } from '../support.ts';

const REQUIREMENTS = join(INTEROP_DIR, 'python', 'requirements.txt');

/** The venv's python, installing the pinned requirements on first use. */
export async function pybankidPython(): Promise<string> {
  requireTool('python3', ['--version'], 'Python 3 with venv and pip, e.g. apt-get install python3-venv');
  const requirements = await readFile(REQUIREMENTS);
  const tag = createHash('sha256').update(requirements).digest('hex').slice(0, 12);
  const venv = join(CACHE_DIR, `pybankid-venv-${tag}`);
  const python = join(venv, 'bin', 'python');
  const marker = join(venv, '.installed');
  if (await exists(marker)) return python;
  await rm(venv, { recursive: true, force: true });
  await run('python3', ['-m', 'venv', venv]);
  await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', REQUIREMENTS]);
  await writeFile(marker, requirements);
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
