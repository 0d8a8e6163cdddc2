// The outbox as a small HTTP server: the pages a person reads in the demo and the JSON that tests
// and browser tests read codes from. Read-only, loopback by default.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listPage, messagePage, notFoundPage } from './views.ts';
import type { Outbox, OutboxEntry, OutboxFilter, OutboxKind } from './outbox.ts';

export interface OutboxPageOptions {
  outbox: Outbox;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
}

export interface OutboxPage {
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function startOutboxPage(options: OutboxPageOptions): Promise<OutboxPage> {
  const server = createServer((request, response) => handle(options.outbox, request, response));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function handle(outbox: Outbox, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }), { allow: 'GET, HEAD' });
    return;
  }
  const url = new URL(request.url ?? '/', 'http://outbox');
  const filter = filterFrom(url.searchParams);
  const messageId = /^\/messages\/([^/]+)$/.exec(url.pathname)?.[1];
  const apiId = /^\/api\/messages\/([^/]+)$/.exec(url.pathname)?.[1];
  if (url.pathname === '/') {
    send(
      response,
      200,
      'text/html; charset=utf-8',
      listPage(outbox.list(filter), filter, url.searchParams.get('refresh') !== 'off'),
    );
  } else if (url.pathname === '/api/messages') {
    send(response, 200, 'application/json', JSON.stringify({ messages: outbox.list(filter).map(toJson) }));
  } else if (apiId !== undefined) {
    const entry = outbox.get(decodeURIComponent(apiId));
    send(
      response,
      entry ? 200 : 404,
      'application/json',
      JSON.stringify(entry ? toJson(entry) : { error: 'not found' }),
    );
  } else if (messageId !== undefined) {
    const entry = outbox.get(decodeURIComponent(messageId));
    send(response, entry ? 200 : 404, 'text/html; charset=utf-8', entry ? messagePage(entry) : notFoundPage());
  } else {
    send(response, 404, 'text/html; charset=utf-8', notFoundPage());
  }
}

function filterFrom(params: URLSearchParams): OutboxFilter {
  const to = params.get('to')?.trim();
  const kind = params.get('kind');
  return { ...(to ? { to } : {}), ...(kind === 'email' || kind === 'sms' ? { kind: kind satisfies OutboxKind } : {}) };
}

/** The wire shape of an entry, also what browser tests read. */
export interface OutboxEntryJson {
  id: string;
  kind: OutboxKind;
  to: string;
  from: string;
  subject?: string;
  text: string;
  html?: string;
  receivedAt: string;
}

function toJson(entry: OutboxEntry): OutboxEntryJson {
  return { ...entry, receivedAt: entry.receivedAt.toISOString() };
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
