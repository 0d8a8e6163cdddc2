// The relying-party API: the three authentication endpoints of Freja eID REST v1.0, POST only,
// base64 JSON parameters in, JSON out, errors as `{code, message}`: 400 for a request that cannot
// be read, 422 for one that is read and refused (see wire.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PersonDirectory, SimulatedPerson } from './persons.ts';
import type { TransactionStore } from './transactions.ts';
import {
  fail,
  malformed,
  readAuthRef,
  readInitRequest,
  readParameter,
  type Parsed,
  type Refusal,
  type SimUserInfo,
} from './wire.ts';

const MAX_BODY_BYTES = 64 * 1024;

type Answer = { ok: true; value: unknown } | Refusal;

export interface ApiContext {
  store: TransactionStore;
  persons: PersonDirectory;
}

export function createApiHandler(context: ApiContext): (req: IncomingMessage, res: ServerResponse) => void {
  const routes: Record<string, (body: string) => Answer> = {
    '/authentication/1.0/initAuthentication': (body) => initAuthentication(context, body),
    '/authentication/1.0/getOneResult': (body) => getOneResult(context, body),
    '/authentication/1.0/cancel': (body) => cancel(context, body),
  };
  return (req, res) => {
    const route = routes[new URL(req.url ?? '/', 'https://simulator').pathname];
    if (!route) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    readBody(req)
      .then((body) => send(res, body === undefined ? malformed(1000, 'Request body too large.') : route(body)))
      .catch(() => res.writeHead(500).end());
  };
}

function send(res: ServerResponse, answer: Answer): void {
  const [status, json] = answer.ok ? [200, answer.value] : [answer.status, answer.error];
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
}

function initAuthentication({ store, persons }: ApiContext, body: string): Answer {
  const parameter = readParameter(body, 'initAuthRequest');
  if (!parameter.ok) return parameter;
  const request = readInitRequest(parameter.value);
  if (!request.ok) return request;
  const person = addressee(persons, request.value.userInfo);
  if (!person.ok) return person;
  if (person.value !== undefined && store.isLocked(person.value)) {
    return fail(
      2000,
      'Authentication request failed. Previous authentication request was rejected due to security reasons.',
    );
  }
  return { ok: true, value: { authRef: store.start(request.value, person.value).authRef } };
}

/** Whom an SSN, EMAIL or PHONE request is for; INFERRED requests find their person when scanned. */
function addressee(persons: PersonDirectory, userInfo: SimUserInfo): Parsed<string | undefined> {
  if (userInfo.type === 'INFERRED') return { ok: true, value: undefined };
  const person = lookUp(persons, userInfo);
  return person
    ? { ok: true, value: person.id }
    : fail(1012, 'User with the specified userInfo does not exist in Freja eID database.');
}

function lookUp(
  persons: PersonDirectory,
  userInfo: Exclude<SimUserInfo, { type: 'INFERRED' }>,
): SimulatedPerson | undefined {
  switch (userInfo.type) {
    case 'SSN':
      return persons.bySsn(userInfo.country, userInfo.ssn);
    case 'EMAIL':
      return persons.byEmail(userInfo.email);
    case 'PHONE':
      return persons.byPhone(userInfo.phone);
  }
}

function getOneResult({ store }: ApiContext, body: string): Answer {
  const authRef = readReference(body, 'getOneAuthResultRequest');
  if (!authRef.ok) return authRef;
  const transaction = store.find(authRef.value);
  if (!transaction) return fail(1100, 'Invalid reference (for example, nonexistent or expired).');
  const { status, details, requestedAttributes } = transaction;
  return {
    ok: true,
    value:
      status === 'APPROVED'
        ? { authRef: authRef.value, status, details, requestedAttributes }
        : { authRef: authRef.value, status },
  };
}

function cancel({ store }: ApiContext, body: string): Answer {
  const authRef = readReference(body, 'cancelAuthRequest');
  if (!authRef.ok) return authRef;
  return store.rpCancel(authRef.value)
    ? { ok: true, value: {} }
    : fail(1100, 'Invalid reference (for example, nonexistent or expired).');
}

function readReference(body: string, parameterName: string): Parsed<string> {
  const parameter = readParameter(body, parameterName);
  return parameter.ok ? readAuthRef(parameter.value) : parameter;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
