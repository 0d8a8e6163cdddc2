// ┌──────────────────────────────────────────────────────────────────────────────────────────┐
// │ SAML IdP SIMULATOR: FOR TESTS AND THE DEMO ONLY. NEVER PART OF A PRODUCTION SETUP.       │
// │ It logs in made-up staff at the click of a button, with its own CA and keys.             │
// └──────────────────────────────────────────────────────────────────────────────────────────┘
// An organisation's SAML 2.0 IdP, built with samlify (not with the code that Portvakt's broker
// uses), over HTTPS: signed AuthnRequests in by HTTP-Redirect, signed responses with encrypted
// assertions out by HTTP-POST, single logout both ways. `behaviour` makes the faulty answers
// Portvakt's tests expect it to refuse.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadCredentials } from './credentials.ts';
import { createEntities, idpMetadataXml } from './entities.ts';
import { createHandler, idpInitiatedLogout, type IdpState } from './handler.ts';
import { DEFAULT_STAFF, type StaffPerson } from './persons.ts';
import { signRedirectQuery, type RedirectMessage } from './redirect-signing.ts';
import { DEFAULT_BEHAVIOUR, type ResponseBehaviour } from './responses.ts';

export { DEFAULT_STAFF, ATTRIBUTE_NAMES, type StaffPerson } from './persons.ts';
export { DEFAULT_BEHAVIOUR, type ResponseBehaviour } from './responses.ts';
export type { RedirectMessage } from './redirect-signing.ts';

export interface SamlIdpOptions {
  /** Where the CA and keys are made on first run and found after. One folder per simulator. */
  dataDir: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A service provider's metadata; more, or this one later, with `registerServiceProvider`. */
  spMetadataXml?: string;
  persons?: readonly StaffPerson[] | undefined;
}

export interface SamlIdp {
  /** https://127.0.0.1:<port>; the entity id is `<url>/metadata`. */
  url: string;
  entityId: string;
  metadataXml: string;
  signingCertPem: string;
  /** Signs like the IdP, with a key nobody trusts: the certificate of the impostor's key. */
  impostorCertPem: string;
  /** The CA of the HTTPS server certificate. */
  caCertPem: string;
  persons: readonly StaffPerson[];
  /** What the next responses look like; `reset()` restores a well-behaved IdP. */
  behaviour: ResponseBehaviour;
  reset(): void;
  registerServiceProvider(spMetadataXml: string): void;
  /** Starts an IdP-initiated logout of a person: the URL (at the SP) the browser goes to. */
  logoutUrl(personId: string): string;
  /** Who has a session at the IdP. */
  loggedIn(): string[];
  /** A query string with `message` (already encoded) signed by this IdP, however broken it is. */
  signRedirectQuery(message: RedirectMessage, relayState?: string): string;
  close(): Promise<void>;
}

export async function startSamlIdp(options: SamlIdpOptions): Promise<SamlIdp> {
  const host = options.host ?? '127.0.0.1';
  const credentials = await loadCredentials(options.dataDir, host);
  const server = createServer({
    key: credentials.server.keyPem,
    cert: credentials.server.certPem,
    minVersion: 'TLSv1.2',
  });
  const port = await listen(server, host, options.port ?? 0);
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const keys = { own: credentials.signing, impostor: credentials.impostor };
  const state: IdpState = {
    serviceProviders: new Map(),
    persons: options.persons ?? DEFAULT_STAFF,
    behaviour: { ...DEFAULT_BEHAVIOUR },
    pending: new Map(),
    sessions: new Map(),
    metadataXml: idpMetadataXml(url, keys),
  };
  const register = (xml: string) => {
    const entities = createEntities(url, keys, xml);
    state.serviceProviders.set(entities.sp.entityMeta.getEntityID(), entities);
  };
  if (options.spMetadataXml) register(options.spMetadataXml);
  server.on('request', createHandler(state, url));
  return {
    url,
    entityId: `${url}/metadata`,
    metadataXml: state.metadataXml,
    signingCertPem: credentials.signing.certPem,
    impostorCertPem: credentials.impostor.certPem,
    caCertPem: credentials.caCertPem,
    persons: state.persons,
    get behaviour() {
      return state.behaviour;
    },
    reset: () => void (state.behaviour = { ...DEFAULT_BEHAVIOUR }),
    registerServiceProvider: register,
    logoutUrl: (personId) => idpInitiatedLogout(state, personId),
    loggedIn: () => [...state.sessions.keys()],
    signRedirectQuery: (message, relayState) => signRedirectQuery(credentials.signing.keyPem, message, relayState),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
