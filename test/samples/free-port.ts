// A portal's redirect URI must be registered before Portvakt starts, so its port is chosen first.
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The client a portal on 127.0.0.1:`port` is registered as, with its real redirect URIs. */
export function portalClient(clientId: string, port: number, extra: Record<string, unknown> = {}) {
  return {
    client_id: clientId,
    client_name: clientId,
    client_secret: `${clientId}-test-secret-0123456789abcdefghijklmnop`,
    redirect_uris: [`http://127.0.0.1:${port}/callback`],
    post_logout_redirect_uris: [`http://127.0.0.1:${port}/`],
    backchannel_logout_uri: `http://127.0.0.1:${port}/backchannel-logout`,
    first_party: true,
    scope: 'openid profile email https://id.oidc.se/scope/naturalPersonNumber',
    ...extra,
  };
}
