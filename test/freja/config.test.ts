// The `freja` configuration section: what it accepts, what it refuses, and that a client built
// from it talks to Freja (here the simulator) over mutual TLS.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isPortvaktError } from '../../kernel/errors.ts';
import { FrejaClient } from '../../src/eid/freja/client.ts';
import { frejaConfigSchema, type FrejaConfigInput } from '../../src/eid/freja/config.ts';
import { rejection, startHarness, type Harness } from './support.ts';

let h: Harness;
let valid: FrejaConfigInput;
before(async () => {
  h = await startHarness();
  valid = {
    baseUrl: h.sim.apiUrl,
    clientCertificate: { pfxBase64: h.sim.clientPfx.toString('base64'), passphrase: h.sim.clientPassphrase },
    serverCaPem: h.sim.caCertPem,
    signingCertificatesPem: [h.sim.signingCertPem],
  };
});
after(async () => {
  await h.close();
});

function issues(input: unknown): string[] {
  const result = frejaConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('schema', () => {
  test('fills the defaults: PLUS, the five attributes, 10 s requests, 3 s polling', () => {
    const config = frejaConfigSchema.parse(valid);
    assert.equal(config.minRegistrationLevel, 'PLUS');
    assert.deepEqual(config.attributesToReturn, [
      'BASIC_USER_INFO',
      'SSN',
      'EMAIL_ADDRESS',
      'DATE_OF_BIRTH',
      'REGISTRATION_LEVEL',
    ]);
    assert.deepEqual(config.timeouts, { requestMs: 10_000, pollIntervalMs: 3000 });
  });

  const refused: [string, (input: FrejaConfigInput) => unknown, RegExp][] = [
    ['an unknown key', (input) => ({ ...input, verifyTls: false }), /Unrecognized key/],
    [
      'plain HTTP',
      (input) => ({ ...input, baseUrl: 'http://services.test.frejaeid.com' }),
      /^baseUrl: expected an https/,
    ],
    [
      'both pfxPath and pfxBase64',
      (input) => ({ ...input, clientCertificate: { ...input.clientCertificate, pfxPath: '/x.p12' } }),
      /^clientCertificate: give exactly one/,
    ],
    [
      'no passphrase',
      (input) => ({ ...input, clientCertificate: { pfxBase64: 'AAAA' } }),
      /^clientCertificate.passphrase/,
    ],
    [
      'a CA that is not PEM',
      (input) => ({ ...input, serverCaPem: 'not a certificate' }),
      /^serverCaPem: expected one or more PEM/,
    ],
    [
      'no signing certificates',
      (input) => ({ ...input, signingCertificatesPem: [] }),
      /^signingCertificatesPem: at least one/,
    ],
    ['an unknown level', (input) => ({ ...input, minRegistrationLevel: 'GOLD' }), /^minRegistrationLevel/],
    ['an unknown attribute', (input) => ({ ...input, attributesToReturn: ['PHOTO'] }), /^attributesToReturn.0/],
    [
      'polling faster than once a second',
      (input) => ({ ...input, timeouts: { pollIntervalMs: 500 } }),
      /^timeouts.pollIntervalMs/,
    ],
  ];
  for (const [name, change, expected] of refused) {
    test(`refuses ${name}`, () => {
      const found = issues(change(valid));
      assert.ok(
        found.some((issue) => expected.test(issue)),
        `got ${JSON.stringify(found)}`,
      );
    });
  }
});

describe('FrejaClient.fromConfig', () => {
  test('works with the PKCS#12 inline and from a file', async () => {
    const file = join(h.dataDir, 'rp.p12');
    await writeFile(file, h.sim.clientPfx);
    for (const clientCertificate of [valid.clientCertificate, { pfxPath: file, passphrase: h.sim.clientPassphrase }]) {
      const client = await FrejaClient.fromConfig(frejaConfigSchema.parse({ ...valid, clientCertificate }));
      try {
        const { authRef } = await client.initAuthentication({ userInfoType: 'INFERRED' });
        assert.equal((await client.getOneResult(authRef)).status, 'STARTED');
      } finally {
        client.close();
      }
    }
  });

  test('refuses to start with a wrong passphrase or a missing file', async () => {
    const wrong = frejaConfigSchema.parse({
      ...valid,
      clientCertificate: { ...valid.clientCertificate, passphrase: 'not-the-passphrase' },
    });
    const missing = frejaConfigSchema.parse({
      ...valid,
      clientCertificate: { pfxPath: join(h.dataDir, 'absent.p12'), passphrase: 'x' },
    });
    for (const config of [wrong, missing]) {
      const error = await rejection(FrejaClient.fromConfig(config));
      assert.ok(isPortvaktError(error, 'config_invalid'), String(error));
      assert.match(error.message, /^freja\.clientCertificate/);
      assert.doesNotMatch(error.message, new RegExp(h.sim.clientPassphrase));
    }
  });
});
