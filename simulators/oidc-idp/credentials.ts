// The simulator's HTTPS certificate from a CA of its own, and the key that signs its ID tokens.
// With a data folder both are made on first run and kept, so a restarted demo trusts what it
// trusted before; without one (the tests) they last as long as the process.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { CertificateAuthority, loadOrCreateAuthority, loadOrIssue, type IssuedCertificate } from '../pki.ts';

export interface IssuerCredentials {
  caPem: string;
  tls: IssuedCertificate;
  /** An RSA private key as a JWK, its `kid` the key's thumbprint. */
  signingJwk: JWK;
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];
const CA_NAME = 'Portvakt OIDC IdP simulator CA';

export async function loadCredentials(dataDir: string | undefined, host: string): Promise<IssuerCredentials> {
  const hosts = [...new Set([...LOOPBACK, host])];
  const server = { commonName: 'OIDC IdP simulator', use: 'server' as const, hosts };
  if (!dataDir) {
    const authority = CertificateAuthority.create(CA_NAME);
    return { caPem: authority.certPem, tls: authority.issue(server), signingJwk: await newSigningJwk() };
  }
  const authority = await loadOrCreateAuthority(dataDir, CA_NAME);
  const hostsTag = createHash('sha256').update(hosts.join(',')).digest('hex').slice(0, 8);
  const [tls, signingJwk] = await Promise.all([
    loadOrIssue(authority, dataDir, `idp-server-${hostsTag}`, server),
    loadOrCreateSigningJwk(join(dataDir, 'id-token-signing.jwk.json')),
  ]);
  return { caPem: authority.certPem, tls, signingJwk };
}

async function loadOrCreateSigningJwk(file: string): Promise<JWK> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const jwk = await newSigningJwk();
  await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}

async function newSigningJwk(): Promise<JWK> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), use: 'sig', alg: 'RS256' };
}
