// Mutual TLS to Freja eID: the relying party's PKCS#12 as client certificate, Freja's CA
// pinned as the only trust anchor, and a deadline on every call.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import { clientTlsOptions } from '../client-identity.ts';
import { FrejaError } from './errors.ts';

export interface TransportOptions {
  baseUrl: string;
  pfx: Buffer;
  passphrase: string;
  /** PEM of the CA (or CAs) that issued Freja's server certificate. */
  caPem: string;
  timeoutMs: number;
}

export interface RawAnswer {
  status: number;
  body: string;
}

/** Enough for any authentication answer; photos, which could be larger, are never requested. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export class FrejaTransport {
  readonly #agent: Agent;
  readonly #base: URL;
  readonly #timeoutMs: number;

  constructor(options: TransportOptions) {
    this.#base = new URL(options.baseUrl);
    this.#timeoutMs = options.timeoutMs;
    this.#agent = new Agent({
      keepAlive: true,
      // The bundle's key and certificates, never the CAs packed beside them (client-identity.ts).
      ...clientTlsOptions(options.pfx, options.passphrase),
      ca: options.caPem,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
  }

  post(path: string, body: string): Promise<RawAnswer> {
    const url = new URL(this.#base.pathname.replace(/\/$/, '') + path, this.#base);
    return new Promise<RawAnswer>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        agent: this.#agent,
        // The official SDK labels the body JSON although it is not; Freja reads it regardless.
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          accept: 'application/json',
        },
      });
      const timer = setTimeout(() => {
        req.destroy(
          new FrejaError('timeout', 'Freja eID did not answer in time.', {
            detail: { path, timeoutMs: this.#timeoutMs },
          }),
        );
      }, this.#timeoutMs);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        reject(asTransportError(error, path));
      };
      req.on('response', (res) => {
        readLimited(res, req, path).then((answerBody) => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: answerBody });
        }, fail);
      });
      req.on('error', fail);
      req.end(body);
    });
  }

  /** Closes kept-alive connections, so a stopping process or a test leaves nothing open. */
  close(): void {
    this.#agent.destroy();
  }
}

function readLimited(res: IncomingMessage, req: ClientRequest, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        req.destroy(
          new FrejaError('invalidResponse', 'Freja eID answered unexpectedly.', {
            detail: { path, reason: 'answer too large' },
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function asTransportError(error: Error, path: string): FrejaError {
  if (error instanceof FrejaError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new FrejaError('unreachable', 'Freja eID could not be reached.', {
    cause: error,
    detail: { path, errorCode: code },
  });
}
