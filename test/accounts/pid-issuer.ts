// An upstream OpenID Connect issuer like ID-porten for the merge tests: an oidc-provider over HTTPS
// (its own CA) that logs in whoever the test names and releases their national identity number
// as the `pid` claim with `openid`. test/upstream/oidc-issuer.ts releases a fixed set of claims only.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata } from 'oidc-provider';
import { Agent, fetch as undiciFetch } from 'undici';
import { CertificateAuthority } from '../../simulators/pki.ts';

export interface PidIssuer {
  issuer: string;
  caPem: string;
  /** The subject and `pid` of the next login. */
  next: { sub: string; pid: string };
  register(client: ClientMetadata): void;
  /** Follows the issuer's redirects from `url` until the answer leaves for the client. */
  follow(url: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startPidIssuer(): Promise<PidIssuer> {
  const authority = CertificateAuthority.create('PID issuer test CA');
  const tls = authority.issue({ commonName: 'pid issuer', use: 'server', hosts: ['127.0.0.1', 'localhost'] });
  const server = createServer({ key: tls.keyPem, cert: tls.certPem });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dispatcher = new Agent({ connect: { ca: authority.certPem } });
  const state: PidIssuer = {
    issuer,
    caPem: authority.certPem,
    next: { sub: 'nobody', pid: '' },
    register(client) {
      server.on('request', createProvider(issuer, client, () => state.next).callback());
    },
    async follow(url) {
      const cookies = new Map<string, string>();
      let current = new URL(url);
      for (let hops = 0; hops < 10 && current.origin === issuer; hops += 1) {
        const response = await undiciFetch(current, {
          dispatcher,
          redirect: 'manual',
          headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
        });
        for (const header of response.headers.getSetCookie()) {
          const [pair = ''] = header.split(';');
          cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
        }
        await response.arrayBuffer();
        const location =
          response.headers.get('location') ?? assertNever(`the issuer answered ${response.status} without a redirect`);
        current = new URL(location, current);
      }
      return current;
    },
    async close() {
      await dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return state;
}

function createProvider(issuer: string, client: ClientMetadata, next: () => PidIssuer['next']): Provider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pids = new Map<string, string>();
  const provider = new Provider(issuer, {
    clients: [client],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'pid-1', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub', 'pid'] },
    scopes: ['openid'],
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, pid: pids.get(sub) }) }),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  provider.use(async (ctx, proceed) => {
    if (!ctx.path.startsWith('/interaction/')) return proceed();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name === 'login') {
      const who = next();
      pids.set(who.sub, who.pid);
      return provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: who.sub } },
        { mergeWithLastSubmission: false },
      );
    }
    const grant = new provider.Grant({
      accountId: details.session!.accountId,
      clientId: String(details.params.client_id),
    });
    grant.addOIDCScope(String(details.params.scope));
    return provider.interactionFinished(
      ctx.req,
      ctx.res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  });
  return provider;
}

function assertNever(message: string): never {
  throw new Error(message);
}
