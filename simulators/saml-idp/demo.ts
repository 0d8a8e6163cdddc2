// The demo's "Staff login": the SAML IdP simulator on a fixed port, and Portvakt's service
// provider keys for it, made once in the data folder. Returns the `saml` entry that points
// Portvakt at the IdP. Development only, like every simulator.
import { join } from 'node:path';
import { spEndpoints, spMetadataXml } from '../../src/eid/saml/sp-metadata.ts';
import { loadOrCreateAuthority, loadOrIssue } from '../pki.ts';
import { startSamlIdp, type SamlIdp } from './index.ts';

export const DEMO_STAFF_IDP_NAME = 'personal';

export interface DemoStaffIdp {
  idp: SamlIdp;
  /** One entry for Portvakt's `saml` list; a policy offers it as `saml.personal`. */
  samlConfig: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startDemoStaffIdp(options: {
  dataDir: string;
  port: number;
  issuer: string;
}): Promise<DemoStaffIdp> {
  const spDir = join(options.dataDir, 'service-provider');
  const authority = await loadOrCreateAuthority(spDir, 'Portvakt demo SAML service provider');
  const [signing, encryption] = await Promise.all([
    loadOrIssue(authority, spDir, 'sp-signing', {
      commonName: 'Portvakt demo SP signing',
      use: 'signing',
      validDays: 3650,
    }),
    loadOrIssue(authority, spDir, 'sp-encryption', {
      commonName: 'Portvakt demo SP encryption',
      use: 'signing',
      validDays: 3650,
    }),
  ]);
  const nameIdFormat = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
  // What an IdP administrator would import from Portvakt's /saml/personal/metadata.
  const metadata = spMetadataXml({
    endpoints: spEndpoints(options.issuer, DEMO_STAFF_IDP_NAME, undefined),
    signingCertificatePem: signing.certPem,
    encryptionCertificatePem: encryption.certPem,
    nameIdFormat,
  });
  const idp = await startSamlIdp({
    dataDir: join(options.dataDir, 'idp'),
    port: options.port,
    spMetadataXml: metadata,
  });
  return {
    idp,
    samlConfig: {
      name: DEMO_STAFF_IDP_NAME,
      label: { sv: 'Inloggning för personal', nb: 'Innlogging for ansatte', en: 'Staff login' },
      metadataXml: idp.metadataXml,
      sp: {
        signingKeyPem: signing.keyPem,
        signingCertificatePem: signing.certPem,
        encryptionKeyPem: encryption.keyPem,
        encryptionCertificatePem: encryption.certPem,
      },
      nameIdFormat,
      // Anna's number and the example.org addresses find the demo persons' accounts.
      linking: {
        by: ['se_personal_number', 'email'],
        authoritativeEmailDomains: ['example.org'],
        onNoMatch: 'provision',
      },
    },
    close: () => idp.close(),
  };
}
