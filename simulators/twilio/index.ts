// ############################################################################################
// ##  TWILIO SIMULATOR: NOT TWILIO. FOR DEVELOPMENT, DEMOS AND TESTS ONLY. Sends no SMS:     ##
// ##  every accepted message lands in the Outbox for anyone who can read it.                ##
// ############################################################################################
//
// An HTTP(S) server answering the part of Twilio's REST API Portvakt uses, the Messages resource
// (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`), with Twilio's status codes, error
// codes and JSON shapes, so the official SDK is pointed at it unchanged (TwilioConfig.apiBaseUrl).
// Plain HTTP on loopback by default; with `tls.dataDir`, HTTPS with a certificate from the
// simulators' CA (pin `caCertPem` as TwilioConfig.caPem), as production talks to Twilio.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadOrCreateAuthority, loadOrIssue } from '../pki.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { createApiHandler, type TwilioAccount, type TwilioFault } from './api.ts';

export type { TwilioAccount, TwilioFault } from './api.ts';
export { segmentCount } from './segments.ts';

export interface TwilioSimulatorOptions {
  accounts: readonly TwilioAccount[];
  /** From numbers and sender IDs the accounts own; absent means any well-formed one (error 21606 otherwise). */
  senders?: readonly string[];
  /** Messaging Service SIDs that exist; absent means any well-formed MG… SID (error 21701 otherwise). */
  messagingServices?: readonly string[];
  outbox: Outbox;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Serve HTTPS with a certificate kept in this folder. */
  tls?: { dataDir: string };
  /** The clock for `date_created`. */
  now?: () => Date;
}

export interface TwilioSimulator {
  /** The origin to configure as TwilioConfig.apiBaseUrl. */
  url: string;
  /** The CA to pin as TwilioConfig.caPem, when serving HTTPS. */
  caCertPem: string | undefined;
  outbox: Outbox;
  setFault(fault: TwilioFault): void;
  close(): Promise<void>;
}

export async function startTwilioSimulator(options: TwilioSimulatorOptions): Promise<TwilioSimulator> {
  const host = options.host ?? '127.0.0.1';
  let fault: TwilioFault = 'none';
  const handler = createApiHandler({
    accounts: new Map(options.accounts.map((account) => [account.sid, account.authToken])),
    senders: options.senders ? new Set(options.senders) : undefined,
    messagingServices: options.messagingServices ? new Set(options.messagingServices) : undefined,
    outbox: options.outbox,
    now: options.now ?? (() => new Date()),
    fault: () => fault,
  });
  const certificates = options.tls ? await serverCertificate(options.tls.dataDir, host) : undefined;
  const server: Server = certificates
    ? createHttpsServer({ key: certificates.keyPem, cert: certificates.certPem }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const shownHost = address.includes(':') ? `[${address}]` : address;
  return {
    url: `${certificates ? 'https' : 'http'}://${shownHost}:${port}`,
    caCertPem: certificates?.caCertPem,
    outbox: options.outbox,
    setFault: (next) => {
      fault = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serverCertificate(
  dataDir: string,
  host: string,
): Promise<{ certPem: string; keyPem: string; caCertPem: string }> {
  const dir = join(dataDir, 'twilio-ca');
  const authority = await loadOrCreateAuthority(dir, 'Portvakt Twilio simulator CA');
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', host])];
  const issued = await loadOrIssue(authority, dir, `server-${hosts.join('_').replace(/[^\w.-]/g, '-')}`, {
    commonName: 'api.twilio.simulator',
    use: 'server',
    hosts,
  });
  return { ...issued, caCertPem: authority.certPem };
}
