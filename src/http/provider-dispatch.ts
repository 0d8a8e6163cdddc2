// oidc-provider's own endpoints (discovery, JWKS, token, introspection, UserInfo, authorization,
// logout …) go straight to its callback: they need none of Portvakt's routers, body parsers or
// pages, only what every response gets — a request id (in the header and in the logs), the
// security headers, and a count in the metrics. Everything else goes to Portvakt's Koa stack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import type Provider from 'oidc-provider';
import { requestScope } from '../log.ts';
import { newRequestId, type Metrics } from './operations.ts';
import { answerPostAsGet } from './post-as-get.ts';
import { API_HEADERS, PAGE_HEADERS } from './security-headers.ts';

type Handler = ReturnType<Koa['callback']>;
type Request = Parameters<Handler>[0];
type Response = Parameters<Handler>[1];

/** Route names whose responses are pages a browser shows (error pages, the logout question). */
const PAGE_ROUTES = new Set(['authorization', 'end_session', 'code_verification']);
/** OIDC Core §3.1.2.1 and RP-Initiated Logout §2: these accept a POSTed form as well as a GET. */
const POST_AS_GET = new Set(['authorization', 'end_session']);
/** Discovery answers at two addresses under one route name, so pathFor names only one of them. */
const DISCOVERY_PATHS = ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'];
const ROUTE_NAMES = [
  'jwks',
  'token',
  'introspection',
  'revocation',
  'userinfo',
  'registration',
  'pushed_authorization_request',
  'backchannel_authentication',
  'device_authorization',
  'challenge',
  ...PAGE_ROUTES,
];

export interface ProviderRoute {
  /** The metrics' route group: the path's first segment, as requestContext groups it. */
  group: string;
  page: boolean;
  /** Set for the endpoints a relying party may also POST a form to (see post-as-get.ts). */
  postAsGet?: boolean;
}

/**
 * The provider's enabled endpoints as path prefixes, longest first (/token/introspection before
 * /token), read from the provider so disabled features and changed routes follow by themselves.
 */
export function providerRoutes(provider: Provider): (path: string) => ProviderRoute | undefined {
  const prefixes: [string, ProviderRoute][] = DISCOVERY_PATHS.map((path) => [
    path,
    { group: '/.well-known', page: false },
  ]);
  for (const name of ROUTE_NAMES) {
    let path: string;
    try {
      path = provider.pathFor(name);
    } catch {
      continue; // not enabled in this configuration
    }
    prefixes.push([
      path,
      {
        group: `/${path.split('/')[1] ?? ''}`,
        page: PAGE_ROUTES.has(name),
        ...(POST_AS_GET.has(name) ? { postAsGet: true } : {}),
      },
    ]);
  }
  prefixes.sort(([a], [b]) => b.length - a.length);
  return (path) => {
    for (const [prefix, route] of prefixes) {
      if (path === prefix) return route;
      // Below an endpoint (/session/end/confirm) is its own route, never a form re-sent as a query.
      if (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47)
        return route.postAsGet ? { group: route.group, page: route.page } : route;
    }
    return undefined;
  };
}

/**
 * A Koa application whose request handler sends oidc-provider's paths to `direct` before Koa
 * builds a context for them; every other request runs through the middleware as usual.
 */
export class DispatchingKoa extends Koa {
  #direct: { match: (path: string) => ProviderRoute | undefined; handler: Handler; metrics: Metrics } | undefined;
  #prepare: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  /** Runs first on every request, on both paths (transport.ts: forwarding headers, host, HSTS). */
  prepareRequests(prepare: (req: IncomingMessage, res: ServerResponse) => void): void {
    this.#prepare = prepare;
  }

  /** Set once the provider exists; until then every request takes the Koa stack. */
  dispatchToProvider(provider: Provider, metrics: Metrics): void {
    this.#direct = { match: providerRoutes(provider), handler: provider.callback() as Handler, metrics };
  }

  override callback(): Handler {
    const stack = super.callback();
    return (req, res) => {
      this.#prepare?.(req as IncomingMessage, res as ServerResponse);
      const direct = this.#direct;
      const route = direct ? direct.match(pathOf(req.url)) : undefined;
      if (!direct || !route) return stack(req, res);
      return serveDirect(req, res, route, direct.handler, direct.metrics);
    };
  }
}

const requestIds = new WeakMap<object, string>();

/**
 * Runs `work` (an oidc-provider event listener) as part of the request it belongs to, so its log
 * lines carry the request id. The direct path does not wrap the whole request in the request
 * scope: oidc-provider keeps a request store of its own, and a second one would be copied onto
 * every promise of every request, while Portvakt only ever logs from these listeners there.
 */
export function inRequestScope<T>(req: object, work: () => T): T {
  const requestId = requestIds.get(req);
  return requestId ? requestScope.run({ requestId }, work) : work();
}

async function serveDirect(
  req: Request,
  res: Response,
  route: ProviderRoute,
  handler: Handler,
  metrics: Metrics,
): Promise<void> {
  const requestId = newRequestId(req.headers['x-request-id']);
  requestIds.set(req, requestId);
  res.setHeader('X-Request-Id', requestId);
  for (const [name, value] of route.page ? PAGE_HEADERS : API_HEADERS) res.setHeader(name, value);
  const started = process.hrtime.bigint();
  try {
    if (route.postAsGet && req.method === 'POST') await answerPostAsGet(req as IncomingMessage, res as ServerResponse);
    else await handler(req, res);
  } finally {
    metrics.count(route.group, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
