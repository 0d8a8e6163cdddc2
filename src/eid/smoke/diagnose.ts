// Why a connection to an eID service failed, in words an operator can act on: DNS and network
// errors, a server that does not chain to the pinned root, a client certificate the service
// refused. The service-specific HTTP answers (401, 503, Freja's codes) are explained beside each
// service's smoke test; these reasons are the same for both.
import type { CertificateFacts } from './certificate-facts.ts';
import type { TlsFindings } from './tls-probe.ts';

/** The names an operator changes, for the service at hand. */
export interface ServiceTerms {
  /** 'BankID', 'Freja eID' */
  name: string;
  /** Where the client certificate comes from, e.g. `bankid.pfxPath`. */
  clientKey: string;
  /** Where the pinned root comes from, e.g. `freja.serverCaPem`. */
  caKey: string;
  urlKey: string;
  /** Why a certificate may not suit this service, e.g. a test certificate against production. */
  clientHint?: (offered: CertificateFacts) => string | undefined;
}

const NETWORK: Record<string, (where: string, terms: ServiceTerms) => string> = {
  ENOTFOUND: (where, terms) =>
    `cannot resolve ${hostOf(where)} (ENOTFOUND): check DNS from this host, or ${terms.urlKey}`,
  EAI_AGAIN: (where) => `the name server did not answer for ${hostOf(where)} (EAI_AGAIN): check DNS from this host`,
  ECONNREFUSED: (where, terms) =>
    `nothing accepts connections at ${where} (ECONNREFUSED): check ${terms.urlKey}, and any outbound proxy or firewall`,
  ETIMEDOUT: (where) =>
    `no answer from ${where} in time (ETIMEDOUT): a firewall may be dropping outbound connections to it`,
  ENETUNREACH: (where) => `no route to ${where} (ENETUNREACH): this host has no network path there`,
  EHOSTUNREACH: (where) => `no route to ${where} (EHOSTUNREACH): this host has no network path there`,
  ERR_SSL_WRONG_VERSION_NUMBER: (where, terms) =>
    `${where} does not speak TLS (ERR_SSL_WRONG_VERSION_NUMBER): check that ${terms.urlKey} is the https API`,
};

function hostOf(where: string): string {
  return where.slice(0, where.lastIndexOf(':'));
}

/** Alerts a server sends when it will not take the client certificate. */
const REFUSAL_ALERTS = [
  'UNKNOWN_CA',
  'BAD_CERTIFICATE',
  'CERTIFICATE_REQUIRED',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_REVOKED',
  'CERTIFICATE_UNKNOWN',
  'UNSUPPORTED_CERTIFICATE',
  'ACCESS_DENIED',
  'HANDSHAKE_FAILURE',
];
const CLIENT_REFUSED = new RegExp(`ALERT_(${REFUSAL_ALERTS.join('|')})$`);

/** The reason the connection failed, when the TLS probe saw it; undefined when TLS was fine. */
export function tlsReason(tls: TlsFindings, terms: ServiceTerms): string | undefined {
  const where = `${tls.host}:${tls.port}`;
  const failure = tls.failure;
  if (failure && !failure.afterHandshake) {
    const network = NETWORK[failure.code];
    if (network) return `${terms.name} is unreachable: ${network(where, terms)}`;
    if (CLIENT_REFUSED.test(failure.code)) return clientRefused(tls, terms, `TLS alert ${alertName(failure.code)}`);
    if (failure.code === 'ECONNRESET' && tls.client)
      return clientRefused(tls, terms, 'it closed the connection during the TLS handshake');
    return `the TLS handshake with ${where} failed (${failure.code}): ${failure.message}`;
  }
  if (tls.server && !tls.trusted) return untrusted(tls, terms);
  if (tls.clientVerdict === 'refused') {
    const how =
      failure && CLIENT_REFUSED.test(failure.code)
        ? `TLS alert ${alertName(failure.code)}`
        : 'it closed the connection right after the TLS handshake';
    return clientRefused(tls, terms, how);
  }
  return undefined;
}

/** For an error the probe did not foresee: the network or TLS code underneath it, explained. */
export function transportReason(error: unknown, tls: TlsFindings, terms: ServiceTerms): string | undefined {
  const code = causeCode(error);
  if (code === undefined) return undefined;
  const failure = { code, message: code, afterHandshake: false };
  return tlsReason({ ...tls, failure, clientVerdict: undefined, trusted: true }, terms);
}

/** The Node error code of the first cause that has one, below the service's own error. */
export function causeCode(error: unknown): string | undefined {
  let cause: unknown = error instanceof Error ? error.cause : undefined;
  while (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    cause = cause.cause;
  }
  return undefined;
}

function untrusted(tls: TlsFindings, terms: ServiceTerms): string {
  const server = tls.server!;
  const subject = brief(server.subject);
  switch (tls.trustError) {
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the server certificate ${subject} is not for ${tls.host} (${tls.trustError}): check ${terms.urlKey}`;
    case 'CERT_HAS_EXPIRED':
      return (
        `the server certificate ${subject} expired on ${day(server.validTo)} (${tls.trustError}): ` +
        `the service at ${tls.host} is misconfigured, or is not ${terms.name}`
      );
    default:
      return (
        `${terms.name}'s server at ${tls.host}:${tls.port} is not trusted: its certificate ${subject}, ` +
        `issued by ${brief(server.issuer)}, does not chain to the pinned root (${tls.trustError ?? 'unknown'}): ` +
        `check ${terms.caKey}, and that ${terms.urlKey} points at ${terms.name}`
      );
  }
}

function clientRefused(tls: TlsFindings, terms: ServiceTerms, how: string): string {
  const offered = tls.client ? ` ${brief(tls.client.subject)}` : '';
  const hint = tls.client && terms.clientHint?.(tls.client);
  const notes = [hint, expiry(tls.client)].filter((note) => note !== undefined);
  const after = notes.length ? ` — ${notes.join('; ')}` : '';
  return `${terms.name} refused the client certificate${offered} (${how}): check ${terms.clientKey}${after}`;
}

function expiry(client: CertificateFacts | undefined): string | undefined {
  if (!client || client.validTo.getTime() > Date.now()) return undefined;
  return `it expired on ${day(client.validTo)}`;
}

function alertName(code: string): string {
  return `"${(CLIENT_REFUSED.exec(code)?.[1] ?? code).toLowerCase().replaceAll('_', ' ')}"`;
}

/** The common name and organisation: enough to recognise a certificate in a sentence. */
function brief(name: string): string {
  return name
    .split(', ')
    .filter((part) => part.startsWith('CN=') || part.startsWith('O='))
    .join(', ');
}

export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
