// `portvakt eid smoke` as an operator runs it: a real process, reading a configuration file that
// points at the BankID and Freja simulators over real mutual TLS. CI has no internet, so the
// simulators stand in for BankID's test RP API and Freja's test environment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBankIdSimulator, type BankIdSimulator } from '../../simulators/bankid/index.ts';
import { startFrejaSimulator, type FrejaSimulator } from '../../simulators/freja/index.ts';
import { bankIdConfigSchema } from '../../src/eid/bankid/config.ts';
import { bankIdSmokePlan } from '../../src/eid/smoke/bankid.ts';
import { tlsReason, type TlsFindings } from '../../src/eid/smoke/index.ts';
import { dataDir } from '../bankid/support.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEST_CERTIFICATE = join(ROOT, 'src/eid/bankid/trust/FPTestcert5_20240610.p12');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('portvakt eid smoke', () => {
  let dir: string;
  let bankid: BankIdSimulator;
  let freja: FrejaSimulator;
  const files = { bankidPfx: '', frejaPfx: '' };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portvakt-smoke-'));
    [bankid, freja] = await Promise.all([
      startBankIdSimulator({ dataDir: dataDir(import.meta.url) }),
      startFrejaSimulator({
        dataDir: fileURLToPath(new URL('../../.test-data/freja-simulator/smoke/', import.meta.url)),
      }),
    ]);
    files.bankidPfx = join(dir, 'bankid-rp.p12');
    files.frejaPfx = join(dir, 'freja-rp.p12');
    await writeFile(files.bankidPfx, bankid.clientPfx);
    await writeFile(files.frejaPfx, freja.clientPfx);
  });
  after(async () => {
    await Promise.all([bankid?.close(), freja?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const bankidConfig = (overrides: Record<string, unknown> = {}) => ({
    bankid: {
      baseUrl: bankid.apiUrl,
      pfxPath: files.bankidPfx,
      passphrase: bankid.clientPassphrase,
      caPem: bankid.caCertPem,
      timeoutMs: 5000,
      ...overrides,
    },
  });
  const frejaConfig = (overrides: Record<string, unknown> = {}) => ({
    freja: {
      baseUrl: freja.apiUrl,
      clientCertificate: { pfxPath: files.frejaPfx, passphrase: freja.clientPassphrase },
      serverCaPem: freja.caCertPem,
      signingCertificatesPem: [freja.signingCertPem],
      timeouts: { requestMs: 5000 },
      ...overrides,
    },
  });

  async function smoke(args: string[], config: Record<string, unknown>): Promise<Run> {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(config));
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'app/main.ts', 'eid', 'smoke', ...args, '--config', file],
        { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** The one line a failed run ends with on stderr. */
  function reasonOf(run: Run): string {
    return /^portvakt: (.*)$/m.exec(run.stderr)?.[1] ?? '';
  }

  /** No passphrase, in either stream, whatever happened. */
  function assertNoSecrets(run: Run, ...secrets: string[]): void {
    for (const secret of secrets) {
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'a passphrase was printed');
    }
  }

  test('BankID: auth, collect and cancel succeed, each printed with what TLS showed; exit 0', async () => {
    const run = await smoke(['bankid'], bankidConfig());
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /BankID smoke test, custom environment/);
    assert.match(run.stdout, new RegExp(`endpoint +${bankid.apiUrl.replaceAll('.', '\\.')}`));
    assert.match(run.stdout, /server +CN=appapi\.bankid\.simulator/);
    assert.match(run.stdout, /root +CN=Portvakt BankID simulator SSL Root CA, O=Portvakt simulator \(bankid\.caPem\)/);
    assert.match(run.stdout, /client +CN=Portvakt relying party \(BankID simulator\)/);
    assert.match(run.stdout, /valid to \d{4}-\d\d-\d\d, from bankid\.pfxPath/);
    assert.match(run.stdout, /tls +ok +\d+ ms +TLSv1\.\d, server trusted, client certificate accepted/);
    assert.match(run.stdout, /auth +ok +\d+ ms +reference [0-9a-f]{8}…\n/);
    assert.match(run.stdout, /collect +ok +\d+ ms +pending, hintCode outstandingTransaction/);
    assert.match(run.stdout, /cancel +ok +\d+ ms +order cancelled/);
    assert.match(run.stdout, /All three steps succeeded/);
    assert.doesNotMatch(run.stderr, /portvakt:/);
    assertNoSecrets(run, bankid.clientPassphrase);
  });

  test('Freja eID: initAuthentication, getOneResult and cancel succeed; --json gives the same report', async () => {
    const run = await smoke(['freja', '--json'], frejaConfig());
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      steps: { name: string; outcome: string; summary: string }[];
      tls: { trusted: boolean; clientVerdict: string; root: { subject: string } };
    };
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.steps.map((step) => [step.name, step.outcome]),
      [
        ['initAuthentication', 'ok'],
        ['getOneResult', 'ok'],
        ['cancel', 'ok'],
      ],
    );
    assert.equal(report.steps[1]!.summary, 'STARTED');
    assert.equal(report.tls.trusted, true);
    assert.equal(report.tls.clientVerdict, 'accepted');
    assertNoSecrets(run, freja.clientPassphrase);
  });

  test('BankID refuses a client certificate from another CA: the TLS reason, no order, exit 1', async () => {
    const run = await smoke(['bankid'], bankidConfig({ pfxPath: TEST_CERTIFICATE, passphrase: 'qwerty123' }));
    assert.equal(run.code, 1);
    assert.match(run.stdout, /client +CN=FP Testcert 5/);
    assert.match(run.stdout, /tls +FAILED .*server trusted, client certificate refused/);
    assert.match(run.stdout, /auth +FAILED +\d+ ms +unreachable/);
    assert.match(run.stdout, /collect +- +skipped/);
    assert.match(run.stdout, /cancel +- +skipped/);
    assert.equal(
      reasonOf(run),
      'BankID refused the client certificate CN=FP Testcert 5, O=Testbank A AB (publ) ' +
        '(it closed the connection right after the TLS handshake): check bankid.pfxPath',
    );
    assertNoSecrets(run, 'qwerty123');
  });

  test('Freja eID refuses a client certificate from another CA', async () => {
    const run = await smoke(
      ['freja'],
      frejaConfig({ clientCertificate: { pfxPath: files.bankidPfx, passphrase: bankid.clientPassphrase } }),
    );
    assert.equal(run.code, 1);
    assert.match(run.stdout, /initAuthentication +FAILED/);
    assert.equal(
      reasonOf(run),
      'Freja eID refused the client certificate CN=Portvakt relying party (BankID simulator), O=Portvakt simulator ' +
        '(it closed the connection right after the TLS handshake): check freja.clientCertificate.pfxPath',
    );
    assertNoSecrets(run, bankid.clientPassphrase);
  });

  test('BankID: a server that does not chain to the pinned root is named, with the root it should have', async () => {
    // The shipped test root pinned, as `environment: test` does, in front of a server it did not issue.
    const run = await smoke(['bankid'], bankidConfig({ environment: 'test', caPem: undefined }));
    assert.equal(run.code, 1);
    assert.match(run.stdout, /server +CN=appapi\.bankid\.simulator/);
    assert.match(run.stdout, /tls +FAILED .*server NOT trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    assert.match(run.stdout, /auth +FAILED/);
    assert.equal(
      reasonOf(run),
      `BankID's server at 127.0.0.1:${new URL(bankid.apiUrl).port} is not trusted: its certificate ` +
        'CN=appapi.bankid.simulator, O=Portvakt simulator, issued by CN=Portvakt BankID simulator SSL Root CA, ' +
        'O=Portvakt simulator, does not chain to the pinned root (UNABLE_TO_VERIFY_LEAF_SIGNATURE): check ' +
        'bankid.caPath (unset, so the root shipped for bankid.environment test was pinned), and that ' +
        'bankid.baseUrl points at BankID',
    );
  });

  test('Freja eID: a server that Freja’s CA did not issue is refused before anything is sent', async () => {
    const run = await smoke(['freja'], frejaConfig({ baseUrl: new URL(bankid.apiUrl).origin }));
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /tls +FAILED .*server NOT trusted/);
    assert.match(run.stdout, /initAuthentication +FAILED/);
    assert.match(reasonOf(run), /^Freja eID's server at 127\.0\.0\.1:\d+ is not trusted: its certificate CN=appapi/);
    assert.match(reasonOf(run), /check freja\.serverCaPem, and that freja\.baseUrl points at Freja eID$/);
  });

  test('a CA packed into the client PKCS#12 is not trusted: only the pinned root is', async () => {
    // The Freja simulator issues server and client certificates from one CA, and its PKCS#12 carries
    // it. Given the bundle whole, Node would trust that CA beside the pin; Portvakt presents only
    // the key and its certificate (src/eid/client-identity.ts), so a wrong pin is refused.
    const run = await smoke(['freja'], frejaConfig({ serverCaPem: bankid.caCertPem }));
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /tls +FAILED .*server NOT trusted/);
    assert.match(run.stdout, /initAuthentication +FAILED/, 'the Freja client itself refuses the server');
    assert.match(reasonOf(run), /check freja\.serverCaPem/);
  });

  test('BankID answering 503 maintenance: the start fails with maintenance wording, exit 1', async () => {
    bankid.injectFault({ errorCode: 'maintenance' }, { endpoint: 'auth' });
    const run = await smoke(['bankid'], bankidConfig());
    assert.equal(run.code, 1);
    assert.match(run.stdout, /tls +ok/);
    assert.match(run.stdout, /auth +FAILED +\d+ ms +maintenance \(HTTP 503\)/);
    assert.match(run.stdout, /collect +- +skipped/);
    assert.match(run.stderr, /BankID answered 503 maintenance: the RP API is down for maintenance/);
  });

  test('nothing to talk to: Freja unconfigured, production without a certificate, a typo; no network', async () => {
    const unconfigured = await smoke(['freja'], {});
    assert.equal(unconfigured.code, 1);
    assert.match(unconfigured.stderr, /freja is not configured/);
    const production = await smoke(['bankid', '--env', 'production'], {});
    assert.equal(production.code, 2);
    assert.match(production.stderr, /--env production needs the RP certificate your bank issued/);
    const typo = await smoke(['bankd'], {});
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Usage: portvakt eid smoke bankid\|freja/);
  });

  test('the test certificate against production is named as such', async () => {
    const plan = await bankIdSmokePlan(
      bankIdConfigSchema.parse({ environment: 'production', pfxPath: TEST_CERTIFICATE, passphrase: 'qwerty123' }),
      undefined,
    );
    plan.close();
    const client = { subject: 'CN=FP Testcert 5', issuer: 'CN=Testbank A RP CA v1 for BankID Test' };
    const findings: TlsFindings = {
      ...refusedHandshake,
      client: { ...client, validTo: new Date('2029-05-28'), fingerprint256: '' },
    };
    assert.equal(
      tlsReason(findings, plan.terms),
      'BankID refused the client certificate CN=FP Testcert 5 (TLS alert "unknown ca"): check bankid.pfxPath — ' +
        'it is the test certificate but environment is production',
    );
  });
});

const refusedHandshake: TlsFindings = {
  host: 'appapi2.bankid.com',
  port: 443,
  localAddress: '192.0.2.10',
  protocol: 'TLSv1.3',
  client: undefined,
  server: {
    subject: 'CN=appapi2.bankid.com',
    issuer: 'CN=BankID SSL Root CA v1',
    validTo: new Date(),
    fingerprint256: '',
  },
  trusted: true,
  trustError: undefined,
  root: undefined,
  rootPinned: false,
  clientVerdict: 'refused',
  failure: { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', message: 'tlsv1 alert unknown ca', afterHandshake: true },
  ms: 40,
};
