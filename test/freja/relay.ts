// A man in the middle for the verification tests: a mutual-TLS server with a certificate from
// the simulator's own CA (so a client that pins that CA trusts it), which passes each call on
// to the real simulator and may rewrite the answer on the way back, as an attacker who holds
// the server's key could.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadOrCreateAuthority } from '../../simulators/pki.ts';
import { rawPost, type Harness, type RawResponse } from './support.ts';

export interface RelayedCall {
  path: string;
  body: string;
}

export type Rewrite = (call: RelayedCall, answer: RawResponse) => RawResponse | Promise<RawResponse>;

export interface Relay {
  url: string;
  calls: RelayedCall[];
  /** Replaced per test; passes answers through unchanged by default. */
  rewrite: Rewrite;
  close(): Promise<void>;
}

export async function startRelay(h: Harness): Promise<Relay> {
  const authority = await loadOrCreateAuthority(h.dataDir, 'unused: the simulator made this CA already');
  const server = authority.issue({ commonName: 'relay', use: 'server', hosts: ['127.0.0.1'] });
  const relay: Relay = { url: '', calls: [], rewrite: (_call, answer) => answer, close: async () => undefined };
  const https = createServer(
    { key: server.keyPem, cert: server.certPem, ca: h.sim.caCertPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const call = { path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') };
        relay.calls.push(call);
        rawPost(h.sim, call.path, call.body)
          .then((answer) => relay.rewrite(call, answer))
          .then((answer) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body))
          .catch(() => res.destroy());
      });
    },
  );
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  relay.url = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  relay.close = () =>
    new Promise<void>((resolve) => {
      https.close(() => resolve());
      https.closeAllConnections();
    });
  return relay;
}
