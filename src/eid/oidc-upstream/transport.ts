// HTTPS to an upstream issuer whose server certificate comes from a CA of the organisation's own
// (a health-sector broker, an internal ADFS): that CA, and only it, is trusted. Issuers with a
// publicly trusted certificate use the platform's fetch instead.
import { Agent, request } from 'node:https';
import type { CustomFetch } from 'openid-client';

/** Discovery documents, JWKS and token responses are small; anything larger is refused. */
const MAX_BODY_BYTES = 512 * 1024;

export function pinnedCaFetch(caPem: string): { fetch: CustomFetch; close(): void } {
  const agent = new Agent({ keepAlive: true, ca: caPem, rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  const fetch: CustomFetch = (url, options) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: options.method, headers: options.headers, agent, signal: options.signal });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES)
            req.destroy(new Error(`the answer from ${new URL(url).origin} is larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
              headers.append(name, item);
          }
          const status = res.statusCode ?? 502;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(bodyOf(options.body));
    });
  return { fetch, close: () => agent.destroy() };
}

function bodyOf(body: Parameters<CustomFetch>[1]['body']): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('streamed request bodies are not used with upstream issuers');
}
