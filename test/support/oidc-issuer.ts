// An upstream OpenID Connect issuer for tests: a second, independent oidc-provider over HTTPS (its
// own CA), standing in for a staff IdP, ID-porten or HelseID. Its interaction logs in the account
// the test names (with that account's claims, which a test may change between logins) and grants
// what is asked. It can be switched down (every connection cut) or slow (never answering), and a
// small browser follows its redirects until the answer leaves for the client.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata } from 'oidc-provider';
import { Agent, fetch as undiciFetch } from 'undici';
import { CertificateAuthority } from '../../simulators/pki.ts';

export interface IssuerAccount {
  /** Released by scope: `email`, `profile` (names and `hd`), `staff` (`employee_number`), and `pid` with `openid`. */
  claims: Record<string, unknown>;
  amr?: string[];
}

export type IssuerMode = 'up' | 'down' | 'slow';

export interface TestIssuer {
  issuer: string;
  caPem: string;
  /** The accounts it knows, by subject; a test may add or change one before a login. */
  accounts: Record<string, IssuerAccount>;
  /** Who the next login at this issuer is; `deny` answers access_denied instead. */
  next: { account: string } | { deny: true };
  /** down: every connection is cut at once (a crashed service); slow: requests are never answered. */
  mode: IssuerMode;
  /** Registers the client (Portvakt); the provider starts serving then, once its URLs are known. */
  register(client: ClientMetadata): void;
  /** Follows the issuer's redirects from `url`, in a new browser, until it leaves for another origin. */
  follow(url: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startTestIssuer(
  options: { name?: string; accounts?: Record<string, IssuerAccount> } = {},
): Promise<TestIssuer> {
  const name = options.name ?? 'upstream issuer';
  const authority = CertificateAuthority.create(`${name} test CA`);
  const tls = authority.issue({ commonName: name, use: 'server', hosts: ['127.0.0.1', 'localhost'] });
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dispatcher = new Agent({ connect: { ca: authority.certPem } });
  const state: TestIssuer = {
    issuer,
    caPem: authority.certPem,
    accounts: { ...options.accounts },
    next: { deny: true },
    mode: 'up',
    register(client) {
      const callback = createProvider(issuer, client, state).callback();
      server.on('request', (req, res) => {
        if (state.mode === 'down') return void req.socket.destroy();
        if (state.mode === 'slow') return; // answered never; the socket closes with the client
        void callback(req, res);
      });
    },
    async follow(url) {
      // A fresh browser each time: no single sign-on at the issuer between logins.
      const cookies = new Map<string, string>();
      let current = new URL(url);
      for (let hops = 0; hops < 10 && current.origin === issuer; hops += 1) {
        const response = await undiciFetch(current, {
          dispatcher,
          redirect: 'manual',
          headers: { cookie: [...cookies].map(([key, value]) => `${key}=${value}`).join('; ') },
        });
        for (const header of response.headers.getSetCookie()) {
          const [pair = ''] = header.split(';');
          cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
        }
        const location = response.headers.get('location');
        await response.arrayBuffer();
        if (!location)
          throw new Error(`the upstream issuer answered ${response.status} without a redirect at ${current}`);
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

function createProvider(issuer: string, client: ClientMetadata, state: TestIssuer): Provider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [client],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'upstream-1', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      openid: ['sub', 'acr', 'amr', 'pid'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'hd'],
      staff: ['employee_number'],
    },
    scopes: ['openid', 'email', 'profile', 'staff'],
    findAccount: (_ctx, sub) => {
      const account = state.accounts[sub];
      return account ? { accountId: sub, claims: () => ({ sub, ...account.claims }) } : undefined;
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 300 },
    enabledJWA: { clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256'] },
  });
  provider.on('server_error', (_ctx, error) => console.error('upstream issuer:', error));
  provider.use(async (ctx, proceed) => {
    if (!ctx.path.startsWith('/interaction/')) return proceed();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const who = state.next;
    if ('deny' in who)
      return provider.interactionFinished(ctx.req, ctx.res, {
        error: 'access_denied',
        error_description: 'the person said no',
      });
    if (details.prompt.name === 'login') {
      return provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: who.account, amr: state.accounts[who.account]?.amr } },
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
