// The test IdP's HTTP endpoints: metadata, single sign-on (HTTP-Redirect in, HTTP-POST out), the
// login page, and single logout both ways. The service provider's signatures are checked by
// samlify against the SP's metadata, as a real IdP would.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import type { IdpEntities } from './entities.ts';
import type { StaffPerson } from './persons.ts';
import { cancelledResponse, loginResponse, relayStateOption, type ResponseBehaviour } from './responses.ts';
import { loginPage, messagePage, postPage, sessionsPage } from './views.ts';

export interface IdpState {
  /** The service providers this IdP knows, by entity id, each from its metadata. */
  serviceProviders: Map<string, IdpEntities>;
  persons: readonly StaffPerson[];
  /** Read for every response, so a test can change it between logins. */
  behaviour: ResponseBehaviour;
  /** Requests waiting for the person to pick who they are, by a one-time ticket. */
  pending: Map<string, { id: string; relayState: string | undefined; sp: string }>;
  /** Who is logged in at the IdP, and at which service provider, with the SAML session each has. */
  sessions: Map<string, IdpSession>;
  metadataXml: string;
}

export interface IdpSession {
  person: StaffPerson;
  sessionIndex: string;
  sp: string;
}

/** The service provider that sent a redirect-binding message, by the message's Issuer. */
function senderOf(state: IdpState, query: Record<string, string>): IdpEntities {
  const encoded = query.SAMLRequest ?? query.SAMLResponse ?? '';
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const issuer =
    new DOMParser()
      .parseFromString(xml, 'text/xml')
      .getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]
      ?.textContent?.trim() ?? '';
  return known(state, issuer);
}

function known(state: IdpState, spEntityId: string): IdpEntities {
  const entities = state.serviceProviders.get(spEntityId);
  if (!entities) throw new Error(`The service provider ${spEntityId} is not registered with this IdP.`);
  return entities;
}

const MAX_FORM_BYTES = 16 * 1024;

export function createHandler(state: IdpState, baseUrl: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(state, baseUrl, req, res).catch((error: unknown) => {
      const { status, html } = messagePage('Error', (error as Error).message, 400);
      send(res, status, 'text/html; charset=utf-8', html);
    });
  };
}

async function route(state: IdpState, baseUrl: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', baseUrl);
  const key = `${req.method} ${url.pathname}`;
  const request = { query: Object.fromEntries(url.searchParams), octetString: octets(url.search) };
  switch (key) {
    case 'GET /metadata':
      return send(res, 200, 'application/samlmetadata+xml', state.metadataXml);
    case 'GET /':
      return send(res, 200, 'text/html; charset=utf-8', sessionsPage([...state.sessions.values()]));
    case 'GET /sso': {
      const entities = senderOf(state, request.query);
      const parsed = await entities
        .idp({ key: 'own', encrypt: true })
        .parseLoginRequest(entities.sp, 'redirect', request);
      const ticket = randomBytes(16).toString('hex');
      const sp = entities.sp.entityMeta.getEntityID();
      state.pending.set(ticket, {
        id: String((parsed.extract.request as { id?: string } | undefined)?.id),
        relayState: url.searchParams.get('RelayState') ?? undefined,
        sp,
      });
      return send(res, 200, 'text/html; charset=utf-8', loginPage(ticket, state.persons, sp));
    }
    case 'POST /sso/login':
    case 'POST /sso/cancel': {
      const form = await readForm(req);
      const pending = state.pending.get(form.get('ticket') ?? '');
      if (!pending) throw new Error('This login is unknown or already answered.');
      state.pending.delete(form.get('ticket')!);
      const entities = known(state, pending.sp);
      const person = state.persons.find((candidate) => candidate.id === form.get('person'));
      if (url.pathname === '/sso/cancel' || !person) return sendPost(res, await cancelledResponse(entities, pending));
      const sessionIndex = `_${randomBytes(12).toString('hex')}`;
      state.sessions.set(person.id, { person, sessionIndex, sp: pending.sp });
      return sendPost(res, await loginResponse(entities, state.behaviour, pending, person, sessionIndex));
    }
    case 'GET /slo':
      return url.searchParams.has('SAMLRequest')
        ? logoutFromSp(state, res, request)
        : logoutAnswered(state, res, request);
    case 'GET /logout':
      return redirect(res, idpInitiatedLogout(state, url.searchParams.get('person') ?? ''));
    default:
      return send(res, 404, 'text/plain', 'not found');
  }
}

type RedirectRequest = { query: Record<string, string>; octetString: string };

/** The SP logs the person out: end the IdP session it names and answer with a signed LogoutResponse. */
async function logoutFromSp(state: IdpState, res: ServerResponse, request: RedirectRequest): Promise<void> {
  const entities = senderOf(state, request.query);
  const idp = entities.idp({ key: 'own', encrypt: true });
  const parsed = await idp.parseLogoutRequest(entities.sp, 'redirect', request);
  const nameId = parsed.extract.nameID;
  for (const [id, session] of state.sessions) if (session.person.nameId === nameId) state.sessions.delete(id);
  const answer = idp.createLogoutResponse(
    entities.sp,
    { extract: parsed.extract },
    'redirect',
    relayStateOption(request.query.RelayState),
  );
  redirect(res, answer.context);
}

async function logoutAnswered(state: IdpState, res: ServerResponse, request: RedirectRequest): Promise<void> {
  const entities = senderOf(state, request.query);
  await entities.idp({ key: 'own', encrypt: true }).parseLogoutResponse(entities.sp, 'redirect', request);
  const { status, html } = messagePage('Logged out', 'The service has logged you out.');
  send(res, status, 'text/html; charset=utf-8', html);
}

/** The URL that logs a person out at the SP, started by the IdP (a signed LogoutRequest). */
export function idpInitiatedLogout(state: IdpState, personId: string): string {
  const session = state.sessions.get(personId);
  if (!session) throw new Error(`${personId} has no session at this IdP.`);
  state.sessions.delete(personId);
  const entities = known(state, session.sp);
  const built = entities
    .idp({ key: 'own', encrypt: true })
    .createLogoutRequest(
      entities.sp,
      'redirect',
      { logoutNameID: session.person.nameId, sessionIndex: session.sessionIndex },
      { relayState: randomBytes(8).toString('hex') },
    );
  return built.context;
}

/** The signed part of a redirect-binding query, exactly as sent (SAML bindings 3.4.4.1). */
function octets(search: string): string {
  const parts = new Map(
    search
      .replace(/^\?/, '')
      .split('&')
      .map((part) => [part.split('=')[0]!, part] as const),
  );
  return ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg']
    .map((name) => parts.get(name))
    .filter(Boolean)
    .join('&');
}

function sendPost(
  res: ServerResponse,
  response: { acsUrl: string; samlResponse: string; relayState: string | undefined },
): void {
  send(
    res,
    200,
    'text/html; charset=utf-8',
    postPage(response.acsUrl, { SAMLResponse: response.samlResponse, RelayState: response.relayState }),
  );
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' }).end();
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}
