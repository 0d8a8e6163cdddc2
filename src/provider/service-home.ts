// Where a person goes back to when a login cannot go on (it took too long, or Back was pressed
// after it finished): the service they came from, remembered in a cookie as each login screen
// opens, and its home page as the client registered it.
import type { Context } from 'koa';
import type { Client, Provider } from 'oidc-provider';
import { readPageCookie, setPageCookie } from '../http/page-cookies.ts';

export interface ServiceLink {
  name: string;
  url: string;
}

/** Remembers the service of the login on screen, for the pages that come after it has ended. */
export function rememberService(ctx: Context, clientId: string): void {
  if (readPageCookie(ctx, 'portvakt_service') !== clientId)
    setPageCookie(ctx, 'portvakt_service', clientId, { sameSite: 'lax' });
}

/** The remembered service and a page of it that starts afresh; none for a service without a web page. */
export function rememberedService(provider: Provider) {
  return async (ctx: Context): Promise<ServiceLink | undefined> => {
    const clientId = readPageCookie(ctx, 'portvakt_service');
    if (!clientId || !/^[\w.:-]{1,200}$/.test(clientId)) return undefined;
    const client = await provider.Client.find(clientId).catch(() => undefined);
    if (!client) return undefined;
    const url = serviceHome(client);
    return url ? { name: client.clientName ?? client.clientId, url } : undefined;
  };
}

/**
 * The client's own home page (`client_uri`), else where it starts logins (`initiate_login_uri`),
 * else where it wants people after logging out, else the origin of its first redirect URI. Only
 * web addresses: a native app's custom scheme is no page to link to.
 */
export function serviceHome(client: Client): string | undefined {
  const metadata = client.metadata() as {
    client_uri?: string;
    initiate_login_uri?: string;
    post_logout_redirect_uris?: readonly string[];
    redirect_uris?: readonly string[];
  };
  const candidates = [
    metadata.client_uri,
    metadata.initiate_login_uri,
    metadata.post_logout_redirect_uris?.[0],
    metadata.redirect_uris?.[0] ? originOf(metadata.redirect_uris[0]) : undefined,
  ];
  return candidates.find((candidate) => candidate !== undefined && isWebAddress(candidate));
}

function originOf(url: string): string | undefined {
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return undefined;
  }
}

function isWebAddress(url: string): boolean {
  try {
    return ['https:', 'http:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
