// The BankID configuration: strict keys, exactly one source for the certificate and for the CA,
// and credentials proven at start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bankIdConfigSchema, loadBankIdCredentials, BANKID_APP_LAUNCH_URL } from '../../src/eid/bankid/config.ts';
import { BankIdClient } from '../../src/eid/bankid/client.ts';
import { autoStartUrl } from '../../src/eid/bankid/launch.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import { pfxLifetimes } from '../../src/eid/certificate-lifetime.ts';
import { X509Certificate } from 'node:crypto';
import { startRig, type Rig } from './support.ts';

describe('BankID configuration', () => {
  let rig: Rig;
  let dir: string;
  before(async () => {
    rig = await startRig(import.meta.url);
    dir = await mkdtemp(join(tmpdir(), 'bankid-config-'));
  });
  after(async () => {
    await rig.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('accepts inline credentials, adds the final slash and fills defaults', () => {
    const config = bankIdConfigSchema.parse({
      baseUrl: 'https://appapi2.test.bankid.com/rp/v6.0',
      pfxBase64: rig.sim.clientPfx.toString('base64'),
      passphrase: rig.sim.clientPassphrase,
      caPem: rig.sim.caCertPem,
    });
    assert.equal(config.baseUrl, 'https://appapi2.test.bankid.com/rp/v6.0/');
    assert.equal(config.timeoutMs, 10_000);
    assert.equal(config.launchBaseUrl, BANKID_APP_LAUNCH_URL);
  });

  test('refuses unknown keys, plain http, and zero or two sources', () => {
    const base = { baseUrl: 'https://example.org/rp/v6.0/', pfxPath: '/x.p12', passphrase: 'p', caPath: '/ca.pem' };
    assert.ok(bankIdConfigSchema.safeParse(base).success);
    assert.equal(bankIdConfigSchema.safeParse({ ...base, pfx: 'x' }).success, false, 'unknown key');
    assert.equal(
      bankIdConfigSchema.safeParse({ ...base, baseUrl: 'http://example.org/rp/v6.0/' }).success,
      false,
      'http',
    );
    assert.equal(bankIdConfigSchema.safeParse({ ...base, pfxBase64: 'AAAA' }).success, false, 'two pfx sources');
    assert.equal(bankIdConfigSchema.safeParse({ ...base, pfxPath: undefined }).success, false, 'no pfx source');
    assert.equal(
      bankIdConfigSchema.safeParse({ ...base, caPem: '-----BEGIN CERTIFICATE-----' }).success,
      false,
      'two CA sources',
    );
    assert.equal(bankIdConfigSchema.safeParse({ ...base, timeoutMs: 10 }).success, false, 'timeout too short');
  });

  test('reads files, and a working client comes out of the configuration', async () => {
    await writeFile(join(dir, 'rp.p12'), rig.sim.clientPfx);
    await writeFile(join(dir, 'ca.pem'), rig.sim.caCertPem);
    const config = bankIdConfigSchema.parse({
      baseUrl: rig.sim.apiUrl,
      pfxPath: join(dir, 'rp.p12'),
      passphrase: rig.sim.clientPassphrase,
      caPath: join(dir, 'ca.pem'),
      timeoutMs: 2_000,
      launchBaseUrl: rig.sim.appUrl,
    });
    const client = await BankIdClient.fromConfig(config);
    try {
      const order = await client.auth({ endUserIp: '192.0.2.10' });
      await client.cancel(order.orderRef);
    } finally {
      client.close();
    }
  });

  test('a wrong passphrase or a missing file stops the start without echoing the secret', async () => {
    const wrong = bankIdConfigSchema.parse({
      baseUrl: rig.sim.apiUrl,
      pfxBase64: rig.sim.clientPfx.toString('base64'),
      passphrase: 'not-the-passphrase-42',
      caPem: rig.sim.caCertPem,
    });
    await assert.rejects(loadBankIdCredentials(wrong), (error) => {
      assert.ok(isPortvaktError(error, 'config_invalid'));
      assert.doesNotMatch(error.message, /not-the-passphrase-42/);
      return true;
    });
    const missing = bankIdConfigSchema.parse({
      baseUrl: rig.sim.apiUrl,
      pfxPath: join(dir, 'absent.p12'),
      passphrase: 'x',
      caPem: rig.sim.caCertPem,
    });
    await assert.rejects(
      loadBankIdCredentials(missing),
      (error) => isPortvaktError(error, 'config_invalid') && /ENOENT/.test(error.message),
    );
  });

  test('environment: test needs nothing else: BankID’s test URL, its SSL root and the public test RP certificate', async () => {
    const config = bankIdConfigSchema.parse({ environment: 'test' });
    assert.equal(config.baseUrl, 'https://appapi2.test.bankid.com/rp/v6.0/');
    const credentials = await loadBankIdCredentials(config);
    assert.match(new X509Certificate(credentials.ca).subject, /CN=Test BankID SSL Root CA v1 Test/);
    assert.equal(
      new X509Certificate(credentials.ca).fingerprint256,
      'F3:D0:74:0E:BF:B3:70:0E:3B:81:AA:79:1F:EE:45:14:72:69:8C:84:E1:99:C2:EB:48:A4:43:FF:1D:5B:40:5C',
    );
    assert.match(
      pfxLifetimes('bankid.pfx', credentials.pfx, credentials.passphrase)[0]?.subject ?? '',
      /CN=FP Testcert 5/,
    );
  });

  test('environment: production brings URL and root, but the RP certificate must be the relying party’s own', async () => {
    assert.equal(
      bankIdConfigSchema.safeParse({ environment: 'production' }).success,
      false,
      'no public production certificate',
    );
    const config = bankIdConfigSchema.parse({
      environment: 'production',
      pfxBase64: rig.sim.clientPfx.toString('base64'),
      passphrase: rig.sim.clientPassphrase,
    });
    assert.equal(config.baseUrl, 'https://appapi2.bankid.com/rp/v6.0/');
    const credentials = await loadBankIdCredentials(config);
    assert.match(new X509Certificate(credentials.ca).subject, /CN=BankID SSL Root CA v1$/m);
    assert.equal(
      bankIdConfigSchema.safeParse({ environment: 'production', pfxPath: '/rp.p12' }).success,
      false,
      'a certificate of its own needs its passphrase',
    );
  });

  test('builds the autostart link for app.bankid.com, bankid:/// and the simulator', () => {
    assert.equal(autoStartUrl('abc-123'), 'https://app.bankid.com/?autostarttoken=abc-123&redirect=null');
    assert.equal(autoStartUrl('abc-123', { base: 'bankid:///' }), 'bankid:///?autostarttoken=abc-123&redirect=null');
    assert.equal(
      autoStartUrl('abc-123', { base: rig.sim.appUrl, redirect: 'https://rp.example/back?x=1&y=2' }),
      `${rig.sim.appUrl}?autostarttoken=abc-123&redirect=https%3A%2F%2Frp.example%2Fback%3Fx%3D1%26y%3D2`,
    );
    assert.throws(() => autoStartUrl('bad token&x=1'));
  });
});
