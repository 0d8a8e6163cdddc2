// The certificates an eID service depends on, checked at start-up: an expired one stops the start
// with the key, the subject and the day; one that runs out within 30 days is a warning; Freja's
// signing certificates, rotated old beside new, are refused only when none is valid any more.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CertificateAuthority } from '../../simulators/pki.ts';
import { checkAlternatives, checkLifetimes, pemLifetimes, pfxLifetimes } from '../../src/eid/certificate-lifetime.ts';
import { startPortvakt } from '../support/harness.ts';
import { startEidWorld, type EidWorld } from '../support/eid.ts';

const authority = CertificateAuthority.create('lifetime test CA');
const signing = (commonName: string, validDays: number) =>
  authority.issue({ commonName, use: 'server', hosts: ['127.0.0.1'], validDays }).certPem;
const NOW = new Date();

describe('certificate lifetimes', () => {
  test('an expired certificate is refused with its key, subject and day', () => {
    const [expired] = pemLifetimes('bankid.caPem', signing('Old root', -2));
    assert.throws(
      () => checkLifetimes([expired!], NOW),
      (error: Error) =>
        /^bankid\.caPem: the certificate ".*CN=Old root.*" expired on \d{4}-\d{2}-\d{2}\. Every login/.test(
          error.message,
        ),
    );
  });

  test('one that expires within 30 days is a warning; one valid for longer says nothing', () => {
    const soon = pemLifetimes('freja.serverCaPem', signing('Soon', 10));
    assert.match(checkLifetimes(soon, NOW)[0] ?? '', /freja\.serverCaPem: .* expires on .*configure its successor/);
    assert.deepEqual(checkLifetimes(pemLifetimes('freja.serverCaPem', signing('Later', 400)), NOW), []);
  });

  test('rotated signing certificates: an old one beside a valid one is a warning, all expired is refused', () => {
    const old = pemLifetimes('freja.signingCertificatesPem[0]', signing('JWS old', -5));
    const current = pemLifetimes('freja.signingCertificatesPem[1]', signing('JWS new', 700));
    assert.deepEqual(
      checkAlternatives([...old, ...current], NOW).map((warning) => /remove it/.test(warning)),
      [true],
    );
    assert.throws(() => checkAlternatives(old, NOW), /expired on/);
  });

  test('the certificate inside a relying party’s PKCS#12 bundle is read', () => {
    const client = authority.issueClient('RP client', 'secret-passphrase');
    const [lifetime] = pfxLifetimes('bankid.pfx', client.pfx, 'secret-passphrase');
    assert.match(lifetime?.subject ?? '', /CN=RP client/);
    assert.ok(lifetime!.notAfter > NOW);
    assert.deepEqual(pfxLifetimes('bankid.pfx', client.pfx, 'wrong'), [], 'unreadable: left to the TLS check');
  });
});

describe('start-up with an expired Freja signing certificate', () => {
  let world: EidWorld;
  before(async () => {
    world = await startEidWorld();
  });
  after(async () => {
    await world?.close();
  });

  test('Portvakt refuses to start and says which certificate, instead of refusing every approval later', async () => {
    const { freja } = world.config() as { freja: object };
    await assert.rejects(
      startPortvakt({
        config: {
          freja: { ...freja, signingCertificatesPem: [signing('Freja eID TEST JWS Signing', -1)] } as never,
        },
      }),
      /freja\.signingCertificatesPem\[0\]: the certificate ".*Freja eID TEST JWS Signing.*" expired on/,
    );
  });
});
