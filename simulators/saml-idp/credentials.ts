// The test IdP's certificates, made on first run in its data folder and reused after: a CA, the
// HTTPS server certificate, the signing certificate its metadata publishes, and an impostor's
// signing certificate (same CA, different key) for tests of signatures by the wrong key.
import { createHash } from 'node:crypto';
import { loadOrCreateAuthority, loadOrIssue, type IssuedCertificate } from '../pki.ts';

export interface IdpCredentials {
  caCertPem: string;
  server: IssuedCertificate;
  signing: IssuedCertificate;
  impostor: IssuedCertificate;
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

export async function loadCredentials(dataDir: string, host: string): Promise<IdpCredentials> {
  const authority = await loadOrCreateAuthority(dataDir, 'Portvakt SAML IdP simulator CA');
  const hosts = [...new Set([...LOOPBACK, host])];
  const hostsTag = createHash('sha256').update(hosts.join(',')).digest('hex').slice(0, 8);
  const [server, signing, impostor] = await Promise.all([
    loadOrIssue(authority, dataDir, `idp-server-${hostsTag}`, {
      commonName: 'SAML IdP simulator',
      use: 'server',
      hosts,
    }),
    loadOrIssue(authority, dataDir, 'idp-signing', { commonName: 'SAML IdP simulator signing', use: 'signing' }),
    loadOrIssue(authority, dataDir, 'idp-impostor-signing', {
      commonName: 'SAML IdP simulator signing',
      use: 'signing',
    }),
  ]);
  return { caCertPem: authority.certPem, server, signing, impostor };
}
