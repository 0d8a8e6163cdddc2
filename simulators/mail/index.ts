// ############################################################################################
// ##  DEMO MAIL SERVER: FOR DEVELOPMENT, DEMOS AND TESTS ONLY. Accepts mail from anyone      ##
// ##  without authentication and delivers nothing: every message lands in the Outbox.       ##
// ############################################################################################
//
// A real SMTP server (smtp-server) on loopback. Each accepted message is parsed (mailparser) and
// stored once per envelope recipient. Without `tls` it speaks plain SMTP on loopback and does not
// offer STARTTLS, the demo's default (the sender then needs requireTLS: false); with
// `tls.dataDir` it offers STARTTLS with a certificate from the simulators' CA, which a sender
// trusts through `caPem`, so the production setting requireTLS: true can be exercised too.
//
// With `auth`, the server requires AUTH PLAIN/LOGIN with those credentials (over plain SMTP too:
// it is loopback), so a sender's login and a wrong password can be exercised.
//
// Faults for tests: `reject` refuses every recipient and every DATA with 554 (a policy refusal);
// `hang` accepts the connection and greeting, then never answers MAIL FROM. Recipients in
// the reserved `.invalid` domain (RFC 2606) are refused as unknown mailboxes (550 5.1.1).
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadOrCreateAuthority, loadOrIssue } from '../pki.ts';
import { Outbox } from '../outbox/outbox.ts';
import { sessionHandlers, type MailFault } from './handlers.ts';

export type { MailFault } from './handlers.ts';

export interface MailServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** A shared outbox (e.g. with the Twilio simulator); default a new one holding `maxMessages`. */
  outbox?: Outbox;
  /** Default 500. */
  maxMessages?: number;
  /** Offer STARTTLS with a certificate kept in this folder. */
  tls?: { dataDir: string };
  /** Require these credentials; default: no authentication. */
  auth?: { user: string; pass: string };
}

export interface MailServer {
  host: string;
  port: number;
  outbox: Outbox;
  /** The CA to trust for STARTTLS, when `tls` was given. */
  caCertPem: string | undefined;
  setFault(fault: MailFault): void;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startMailServer(options: MailServerOptions = {}): Promise<MailServer> {
  const host = options.host ?? '127.0.0.1';
  const outbox = options.outbox ?? new Outbox({ maxEntries: options.maxMessages ?? 500 });
  const certificates = options.tls ? await serverCertificate(options.tls.dataDir, host) : undefined;
  let fault: MailFault = 'none';

  const server = new SMTPServer({
    name: 'mail.portvakt.simulator',
    banner: 'Portvakt demo mail server: nothing is delivered',
    authOptional: options.auth === undefined,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(certificates ? [] : ['STARTTLS'])],
    ...(certificates ? { key: certificates.keyPem, cert: certificates.certPem } : {}),
    size: MAX_MESSAGE_BYTES,
    disableReverseLookup: true,
    hideENHANCEDSTATUSCODES: false,
    logger: false,
    closeTimeout: 250,
    ...sessionHandlers({ auth: options.auth, outbox, fault: () => fault, maxBytes: MAX_MESSAGE_BYTES }),
  });

  await new Promise<void>((resolve, reject) => {
    // Until listening, an error is a failed start; afterwards it is one client's broken
    // connection, which must not bring the demo down.
    let listening = false;
    server.on('error', (error) => {
      if (!listening) reject(error);
    });
    server.listen(options.port ?? 0, host, () => {
      listening = true;
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    outbox,
    caCertPem: certificates?.caCertPem,
    setFault: (next) => {
      fault = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function serverCertificate(
  dataDir: string,
  host: string,
): Promise<{ certPem: string; keyPem: string; caCertPem: string }> {
  const dir = join(dataDir, 'mail-ca');
  const authority = await loadOrCreateAuthority(dir, 'Portvakt mail simulator CA');
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', host])];
  const issued = await loadOrIssue(authority, dir, `server-${hosts.join('_').replace(/[^\w.-]/g, '-')}`, {
    commonName: 'mail.portvakt.simulator',
    use: 'server',
    hosts,
  });
  return { ...issued, caCertPem: authority.certPem };
}
