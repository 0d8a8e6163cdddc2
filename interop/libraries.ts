// The relying-party libraries the runner tries, one entry each: where its app lives, how it is
// installed or built, and which version is pinned. Adding a library is one entry and one app that
// keeps the same contract (RP_* environment, `ready <url>`, the pages journey.ts reads).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, requireTool, run } from './support/process.ts';
import { venvPython } from './support/venv.ts';

export const LIBRARY_IDS = ['authlib', 'go-oidc'] as const;
export type LibraryId = (typeof LIBRARY_IDS)[number];

export interface AppCommand {
  command: string;
  args: string[];
  cwd: string;
}

export interface Library {
  id: LibraryId;
  title: string;
  /** The pinned version, read from the app's own pin file. */
  version(): Promise<string>;
  /** Installs (venv) or builds (go build) the app, and says how to run it. */
  prepare(): Promise<AppCommand>;
}

const folder = (id: LibraryId) => fileURLToPath(new URL(`./${id}/`, import.meta.url));

export const LIBRARIES: Record<LibraryId, Library> = {
  authlib: {
    id: 'authlib',
    title: 'Authlib (Flask client)',
    version: () => pinned(join(folder('authlib'), 'requirements.txt'), /^Authlib==(\S+)$/m),
    async prepare() {
      const python = await venvPython('authlib', join(folder('authlib'), 'requirements.txt'));
      return { command: python, args: ['app.py'], cwd: folder('authlib') };
    },
  },
  'go-oidc': {
    id: 'go-oidc',
    title: 'go-oidc v3 + x/oauth2',
    version: () => pinned(join(folder('go-oidc'), 'go.mod'), /github\.com\/coreos\/go-oidc\/v3 (\S+)/),
    async prepare() {
      requireTool('go', ['version'], 'Go 1.26 or later, e.g. apt-get install golang-go');
      const binary = join(CACHE_DIR, 'go-oidc-rp');
      await mkdir(CACHE_DIR, { recursive: true });
      // Go's build cache makes a rebuild of an unchanged app take a moment; -mod=readonly holds go.sum.
      await run('go', ['build', '-mod=readonly', '-o', binary, '.'], { cwd: folder('go-oidc') });
      return { command: binary, args: [], cwd: folder('go-oidc') };
    },
  },
};

async function pinned(file: string, pattern: RegExp): Promise<string> {
  return pattern.exec(await readFile(file, 'utf8'))?.[1] ?? 'unknown';
}
