// The HTTP side of the simulator: routes `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
// checks HTTP Basic credentials, reads the form body and answers as Twilio does. Faults switch the
// whole API to 500, 429, silence, or an answer that trickles in and never ends.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Outbox } from '../outbox/outbox.ts';
import { TwilioApiError, twilioErrors } from './errors.ts';
import { API_VERSION, messageResource, parseMessageRequest, type SenderRules } from './messages.ts';

export type TwilioFault = 'none' | 'error500' | 'hang' | 'rateLimit' | 'trickle';

export interface TwilioAccount {
  sid: string;
  authToken: string;
}

export interface ApiContext extends SenderRules {
  accounts: ReadonlyMap<string, string>;
  outbox: Outbox;
  now: () => Date;
  fault: () => TwilioFault;
}

const MESSAGES_PATH = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Messages\\.json$`);
const MAX_FORM_BYTES = 64 * 1024;

export function createApiHandler(context: ApiContext): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(context, request, response).catch((error: unknown) => {
      const failure = error instanceof TwilioApiError ? error : twilioErrors.internal();
      reply(response, failure.status, failure.toBody());
    });
  };
}

async function handle(context: ApiContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://twilio').pathname;
  const fault = context.fault();
  // Never answered; the client's timeout ends it, or close() drops the connection.
  if (fault === 'hang') return;
  // A byte at a time, for ever: keeps an idle timeout from firing; only a deadline ends it.
  if (fault === 'trickle') return trickle(response);
  if (fault === 'error500') throw twilioErrors.internal();
  if (fault === 'rateLimit') throw twilioErrors.tooManyRequests();

  const accountSid = MESSAGES_PATH.exec(path)?.[1];
  if (accountSid === undefined) throw twilioErrors.notFound(path);
  // Twilio authenticates before it looks at the method or the body.
  if (authenticatedAccount(context.accounts, request.headers.authorization) !== accountSid) {
    response.setHeader('www-authenticate', 'Basic realm="Twilio API"');
    throw twilioErrors.authenticate();
  }
  if (request.method !== 'POST') throw twilioErrors.methodNotAllowed();
  const form = new URLSearchParams(await readBody(request));
  const message = parseMessageRequest(form, context);
  const resource = messageResource(accountSid, message, context.now());
  context.outbox.add({
    kind: 'sms',
    to: message.to,
    from: message.from ?? message.messagingServiceSid ?? '',
    text: message.body,
  });
  reply(response, 201, resource);
}

/**
 * The account SID whose auth token the Basic credentials carry, or undefined. Credentials for one
 * account never open another's path: the caller compares the result with the path's SID.
 */
function authenticatedAccount(accounts: ReadonlyMap<string, string>, header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const sid = decoded.slice(0, colon);
  const expected = accounts.get(sid);
  return expected !== undefined && sameSecret(decoded.slice(colon + 1), expected) ? sid : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw twilioErrors.bodyTooLong();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function trickle(response: ServerResponse): void {
  response.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
  const timer = setInterval(() => response.write(' '), 100);
  response.on('close', () => clearInterval(timer));
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
