// What the run needs that is built once and cached in the work folder: the patched suite and its
// classpath, the patched FerretDB, and a certificate for localhost. Each is rebuilt only when what it
// was built from (the suite's commit, a patch) has changed. Runs outside the namespace: it downloads.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './processes.ts';

/** The last FerretDB that speaks to plain PostgreSQL (2.x needs DocumentDB). */
export const FERRETDB_VERSION = 'v1.24.2';
const PATCHES = fileURLToPath(new URL('./patches/', import.meta.url));

export interface Built {
  suiteDir: string;
  suiteCommit: string;
  classpath: string;
  ferretdb: string;
  java: string;
  cert: string;
  key: string;
}

type Log = (line: string) => void;

export async function buildAll(suiteSource: string, work: string, log: Log): Promise<Built> {
  await mkdir(join(work, 'logs'), { recursive: true });
  const java = await findJava();
  const suite = await buildSuite(suiteSource, work, java, log);
  const ferretdb = await buildFerretDb(work, log);
  const tls = await certificate(work);
  return { ...suite, ferretdb, java, ...tls };
}

async function buildSuite(source: string, work: string, java: string, log: Log) {
  const suiteDir = join(work, 'suite');
  const commit = await gitOutput(source, ['rev-parse', 'HEAD'], work);
  const patch = join(PATCHES, 'suite.patch');
  const stamp = `${commit} ${await digest(patch)}\n`;
  const stampFile = join(work, 'suite.built');
  const classpathFile = join(work, 'suite.classpath');
  const javaHome = join(java, '..', '..');
  const env = { ...process.env, JAVA_HOME: javaHome, PATH: `${join(javaHome, 'bin')}:${process.env.PATH}` };
  if ((await readFile(stampFile, 'utf8').catch(() => '')) !== stamp) {
    log(`building the suite at ${commit.slice(0, 12)} (5-10 minutes the first time)`);
    await rm(suiteDir, { recursive: true, force: true });
    await runCommand('git', ['clone', '-q', source, suiteDir], { log: join(work, 'logs', 'suite-build.log') });
    await runCommand('git', ['apply', patch], { cwd: suiteDir, log: join(work, 'logs', 'suite-build.log') });
    // Tests, PMD, Checkstyle and JaCoCo are the suite's own quality gates, not needed to run it.
    const skip = ['-Dmaven.test.skip', '-Dpmd.skip', '-Dcheckstyle.skip', '-Djacoco.skip'];
    await runCommand('mvn', ['-B', '-q', ...skip, 'package'], {
      cwd: suiteDir,
      env,
      log: join(work, 'logs', 'suite-build.log'),
    });
    await rm(classpathFile, { force: true });
    await writeFile(stampFile, stamp);
  }
  if (!existsSync(classpathFile)) {
    const raw = join(work, 'suite.classpath.raw');
    await runCommand(
      'mvn',
      ['-B', '-q', 'dependency:build-classpath', '-Dmdep.includeScope=runtime', `-Dmdep.outputFile=${raw}`],
      { cwd: suiteDir, env, log: join(work, 'logs', 'suite-build.log') },
    );
    // devtools restarts the application whenever its classpath changes; a test run wants none of that.
    const entries = (await readFile(raw, 'utf8'))
      .trim()
      .split(':')
      .filter((entry) => !entry.includes('spring-boot-devtools'));
    await writeFile(classpathFile, [join(suiteDir, 'target', 'classes'), ...entries].join(':'));
  }
  return { suiteDir, suiteCommit: commit, classpath: (await readFile(classpathFile, 'utf8')).trim() };
}

async function buildFerretDb(work: string, log: Log): Promise<string> {
  const binary = join(work, 'bin', 'ferretdb');
  const patch = join(PATCHES, 'ferretdb.patch');
  const stamp = `${FERRETDB_VERSION} ${await digest(patch)}\n`;
  const stampFile = join(work, 'ferretdb.built');
  if ((await readFile(stampFile, 'utf8').catch(() => '')) === stamp && existsSync(binary)) return binary;
  log(`building FerretDB ${FERRETDB_VERSION}`);
  const buildLog = join(work, 'logs', 'ferretdb-build.log');
  const module = `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`;
  const downloaded = join(work, 'ferretdb-download.json');
  await runCommand('sh', ['-c', `go mod download -json ${module} > ${downloaded}`], {
    cwd: work,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
    log: buildLog,
  });
  const { Dir } = JSON.parse(await readFile(downloaded, 'utf8')) as { Dir: string };
  const source = join(work, 'ferretdb-src');
  await rm(source, { recursive: true, force: true });
  await cp(Dir, source, { recursive: true });
  await runCommand('chmod', ['-R', 'u+w', source], { log: buildLog });
  await runCommand('patch', ['-p1', '-i', patch], { cwd: source, log: buildLog });
  // The module zip lacks the file that `make` writes; the binary refuses to start without it.
  await writeFile(join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  await runCommand('go', ['build', '-o', binary, './cmd/ferretdb'], {
    cwd: source,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
    log: buildLog,
  });
  await writeFile(stampFile, stamp);
  return binary;
}

async function certificate(work: string): Promise<{ cert: string; key: string }> {
  const cert = join(work, 'tls', 'localhost.crt');
  const key = join(work, 'tls', 'localhost.key');
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  await mkdir(join(work, 'tls'), { recursive: true });
  await runCommand(
    'openssl',
    [
      'req',
      '-x509',
      '-nodes',
      '-days',
      '30',
      '-newkey',
      'rsa:2048',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { log: join(work, 'logs', 'tls.log') },
  );
  return { cert, key };
}

/** The suite needs Java 21 or later: JAVA_HOME if it is one, else the newest JDK under /usr/lib/jvm. */
async function findJava(): Promise<string> {
  const candidates = [process.env.JAVA_HOME, ...(await listDirs('/usr/lib/jvm'))].filter(
    (home): home is string => !!home,
  );
  let best: { home: string; major: number } | undefined;
  for (const home of candidates) {
    const release = await readFile(join(home, 'release'), 'utf8').catch(() => '');
    const major = Number(/JAVA_VERSION="(\d+)/.exec(release)?.[1] ?? 0);
    if (major >= 21 && existsSync(join(home, 'bin', 'java')) && (!best || major > best.major)) best = { home, major };
    if (best && home === process.env.JAVA_HOME) break;
  }
  if (!best) throw new Error('The suite needs a JDK 21 or later: set JAVA_HOME or install one under /usr/lib/jvm.');
  return join(best.home, 'bin', 'java');
}

async function listDirs(parent: string): Promise<string[]> {
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => join(parent, entry.name));
}

async function digest(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
    .slice(0, 16);
}

async function gitOutput(repo: string, args: string[], work: string): Promise<string> {
  const out = join(work, 'logs', 'git-output.txt');
  await runCommand('sh', ['-c', `git -C "$0" "$@" > ${out}`, repo, ...args], { log: join(work, 'logs', 'git.log') });
  return (await readFile(out, 'utf8')).trim();
}
