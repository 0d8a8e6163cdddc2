// The embedded database belongs to one process. PGlite takes no lock of its own, so a CLI command
// run while the server has the folder open would write into a copy the server never sees, and
// lose it when the server stops. Whoever opens the folder first holds a lock file naming its pid;
// anyone else is refused with that pid. A lock whose process is gone (a crash) is taken over.
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PortvaktError } from '../kernel/errors.ts';

const LOCK_FILE = 'portvakt.lock';

/** Resolves to the function that releases the lock. */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new PortvaktError(
        'conflict',
        `The data folder ${dir} is in use by Portvakt pid ${holder}${holder === process.pid ? ' (this process)' : ''}. Stop that process first, or make the change through the running server (the admin API), or run Portvakt on PostgreSQL (DATABASE_URL), where commands and the server share the database safely.`,
      );
    }
    await unlink(path).catch(() => undefined);
  }
  throw new PortvaktError('conflict', `The data folder ${dir} could not be locked; another process keeps taking it.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
