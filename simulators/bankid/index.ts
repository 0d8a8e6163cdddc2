// ############################################################################################
// ##  BANKID SIMULATOR: NOT BANKID. FOR DEVELOPMENT, DEMOS AND TESTS ONLY.                   ##
// ##  Never import this from src/ or use it in production configuration. Anyone holding the ##
// ##  simulator's client certificate can log in as any demo person.                        ##
// ############################################################################################
//
// An HTTPS server speaking the BankID Relying Party API v6.0 (`apiUrl`, mutual TLS: a client
// without a certificate from the simulator's RP CA is refused during the TLS handshake), and a
// second HTTPS server (`appUrl`, no client certificate) with the page that plays the demo
// person's phone: scan the animated QR code, follow the autostart link, approve or cancel.
//
// Certificates are created on first run in `dataDir` and reused afterwards:
//   dataDir/server-ca  the "BankID SSL root" (pin `caCertPem`) and the server certificate
//   dataDir/rp-ca      the CA that issues relying-party certificates, and one such certificate
//   dataDir/user-ca    the CA behind the demo persons' certificates and the OCSP responder
import { createServer, type Server } from 'node:https';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadOrCreateAuthority, loadOrIssue, loadOrIssueClient } from '../pki.ts';
import { createApiHandler, API_PREFIX, type QueuedFault, type SimulatedFault } from './api.ts';
import { createAppPageHandler, returnTarget } from './app-page.ts';
import { Evidence } from './evidence.ts';
import { DEFAULT_TIMING, OrderBook, type Order, type Timing } from './orders.ts';
import { DEFAULT_PERSONS, type DemoPerson } from './persons.ts';

export { BEHAVIOURS, DEFAULT_PERSONS, type Behaviour, type DemoPerson } from './persons.ts';
export { DEFAULT_TIMING, type Timing } from './orders.ts';
export type { SimulatedFault } from './api.ts';
/** Thrown by the `app` methods when the simulated app refuses (stale QR code, wrong person, scripted failure). */
export { AppRefusal as SimulatedAppRefusal } from './orders.ts';

export interface BankIdSimulatorOptions {
  /** Where the certificates live; created on first run, reused afterwards. */
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** RP API port; default 0 (any free port). */
  port?: number;
  /** App page port; default 0 (any free port). */
  appPort?: number;
  /** The clock (ms since the epoch); tests move it to reach startFailed or expiry without waiting. */
  now?: () => number;
  /** Demo persons; default DEFAULT_PERSONS, one per scripted behaviour. */
  persons?: readonly DemoPerson[];
  /** Start timeout (30 s), order lifetime (3 min), QR code age and the like. */
  timing?: Partial<Timing>;
}

export interface SimulatedAppOrder {
  readonly status: 'pending' | 'failed' | 'complete';
  readonly hintCode: string;
  /** Where the app sends the person once the order is done (the order's returnUrl, else the launch link's redirect). */
  readonly returnTo: string | undefined;
  /** What the relying party said of the person's browser (`web`: referringDomain, userAgent, deviceIdentifier). */
  readonly web: Readonly<Record<string, string>> | undefined;
  approve(): void;
  cancel(): void;
  confirmCall(): void;
  declineCall(): void;
  scanIdDocument(): void;
}

/** The demo person's phone, without the HTML page (the page does the same through these). */
export interface SimulatedApp {
  scanQr(qrContent: string, personalNumber: string): SimulatedAppOrder;
  /** Follows the autostart link and picks the BankID, as the same-device flow does. */
  autoStart(autoStartToken: string, personalNumber: string, redirect?: string): SimulatedAppOrder;
  openPhoneOrder(personalNumber: string): SimulatedAppOrder;
}

export interface BankIdSimulator {
  /** …/rp/v6.0/, for the client's baseUrl. */
  apiUrl: string;
  /** The app page; use it as the client's launchBaseUrl. */
  appUrl: string;
  /** The root the server certificate chains to: the client's CA to pin. */
  caCertPem: string;
  /** A relying-party certificate the simulator trusts (PKCS#12) and its passphrase. */
  clientPfx: Buffer;
  clientPassphrase: string;
  persons: readonly DemoPerson[];
  app: SimulatedApp;
  /** The next `times` (default 1) calls, to `endpoint` or to any, fail as scripted. */
  injectFault(fault: SimulatedFault, options?: { endpoint?: string; times?: number }): void;
  close(): Promise<void>;
}

