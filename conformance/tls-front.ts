// TLS in front of the suite and of Portvakt, in place of the suite's nginx (its nginx/nginx.conf):
// it terminates TLS and passes the facts the suite reads from nginx's headers (client certificate on
// the mutual-TLS port, cipher, protocol, the forwarded host and port). Portvakt sits behind the same front,
// as it would behind a load balancer.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface Listener {
  port: number;
  target: number;
  /** Ask for a client certificate (any; the suite checks it) and forward it. */
  clientCertificates?: boolean;
  /** TLS 1.2 only with the GCM suites BCP 195 recommends, which the FAPI 2.0 plans check. */
  strictCiphers?: boolean;
}

const STRICT_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
].join(':');

export async function startTlsFront(
  cert: Buffer,
  key: Buffer,
  listeners: Listener[],
): Promise<{ close(): Promise<void> }> {
  const servers = await Promise.all(listeners.map((listener) => listen(cert, key, listener)));
  return {
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

function listen(cert: Buffer, key: Buffer, listener: Listener): Promise<Server> {
  const server = createServer(
    {
      cert,
      key,
      minVersion: 'TLSv1.2',
      requestCert: listener.clientCertificates === true,
      rejectUnauthorized: false,
      maxHeaderSize: 64 * 1024,
      ...(listener.strictCiphers ? { ciphers: STRICT_CIPHERS } : {}),
    },
    (req, res) => {
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: listener.target,
          method: req.method,
          path: req.url,
          headers: forwardedHeaders(req.headers, req.socket as TLSSocket, req.url ?? '/', listener),
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
          answer.pipe(res);
        },
      );
      // The suite holds some requests open while it waits for a callback (up to a minute).
      upstream.setTimeout(150_000, () => upstream.destroy(new Error('no answer within 150 s')));
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`TLS front: ${error.message}\n`);
      });
      req.pipe(upstream);
    },
  );
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Every address of the namespace's loopback: Java and Node differ on what localhost is first.
    server.listen(listener.port, () => resolve(server));
  });
}

function forwardedHeaders(
  incoming: IncomingHttpHeaders,
  socket: TLSSocket,
  url: string,
  listener: Listener,
): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = { ...incoming };
  const peer = socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = incoming['x-forwarded-for'] ? `${String(incoming['x-forwarded-for'])}, ${peer}` : peer;
  headers['x-forwarded-proto'] = 'https';
  headers['x-forwarded-host'] = incoming.host ?? `localhost:${listener.port}`;
  headers['x-forwarded-port'] = String(listener.port);
  headers['x-forwarded-uri'] = url;
  const cipher = socket.getCipher();
  headers['x-ssl-cipher'] = cipher.standardName ?? cipher.name;
  headers['x-ssl-protocol'] = socket.getProtocol() ?? '';
  delete headers['x-ssl-cert'];
  if (listener.clientCertificates) {
    const raw = socket.getPeerCertificate().raw;
    // nginx's $ssl_client_cert: PEM with every line after the first indented by a tab.
    if (raw) headers['x-ssl-cert'] = pem(raw).replace(/\n/g, '\n\t');
  } else {
    // The suite refuses mutual-TLS paths reached on the plain port (nginx's $mtls_wrong_host).
    headers['x-test-mtls-called-on-wrong-host'] = /^\/test-mtls/i.test(url) ? 'true' : '';
  }
  return headers;
}

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
}
