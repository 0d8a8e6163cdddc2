// Health, readiness and Prometheus metrics for operators, plus a request id on every log line.
import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../../adapters/database.ts';
import { requestScope } from '../log.ts';

export function createMetrics(): { registry: Registry; requests: Counter; duration: Histogram } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portvakt_' });
  const requests = new Counter({ name: 'portvakt_http_requests_total', help: 'HTTP requests by route group and status', labelNames: ['route', 'status'], registers: [registry] });
  const duration = new Histogram({ name: 'portvakt_http_request_seconds', help: 'HTTP request duration', labelNames: ['route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] });
  return { registry, requests, duration };
}

/** Groups paths so metrics stay low-cardinality: /interaction/abc/password -> /interaction. */
function routeGroup(path: string): string {
  const first = path.split('/')[1] ?? '';
  return `/${first.replace(/[^\w.-]/g, '').slice(0, 32)}`;
}

export function requestContext(logger: Logger, metrics: ReturnType<typeof createMetrics>) {
  return async function withRequestContext(ctx: Context, next: Next): Promise<void> {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const stop = metrics.duration.startTimer({ route: routeGroup(ctx.path) });
    try {
      await requestScope.run({ requestId }, next);
    } finally {
      stop();
      metrics.requests.inc({ route: routeGroup(ctx.path), status: String(ctx.status) });
      logger.debug({ reqId: requestId, method: ctx.method, path: ctx.path, status: ctx.status }, 'request');
    }
  };
}

export function operationsRouter(db: Database, metrics: ReturnType<typeof createMetrics>, isShuttingDown: () => boolean): Router {
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
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