export async function startBankIdSimulator(options: BankIdSimulatorOptions): Promise<BankIdSimulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const persons = [...(options.persons ?? DEFAULT_PERSONS)];
  const timing: Timing = { ...DEFAULT_TIMING, ...options.timing };

  const serverDir = join(options.dataDir, 'server-ca');
  const rpDir = join(options.dataDir, 'rp-ca');
  const userDir = join(options.dataDir, 'user-ca');
  const serverCa = await loadOrCreateAuthority(serverDir, 'Portvakt BankID simulator SSL Root CA');
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...(isWildcard(host) ? [] : [host])])];
  const hostsKey = createHash('sha256').update(hosts.join(',')).digest('hex').slice(0, 12);
  const serverCert = await loadOrIssue(serverCa, serverDir, `server-${hostsKey}`, {
    commonName: 'appapi.bankid.simulator',
    use: 'server',
    hosts,
  });
  const rpCa = await loadOrCreateAuthority(rpDir, 'Portvakt BankID simulator RP CA');
  const client = await loadOrIssueClient(rpCa, rpDir, 'rp-client', 'Portvakt relying party (BankID simulator)');
  const userCa = await loadOrCreateAuthority(userDir, 'Portvakt BankID simulator user CA');
  const ocspResponder = await loadOrIssue(userCa, userDir, 'ocsp-responder', {
    commonName: 'BankID simulator OCSP responder',
    use: 'signing',
  });

  const evidence = new Evidence({ userCa, ocspResponder });
  const book = new OrderBook(
    () => persons,
    timing,
    now,
    (order, person, at) => evidence.completion(order, person, at),
  );
  const faults: QueuedFault[] = [];

  const api = createServer(
    {
      key: serverCert.keyPem,
      cert: serverCert.certPem,
      // Only relying-party certificates from the simulator's RP CA get through the handshake.
      ca: [rpCa.certPem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    createApiHandler(book, faults),
  );
  const appPage = createServer(
    { key: serverCert.keyPem, cert: serverCert.certPem, minVersion: 'TLSv1.2' },
    createAppPageHandler(book, () => persons, faults),
  );
  await Promise.all([listen(api, host, options.port ?? 0), listen(appPage, host, options.appPort ?? 0)]);

  const urlHost = isWildcard(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const appOrder = (order: Order): SimulatedAppOrder => {
    const act = (action: Parameters<OrderBook['act']>[1]) => () => void book.act(order.appSession, action);
    return {
      get status() {
        return book.bySession(order.appSession)?.status ?? order.status;
      },
      get hintCode() {
        return book.bySession(order.appSession)?.hintCode ?? order.hintCode;
      },
      get returnTo() {
        return returnTarget(order);
      },
      web: order.request.web,
      approve: act('approve'),
      cancel: act('cancel'),
      confirmCall: act('confirmCall'),
      declineCall: act('declineCall'),
      scanIdDocument: act('mrtd'),
    };
  };

  return {
    apiUrl: `https://${urlHost}:${(api.address() as AddressInfo).port}${API_PREFIX}`,
    appUrl: `https://${urlHost}:${(appPage.address() as AddressInfo).port}/`,
    caCertPem: serverCa.certPem,
    clientPfx: client.pfx,
    clientPassphrase: client.passphrase,
    persons,
    app: {
      scanQr: (content, personalNumber) => appOrder(book.scanQr(content, personalNumber, '127.0.0.1')),
      autoStart: (token, personalNumber, redirect) => {
        const order = book.launch(token, redirect);
        return appOrder(book.chooseIdentity(order.appSession, personalNumber, '127.0.0.1'));
      },
      openPhoneOrder: (personalNumber) => appOrder(book.openForPhone(personalNumber, '127.0.0.1')),
    },
    injectFault(fault, faultOptions = {}) {
      faults.push({ fault, endpoint: faultOptions.endpoint, remaining: faultOptions.times ?? 1 });
    },
    async close() {
      await Promise.all([stop(api), stop(appPage)]);
    },
  };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Kept-alive and deliberately hung connections would hold close() open.
    server.closeAllConnections();
  });
}
