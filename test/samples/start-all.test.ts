// startSamplePortals, as the demo calls it: five entrances up with the secrets it is given, each
// answering with its own name and a strict CSP, then closed; a missing secret stops the start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { startSamplePortals, type SamplePortals } from '../../samples/index.ts';
import { freePort } from './free-port.ts';

const SECRETS = {
  kompetensportal: 'kompetensportal-test-secret-0123456789abcdefghijklmnop',
  laringsportal: 'laringsportal-test-secret-0123456789abcdefghijklmnop',
  'eportal-teachers': 'eportal-teachers-test-secret-0123456789abcdefghijklmnop',
  'eportal-staff': 'eportal-staff-test-secret-0123456789abcdefghijklmnop',
  datainsamling: 'datainsamling-test-secret-0123456789abcdefghijklmnop',
};

describe('startSamplePortals', () => {
  let pv: TestPortvakt;
  let portals: SamplePortals;
  before(async () => {
    pv = await startPortvakt();
    const ports = {
      kompetensportal: await freePort(),
      laringsportal: await freePort(),
      'eportal-teachers': await freePort(),
      'eportal-staff': await freePort(),
      datainsamling: await freePort(),
    };
    portals = await startSamplePortals({ issuer: pv.issuer, secrets: SECRETS, ports, host: '127.0.0.1' });
  });
  after(async () => {
    await portals?.close();
    await pv?.close();
  });

  test('serves every entrance with its own name, a strict CSP and an HttpOnly SameSite=Lax cookie', async () => {
    const names = {
      kompetensportal: 'Kompetensportal',
      laringsportal: 'Læringsportal',
      'eportal-teachers': 'E-portal – Lärare (skolnätet)',
      'eportal-staff': 'E-portal – Personal (administrativa nätet)',
      datainsamling: 'Datainsamling – Exempelstatistik',
    };
    assert.deepEqual(Object.keys(portals.urls).sort(), Object.keys(names).sort());
    for (const [clientId, url] of Object.entries(portals.urls)) {
      const response = await fetch(`${url}/`, { redirect: 'manual' });
      assert.equal(response.status, 200, url);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /script-src|unsafe-inline/);
      const cookie = response.headers.get('set-cookie') ?? '';
      assert.match(cookie, /httponly/i);
      assert.match(cookie, /samesite=lax/i);
      assert.ok((await response.text()).includes(names[clientId as keyof typeof names]), clientId);
    }
  });

  test('refuses to start without a secret for every client', async () => {
    await assert.rejects(
      startSamplePortals({ issuer: pv.issuer, secrets: { kompetensportal: 'x' } }),
      /no client secret for laringsportal, eportal-teachers, eportal-staff, datainsamling/,
    );
  });
});
