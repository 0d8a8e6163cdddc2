// One TLS connection to an eID service with the client's own certificate and pinned roots, on which
// nothing is sent: it shows what the server presented, which pinned root its chain ends in, which
// certificate was offered and whether the server took it. `portvakt eid smoke` prints it beside the
// API calls, so a refused handshake is explained rather than reported as a bare connection reset.
import { clientTlsOptions } from '../client-identity.ts';
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { splitPemBundle } from '../freja/config.ts';
import { facts, offeredCertificate, type CertificateFacts } from './certificate-facts.ts';

export type { CertificateFacts } from './certificate-facts.ts';

export type ClientVerdict =
  /** TLS 1.2 finished, or a TLS 1.3 server sent its session tickets: it has checked the certificate. */
  | 'accepted'
  /** The connection ended right after the handshake, with an alert or without one. */
  | 'refused'
  /** A TLS 1.3 server that sends no tickets says nothing either way; the API call decides. */
  | 'unconfirmed';

export interface TlsFindings {
  host: string;
  port: number;
  /** The address this machine reaches the service from. */
  localAddress: string | undefined;
  protocol: string | undefined;
  /** The certificate the configured PKCS#12 presents. */
  client: CertificateFacts | undefined;
  server: CertificateFacts | undefined;
  /** The server's chain ends in a pinned root and its certificate names this host. */
  trusted: boolean;
  trustError: string | undefined;
  /** The root the verified chain ends in... */
  root: CertificateFacts | undefined;
  /**
   * ...and whether it is one of the pinned ones. Node also trusts the CA certificates packed into
   * the client's PKCS#12, so a server can be trusted through those instead of the pinned root.
   */
  rootPinned: boolean;
  clientVerdict: ClientVerdict | undefined;
  /** What ended the connection early: a DNS, network or TLS error code. */
  failure: { code: string; message: string; afterHandshake: boolean } | undefined;
  ms: number;
}

export interface TlsTarget {
  url: string;
  pfx: Buffer;
  passphrase: string;
  /** The pinned roots, PEM. */
  ca: string;
  timeoutMs: number;
}

/** How long a TLS 1.3 server gets to send its tickets once the handshake is done. */
const TICKET_WAIT_MS = 3000;

export function probeTls(target: TlsTarget): Promise<TlsFindings> {
  const url = new URL(target.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 443);
  const started = performance.now();
  const findings: TlsFindings = {
    host,
    port,
    localAddress: undefined,
    protocol: undefined,
    client: offeredCertificate(target.pfx, target.passphrase),
    server: undefined,
    trusted: false,
    trustError: undefined,
    root: undefined,
    rootPinned: false,
    clientVerdict: undefined,
    failure: undefined,
    ms: 0,
  };
  return new Promise((resolve) => {
    // The server is judged below exactly as the clients judge it (`authorized` covers the chain and
    // the host name); not refusing it in the handshake only lets an untrusted server be described.
    const socket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      ...clientTlsOptions(target.pfx, target.passphrase),
      ca: target.ca,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    });
    let handshaken = false;
    let settled = false;
    const finish = (verdict: ClientVerdict | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      findings.clientVerdict = verdict;
      findings.ms = Math.round(performance.now() - started);
      socket.destroy();
      resolve(findings);
    };
    let timer = setTimeout(() => {
      findings.failure = {
        code: 'ETIMEDOUT',
        message: `no TLS handshake within ${target.timeoutMs} ms`,
        afterHandshake: false,
      };
      finish(undefined);
    }, target.timeoutMs);
    // A TLS 1.2 server may send its ticket before its Finished; the handshake's end decides then.
    socket.on('session', () => {
      if (handshaken) finish('accepted');
    });
    socket.once('secureConnect', () => {
      handshaken = true;
      findings.protocol = socket.getProtocol() ?? undefined;
      findings.localAddress = socket.localAddress;
      readServer(socket, findings, target.ca);
      // TLS 1.2: the server checked our certificate before its Finished. TLS 1.3: it checks it after
      // ours, and only then sends session tickets (or an alert).
      if (findings.protocol !== 'TLSv1.3') return finish('accepted');
      clearTimeout(timer);
      timer = setTimeout(() => finish('unconfirmed'), Math.min(TICKET_WAIT_MS, target.timeoutMs));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      findings.failure = { code: error.code ?? 'ERROR', message: error.message, afterHandshake: handshaken };
      finish(handshaken ? 'refused' : undefined);
    });
    socket.once('close', () => {
      if (settled) return;
      findings.failure ??= {
        code: 'ECONNRESET',
        message: 'the server closed the connection',
        afterHandshake: handshaken,
      };
      finish(handshaken ? 'refused' : undefined);
    });
  });
}

function readServer(socket: TLSSocket, findings: TlsFindings, ca: string): void {
  const peer = socket.getPeerCertificate(true);
  if (!peer.raw) return;
  findings.server = facts(new X509Certificate(peer.raw));
  findings.trusted = socket.authorized;
  findings.trustError = socket.authorized ? undefined : String(socket.authorizationError);
  if (!socket.authorized) return;
  const top = new X509Certificate(chainTop(peer).raw);
  const pinned = pinnedRoot(top, ca);
  findings.root = pinned ?? facts(top);
  findings.rootPinned = pinned !== undefined;
}

/** Node completes a verified chain from the trust store, so its last link is the root that matched. */
function chainTop(peer: DetailedPeerCertificate): DetailedPeerCertificate {
  let top = peer;
  while (top.issuerCertificate && top.issuerCertificate.fingerprint256 !== top.fingerprint256)
    top = top.issuerCertificate;
  return top;
}

function pinnedRoot(top: X509Certificate, ca: string): CertificateFacts | undefined {
  const roots = splitPemBundle(ca).map((pem) => new X509Certificate(pem));
  const root = roots.find(
    (candidate) =>
      candidate.fingerprint256 === top.fingerprint256 ||
      (top.checkIssued(candidate) && top.verify(candidate.publicKey)),
  );
  return root && facts(root);
}
