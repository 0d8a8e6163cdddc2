// The configuration of upstream identity providers: strict keys, usable metadata, linking rules
// that cannot trust an e-mail address without a domain, unique names, and no secret echoed back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { upstreamMethods } from '../../interactions/upstream/index.ts';
import { CertificateAuthority } from '../../simulators/pki.ts';
import { startSamlIdp, type SamlIdp } from '../../simulators/saml-idp/index.ts';
import { isPortvaktError } from '../../kernel/errors.ts';

describe('upstream identity provider configuration', () => {
  let dir: string;
  let idp: SamlIdp;
  let sp: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upstream-config-'));
    idp = await startSamlIdp({ dataDir: dir });
    const key = CertificateAuthority.create('sp').issue({ commonName: 'sp', use: 'signing' });
    sp = {
      signingKeyPem: key.keyPem,
      signingCertificatePem: key.certPem,
      encryptionKeyPem: key.keyPem,
      encryptionCertificatePem: key.certPem,
    };
  });
  after(async () => {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });

  const label = { sv: 'Personal', nb: 'Ansatte', en: 'Staff' };
  const base = (extra: Partial<ConfigInput>) => ({ secretKey: Buffer.alloc(32, 1).toString('base64'), ...extra });
  const problems = (input: unknown): string => {
    try {
      validateConfig(input);
    } catch (error) {
      if (isPortvaktError(error, 'config_invalid')) return error.message;
      throw error;
    }
    return assert.fail('the configuration was accepted');
  };

  test('a SAML IdP from its metadata gets the defaults: loa2, pwd, encrypted assertions, refusal on no match', () => {
    const config = validateConfig(
      base({ saml: [{ name: 'staff', label, metadataXml: idp.metadataXml, sp }] as never }),
    );
    const entry = config.saml[0]!;
    assert.deepEqual(
      [entry.acr, entry.amr, entry.requireEncryptedAssertion, entry.linking.onNoMatch, entry.attributes.subject],
      ['http://id.elegnamnden.se/loa/1.0/loa2', ['pwd'], true, 'refuse', 'nameId'],
    );
    const [method] = upstreamMethods(config);
    assert.deepEqual(
      [method!.id, method!.authnProvider, method!.label],
      ['saml.staff', 'urn:portvakt:authn:saml.staff', label],
    );
  });

  test('refusals name the key and what was expected, and never echo a key', () => {
    const saml = (extra: Record<string, unknown>) =>
      base({ saml: [{ name: 'staff', label, metadataXml: idp.metadataXml, sp, ...extra }] as never });
    assert.match(problems(saml({ metadataXml: '<not-metadata/>' })), /saml\.0\.metadataXml: not usable IdP metadata/);
    assert.match(
      problems(saml({ linking: { by: ['email'] } })),
      /saml\.0\.linking\.authoritativeEmailDomains: linking by email needs authoritativeEmailDomains/,
    );
    assert.match(problems(saml({ name: 'Staff Login' })), /saml\.0\.name: expected 1–40 of a-z, 0-9 and -/);
    assert.match(problems(saml({ colour: 'blue' })), /saml\.0: unknown key\(s\) "colour"/);
    const badKey = problems(saml({ sp: { ...sp, signingKeyPem: 'not a key' } }));
    assert.match(
      badKey,
      /saml\.0\.sp\.signingKeyPem: expected a PEM private key \(-----BEGIN PRIVATE KEY-----\) \(found a value, hidden\)/,
    );
    assert.match(
      problems(base({ saml: [{ name: 'staff', label, entityId: 'https://idp.example', sp }] as never })),
      /give metadataXml, or entityId, ssoUrl and signingCertificatesPem/,
    );
    assert.match(
      problems(
        base({
          oidcUpstreams: [
            {
              name: 'google',
              label,
              issuer: 'http://accounts.example',
              clientId: 'c',
              clientAuth: { method: 'client_secret_basic', secret: 'short' },
            },
          ] as never,
        }),
      ),
      /oidcUpstreams\.0\.issuer: expected the issuer as an https:\/\/ URL[\s\S]*oidcUpstreams\.0\.clientAuth\.secret: client secrets need at least 16 characters \(found a value, hidden\)/,
    );
  });

  test('two upstream identity providers with one name stop the start', () => {
    const config = validateConfig(
      base({
        saml: [
          { name: 'staff', label, metadataXml: idp.metadataXml, sp },
          { name: 'staff', label, metadataXml: idp.metadataXml, sp },
        ] as never,
      }),
    );
    assert.throws(
      () => upstreamMethods(config),
      (error: unknown) => isPortvaktError(error, 'config_invalid') && /named "staff"/.test(error.message),
    );
  });
});
