// Health, readiness and Prometheus metrics for operators, plus a request id on every log line.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../../adapters/database.ts';
import type { Config } from '../config/schema.ts';
import { requestScope } from '../log.ts';

export interface Metrics {
  registry: Registry;
  requests: Counter;
  duration: Histogram;
  /** Counts one finished request of a route group and observes its duration. */
  count(route: string, status: number, seconds: number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portvakt_' });
  const requests = new Counter({
    name: 'portvakt_http_requests_total',
    help: 'HTTP requests by route group and status',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'portvakt_http_request_seconds',
    help: 'HTTP request duration',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // The few label sets in use are bound once, not validated again on every request.
  const timers = new Map<string, { observe(seconds: number): void }>();
  const counters = new Map<string, { inc(): void }>();
  const count = (route: string, status: number, seconds: number) => {
    let timer = timers.get(route);
    if (!timer) timers.set(route, (timer = duration.labels({ route })));
    timer.observe(seconds);
    const key = `${route} ${status}`;
    let counter = counters.get(key);
    if (!counter) counters.set(key, (counter = requests.labels({ route, status: String(status) })));
    counter.inc();
  };
  return { registry, requests, duration, count };
}

/** The caller's request id when it looks like one, else a fresh one. */
export function newRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
}

/** Groups paths so metrics stay low-cardinality: /interaction/abc/password -> /interaction. */
function routeGroup(path: string): string {
  const first = path.split('/')[1] ?? '';
  return `/${first.replace(/[^\w.-]/g, '').slice(0, 32)}`;
}

export function requestContext(logger: Logger, metrics: Metrics) {
  return async function withRequestContext(ctx: Context, next: Next): Promise<void> {
    const requestId = newRequestId(ctx.req.headers['x-request-id']);
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await requestScope.run({ requestId }, next);
    } finally {
      metrics.count(routeGroup(ctx.path), ctx.status, Number(process.hrtime.bigint() - started) / 1e9);
      logger.debug({ reqId: requestId, method: ctx.method, path: ctx.path, status: ctx.status }, 'request');
    }
  };
}

/**
 * Who may read /metrics: the holder of the configured bearer token, or without one a caller on
 * this machine that is not a proxy passing the public's requests on. Anyone else gets 404.
 */
export function metricsReader(config: Pick<Config, 'metrics' | 'http'>): (ctx: Context) => boolean {
  const token = config.metrics.token ? Buffer.from(`Bearer ${config.metrics.token}`) : undefined;
  return (ctx) => {
    if (token) {
      const sent = Buffer.from(ctx.get('authorization'));
      return sent.length === token.length && timingSafeEqual(sent, token);
    }
    const peer = (ctx.req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    return LOOPBACK.has(peer) && !config.http.trustedProxies.includes(peer);
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

export function operationsRouter(
  db: Database,
  metrics: Metrics,
  isShuttingDown: () => boolean,
  mayReadMetrics: (ctx: Context) => boolean,
): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      if (isShuttingDown()) throw new Error('shutting down');
      await db.query('SELECT 1');
      ctx.body = { status: 'ready', database: db.engine };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable' };
    }
  });
  router.get('/metrics', async (ctx) => {
    if (!mayReadMetrics(ctx)) return void (ctx.status = 404);
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
