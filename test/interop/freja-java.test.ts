// Verisec's own Java client (com.verisec.frejaeid:FrejaEidClient) against the Freja simulator over mutual
// TLS: it builds the `name=base64(JSON)` bodies, and parses the results, errors and statuses, exactly as
// it does against Freja. Maven resolves the classpath; java's source launcher runs the shim in java/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { compactVerify, importX509 } from 'jose';
import { app, startHarness, type Harness } from '../freja/support.ts';
import { INTEROP_DIR, requireTool, run, scratch, ShimProcess, type Scratch } from './support.ts';

const PROJECT = join(INTEROP_DIR, 'java');
const SHIM = join(PROJECT, 'src/main/java/se/portvakt/interop/FrejaInterop.java');
const ANNA = { id: 'anna', ssn: '198506142382' };
const ALL_KNOWN = [
  'BASIC_USER_INFO',
  'SSN',
  'DATE_OF_BIRTH',
  'EMAIL_ADDRESS',
  'REGISTRATION_LEVEL',
  'AGE',
  'ADDRESSES',
];

interface SdkResult {
  authRef: string;
  status: string;
  details: string | null;
  requestedAttributes?: Record<string, unknown>;
}

describe('Freja simulator with the official Java client (FrejaEidClient 2.13.1)', () => {
  let harness: Harness;
  let files: Scratch;
  let shim: ShimProcess;

  before(async () => {
    // java's source launcher compiles the shim in memory, so a JRE is not enough.
    requireTool('javac', ['-version'], 'a JDK 17, e.g. apt-get install openjdk-17-jdk-headless');
    requireTool('java', ['-version'], 'a JDK 17, e.g. apt-get install openjdk-17-jdk-headless');
    requireTool('mvn', ['-v'], 'Maven 3, e.g. apt-get install maven');
    files = await scratch('freja-java');
    const classpathFile = join(files.dir, 'classpath.txt');
    await run('mvn', [
      '-B',
      '-q',
      '-f',
      join(PROJECT, 'pom.xml'),
      'dependency:build-classpath',
      `-Dmdep.outputFile=${classpathFile}`,
    ]);
    harness = await startHarness();
    const keystore = await files.file('relying-party.p12', harness.sim.clientPfx);
    const serverCa = await files.file('server-ca.pem', harness.sim.caCertPem);
    shim = new ShimProcess(
      'java',
      ['-cp', (await readFile(classpathFile, 'utf8')).trim(), SHIM, harness.sim.apiUrl, keystore, serverCa],
      { FREJA_KEYSTORE_PASS: harness.sim.clientPassphrase },
    );
    assert.deepEqual(await shim.ready(), { ok: true, ready: true });
  });
  after(async () => {
    await shim?.close();
    await harness?.close();
    await files?.remove();
  });

  const initiate = (ssn: string, minRegistrationLevel = 'EXTENDED', attributes = ALL_KNOWN) =>
    shim.send({ op: 'initiate', ssn, minRegistrationLevel, attributes });
  const result = (authRef: string) => shim.call<SdkResult>({ op: 'getResult', authRef }, 'result');

  test('initiate by personal number, approve in the app: the SDK reads every status and attribute', async () => {
    const started = await initiate(ANNA.ssn);
    assert.equal(started.ok, true, JSON.stringify(started));
    const authRef = started.ok ? String(started.authRef) : '';
    assert.match(authRef, /^[A-Za-z0-9+/]+=*$/);

    assert.deepEqual(await result(authRef), { authRef, status: 'STARTED', details: null });
    await app.open(harness.sim, ANNA.id, authRef);
    assert.equal((await result(authRef)).status, 'DELIVERED_TO_MOBILE');
    await app.answer(harness.sim, 'approve', ANNA.id, authRef);

    const approved = await shim.call<SdkResult>({ op: 'pollForResult', authRef, seconds: 20 }, 'result');
    assert.equal(approved.status, 'APPROVED');
    assert.deepEqual(approved.requestedAttributes, {
      name: 'Anna',
      surname: 'Andersson',
      ssn: ANNA.ssn,
      ssnCountry: 'SE',
      dateOfBirth: '1985-06-14',
      emailAddress: 'anna.andersson@example.org',
      age: approved.requestedAttributes?.age,
      registrationLevel: 'PLUS',
      addresses: [
        {
          country: 'SE',
          city: 'Stockholm',
          postCode: '11351',
          address1: 'Odengatan 52',
          validFrom: '2016-09-01',
          type: 'RESIDENTIAL',
          sourceType: 'GOVERNMENT_REGISTRY',
        },
      ],
    });
    assert.equal(typeof approved.requestedAttributes?.age, 'number');

    // The SDK hands `details` over unverified; the relying party checks it against the signing certificate.
    const key = await importX509(harness.sim.signingCertPem, 'RS256');
    const { payload } = await compactVerify(approved.details ?? '', key);
    const signed = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    assert.equal(signed.authRef, authRef);
    assert.equal(signed.status, 'APPROVED');
    assert.equal(signed.userInfoType, 'SSN');
    // The SDK sent userInfo as base64 of {"country":"SE","ssn":…}; the simulator read it back.
    assert.deepEqual(JSON.parse(String(signed.userInfo)), { country: 'SE', ssn: ANNA.ssn });
    assert.equal(signed.minRegistrationLevel, 'EXTENDED');
  });

  test('a request the person declines ends CANCELED', async () => {
    const authRef = await shim.call<string>(
      { op: 'initiate', ssn: ANNA.ssn, minRegistrationLevel: 'BASIC', attributes: [] },
      'authRef',
    );
    await app.open(harness.sim, ANNA.id, authRef);
    await app.answer(harness.sim, 'decline', ANNA.id, authRef);
    assert.deepEqual(await result(authRef), { authRef, status: 'CANCELED', details: null });
  });

  test('cancel through the SDK ends RP_CANCELED, and an unknown reference is error 1100', async () => {
    const authRef = await shim.call<string>(
      { op: 'initiate', ssn: ANNA.ssn, minRegistrationLevel: 'BASIC', attributes: [] },
      'authRef',
    );
    assert.equal(await shim.call<boolean>({ op: 'cancel', authRef }, 'cancelled'), true);
    assert.deepEqual(await result(authRef), { authRef, status: 'RP_CANCELED', details: null });

    const unknown = await shim.send({ op: 'getResult', authRef: 'bm90LWEtcmVmZXJlbmNl' });
    assert.equal(unknown.ok, false);
    assert.equal(!unknown.ok && unknown.error.type, 'FrejaEidException');
    assert.equal(!unknown.ok && unknown.error.code, 1100);
  });

  test('a person Freja does not know is error 1012 to the SDK', async () => {
    const refused = await initiate('194001010008', 'EXTENDED', []);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.type, 'FrejaEidException');
    assert.equal(!refused.ok && refused.error.code, 1012);
  });
});
