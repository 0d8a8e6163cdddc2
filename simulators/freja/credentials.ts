// The simulator's certificates, made on first run in its data folder and reused after: a CA,
// the API's TLS server certificate, one relying party's client certificate (PKCS#12), and the
// JWS signing certificate whose thumbprint results carry as `x5t`.
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import {
  loadOrCreateAuthority,
  loadOrIssue,
  loadOrIssueClient,
  thumbprint,
  type ClientCertificate,
  type IssuedCertificate,
} from '../pki.ts';

export interface SimulatorCredentials {
  caCertPem: string;
  server: IssuedCertificate;
  client: ClientCertificate;
  signing: { certPem: string; key: KeyObject; x5t: string };
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

export async function loadCredentials(dataDir: string, host: string): Promise<SimulatorCredentials> {
  const authority = await loadOrCreateAuthority(dataDir, 'Portvakt Freja eID simulator CA');
  const hosts = [...new Set([...LOOPBACK, host])];
  // A server certificate per host set, so a simulator moved to another address gets a valid one.
  const hostsTag = createHash('sha256').update(hosts.join(',')).digest('hex').slice(0, 8);
  const server = await loadOrIssue(authority, dataDir, `freja-server-${hostsTag}`, {
    commonName: 'Freja eID simulator',
    use: 'server',
    hosts,
  });
  const client = await loadOrIssueClient(
    authority,
    dataDir,
    'freja-relying-party',
    'Portvakt relying party (Freja simulator)',
  );
  const signing = await loadOrIssue(authority, dataDir, 'freja-jws-signing', {
    commonName: 'Freja eID simulator JWS Signing',
    use: 'signing',
  });
  return {
    caCertPem: authority.certPem,
    server,
    client,
    signing: { certPem: signing.certPem, key: createPrivateKey(signing.keyPem), x5t: thumbprint(signing.certPem) },
  };
}
