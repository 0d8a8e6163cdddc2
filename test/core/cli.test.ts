// The portvakt command as an operator types it, against an embedded database in a temp folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/portvakt.js', import.meta.url));

function portvakt(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin!.end(input ?? '');
  });
}

test('clients, users and keys commands work with --json, and mistakes exit non-zero', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'portvakt-cli-'));
  const env = {
    PORTVAKT_DATA_DIR: dataDir,
    PORTVAKT_SECRET_KEY: randomBytes(32).toString('base64'),
    PORTVAKT_CONFIG: join(dataDir, 'none.yaml'),
  };
  await writeFile(env.PORTVAKT_CONFIG, 'issuer: http://localhost:3999\n');
  try {
    const added = await portvakt(
      ['clients', 'add', 'intranet', '--name', 'Intranet', '--redirect', 'https://intranet.example.org/cb', '--json'],
      env,
    );
    assert.equal(added.code, 0, added.stderr);
    const client = JSON.parse(added.stdout) as { client_id: string; client_secret: string; first_party: boolean };
    assert.equal(client.client_id, 'intranet');
    assert.ok(client.client_secret.length >= 43);
    assert.equal(client.first_party, false);

    const invalid = await portvakt(['clients', 'add', 'broken', '--redirect', 'not a uri'], env);
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.stderr, /Invalid client: redirect_uris/);

    const personal = await portvakt(
      ['users', 'add', 'eva', '--email', 'eva@example.org', '--password-stdin'],
      env,
      'Eva-has-a-long-password\n',
    );
    assert.equal(personal.code, 2);
    assert.match(personal.stderr, /Not your name or e-mail address/);
    const user = await portvakt(
      ['users', 'add', 'eva', '--email', 'eva@example.org', '--password-stdin', '--json'],
      env,
      'Granite-river-morning\n',
    );
    assert.equal(user.code, 0, user.stderr);
    const listed = JSON.parse((await portvakt(['users', 'list', '--json'], env)).stdout) as {
      username: string;
      email: string;
    }[];
    assert.deepEqual(
      listed.map((entry) => [entry.username, entry.email]),
      [['eva', 'eva@example.org']],
    );

    const phone = await portvakt(['users', 'add-phone', 'eva', '070-123 45 67', '--json'], env);
    assert.equal(phone.code, 0, phone.stderr);
    assert.deepEqual((JSON.parse(phone.stdout) as { phones: string[] }).phones, ['+46701234567']);
    const unlocked = await portvakt(['users', 'unlock', 'eva'], env);
    assert.match(unlocked.stdout, /Unlocked eva/);

    const keys = JSON.parse((await portvakt(['keys', 'list', '--json'], env)).stdout) as {
      alg: string;
      state: string;
    }[];
    assert.deepEqual(keys.map((key) => `${key.alg}:${key.state}`).sort(), [
      'ES256:active',
      'ES256:next',
      'RS256:active',
      'RS256:next',
      'RSA-OAEP:active',
      'RSA-OAEP:next',
    ]);

    const unknown = await portvakt(['frobnicate'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);

    const insecure = await portvakt(['start'], env);
    assert.equal(insecure.code, 1, 'an http issuer outside the demo does not start');
    assert.match(insecure.stderr, /issuer http:\/\/localhost:3999 is not https.*http\.allowInsecureIssuer/);

    const noSecret = await portvakt(['keys', 'list'], { ...env, PORTVAKT_SECRET_KEY: '' });
    assert.equal(noSecret.code, 1);
    assert.match(noSecret.stderr, /PORTVAKT_SECRET_KEY/);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a command refuses a data folder the running server holds, and works once it has stopped', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'portvakt-cli-'));
  const config = join(dataDir, 'portvakt.yaml');
  await writeFile(config, 'issuer: http://127.0.0.1:3998\nhttp: { port: 0, allowInsecureIssuer: true }\n');
  const env = {
    PORTVAKT_DATA_DIR: dataDir,
    PORTVAKT_SECRET_KEY: randomBytes(32).toString('base64'),
    PORTVAKT_CONFIG: config,
  };
  const server = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Portvakt is listening')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`the server stopped (${code}): ${output}`)));
    });
    const refused = await portvakt(
      ['clients', 'add', 'intranet', '--redirect', 'https://intranet.example.org/cb'],
      env,
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`is in use by Portvakt pid ${server.pid}\\. Stop that process first`));
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  try {
    const added = await portvakt(
      ['clients', 'add', 'intranet', '--redirect', 'https://intranet.example.org/cb', '--json'],
      env,
    );
    assert.equal(added.code, 0, added.stderr);
    const listed = await portvakt(['clients', 'list', '--json'], env);
    assert.match(listed.stdout, /"intranet"/, 'the change was kept');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
