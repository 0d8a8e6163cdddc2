// How a request's transport is read, the same way on every path (provider endpoints included):
// forwarding headers are believed only from a configured proxy, the host is always the configured
// issuer's, so no absolute URL (discovery, redirects, logout) is built from what a client claims,
// and an https issuer's answers carry HSTS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/schema.ts';

const FORWARDING = [
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-for',
  'x-forwarded-port',
  'forwarded',
] as const;

export function transportFor(
  config: Pick<Config, 'issuer' | 'http'>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const issuer = new URL(config.issuer);
  const trusted = new Set(config.http.trustedProxies);
  const hsts =
    issuer.protocol === 'https:'
      ? `max-age=31536000${config.http.hstsIncludeSubDomains ? '; includeSubDomains' : ''}`
      : undefined;
  return (req, res) => {
    const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!trusted.has(peer)) for (const header of FORWARDING) delete req.headers[header];
    // The proxy has told us the scheme; the host is ours to know, never the client's to say.
    delete req.headers['x-forwarded-host'];
    req.headers.host = issuer.host;
    if (hsts) res.setHeader('Strict-Transport-Security', hsts);
  };
}
