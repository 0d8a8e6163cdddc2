// SIMULATOR ONLY: the Relying Party API v6.0 over HTTP, answering as BankID does.
// Never used in production configuration.
//
// Checks run in BankID's order of concern: path (404 notFound), method (405 methodNotAllowed),
// content type exactly `application/json` (415 unsupportedMediaType, also for a charset parameter),
// then the body (400 invalidParameters with details). Request bodies are checked strictly: an unknown
// field, such as v5's top-level personalNumber, is refused. Whether BankID itself refuses unknown
// fields is UNCONFIRMED; refusing them is the choice that surfaces client mistakes.
// Not simulated: `payment` and `phone/payment` (404 here), rate limits (inject a 429 instead).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { z } from 'zod';
import { isPersonalNumber } from '../../src/accounts/personnummer.ts';
import { SimulatedApiError, type OrderBook, type OrderKind, type OrderRequest } from './orders.ts';

export const API_PREFIX = '/rp/v6.0/';
const MAX_BODY_BYTES = 1024 * 1024;

/** A scripted failure for the next call(s), to show RFA5 and friends or to test a client's error handling. */
export type SimulatedFault =
  /** An error answer `{errorCode, details}`; the status defaults to BankID's for the code. */
  | { errorCode: string; status?: number | undefined; details?: string }
  /** No answer at all, until the client gives up (or the simulator closes). */
  | { hang: true }
  /** Any status with any body, e.g. to test a client against a malformed answer. */
  | { status: number; rawBody: string; contentType?: string };

export interface QueuedFault {
  fault: SimulatedFault;
  /** Only for this endpoint (`auth`, `collect`, `phone/auth`...); every endpoint when absent. */
  endpoint?: string | undefined;
  remaining: number;
}

export const FAULT_STATUS: Record<string, number> = {
  alreadyInProgress: 400,
  invalidParameters: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  requestTimeout: 408,
  unsupportedMediaType: 415,
  // BankID's errorCode string for 429 is UNCONFIRMED; clients should key on the status.
  tooManyRequests: 429,
  internalError: 500,
  maintenance: 503,
};

const ENDPOINTS = ['auth', 'sign', 'phone/auth', 'phone/sign', 'collect', 'cancel'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

export function createApiHandler(
  book: OrderBook,
  faults: QueuedFault[],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(book, faults, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'internalError', 'Simulator fault');
      else res.destroy(error instanceof Error ? error : undefined);
    });
  };
}

async function handle(
  book: OrderBook,
  faults: QueuedFault[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'https://simulator.invalid').pathname;
  const endpoint = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : undefined;
  if (!endpoint || !(ENDPOINTS as readonly string[]).includes(endpoint)) {
    req.resume();
    return sendError(res, 404, 'notFound', 'Not found');
  }
  if (req.method !== 'POST') {
    req.resume();
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, 'methodNotAllowed', 'Method not allowed');
  }
  const contentType = req.headers['content-type'];
  if (contentType === undefined || contentType.trim().toLowerCase() !== 'application/json') {
    req.resume();
    return sendError(res, 415, 'unsupportedMediaType', 'Content-Type must be application/json without parameters');
  }
  const raw = await readBody(req);
  if (raw === undefined) return sendError(res, 400, 'invalidParameters', 'Request body too large');

  const fault = takeFault(faults, endpoint);
  if (fault) {
    if ('hang' in fault) return; // Never answered; the socket closes with the client or the simulator.
    if ('rawBody' in fault) {
      res.writeHead(fault.status, { 'Content-Type': fault.contentType ?? 'text/html' });
      res.end(fault.rawBody);
      return;
    }
    return sendError(
      res,
      fault.status ?? FAULT_STATUS[fault.errorCode] ?? 400,
      fault.errorCode,
      fault.details ?? fault.errorCode,
    );
  }

  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return sendError(res, 400, 'invalidParameters', 'Invalid JSON in request body');
  }
  try {
    const answer = dispatch(book, endpoint as Endpoint, body, relyingParty(req));
    sendJson(res, 200, answer);
  } catch (error) {
    if (error instanceof SimulatedApiError) return sendError(res, error.status, error.errorCode, error.details);
    throw error;
  }
}

function dispatch(book: OrderBook, endpoint: Endpoint, body: unknown, rp: OrderRequest['relyingParty']): unknown {
  switch (endpoint) {
    case 'auth':
    case 'sign': {
      const input = validate(endpoint === 'auth' ? authSchema : signSchema, body);
      const order = book.create(orderRequest(endpoint, input, rp));
      return {
        orderRef: order.orderRef,
        autoStartToken: order.autoStartToken,
        qrStartToken: order.qrStartToken,
        qrStartSecret: order.qrStartSecret,
      };
    }
    case 'phone/auth':
    case 'phone/sign': {
      const input = validate(endpoint === 'phone/auth' ? phoneAuthSchema : phoneSignSchema, body);
      const kind: OrderKind = endpoint === 'phone/auth' ? 'phoneAuth' : 'phoneSign';
      const order = book.create({
        kind,
        endUserIp: '',
        requirement: input.requirement ?? {},
        personalNumber: input.personalNumber,
        userVisibleData: input.userVisibleData,
        userVisibleDataFormat: input.userVisibleDataFormat,
        userNonVisibleData: input.userNonVisibleData,
        callInitiator: input.callInitiator,
        relyingParty: rp,
      });
      return { orderRef: order.orderRef };
    }
    case 'collect':
      return book.collect(validate(orderRefSchema, body).orderRef);
    case 'cancel':
      book.cancel(validate(orderRefSchema, body).orderRef);
      return {};
  }
}

function orderRequest(
  kind: 'auth' | 'sign',
  input: z.output<typeof authSchema>,
  rp: OrderRequest['relyingParty'],
): OrderRequest {
  return {
    kind,
    endUserIp: input.endUserIp,
    requirement: input.requirement ?? {},
    personalNumber: input.requirement?.personalNumber,
    userVisibleData: input.userVisibleData,
    userVisibleDataFormat: input.userVisibleDataFormat,
    userNonVisibleData: input.userNonVisibleData,
    returnUrl: input.returnUrl,
    returnRisk: input.returnRisk,
    web: input.web,
    app: input.app,
    relyingParty: rp,
  };
}

// ---- request shapes ---------------------------------------------------------------------------

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64(max: number, text: boolean) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(max, `longer than ${max} characters`)
    .refine((value) => BASE64.test(value), 'not valid base64')
    .refine((value) => !text || isUtf8(Buffer.from(value, 'base64')), 'not base64 of UTF-8 text');
}

// RP API v6 lists both formats; leaving the field out means plain text as well.
const visibleDataFormat = z.enum(['plaintext', 'simpleMarkdownV1']);

const personalNumber = z.string().refine(isPersonalNumber, 'not a valid personal number (12 digits, YYYYMMDDNNNN)');

const requirementSchema = z.strictObject({
  pinCode: z.boolean().optional(),
  mrtd: z.boolean().optional(),
  cardReader: z.enum(['class1', 'class2']).optional(),
  certificatePolicies: z.array(z.string().regex(/^\d+(\.\d+)+$/, 'not an OID')).optional(),
  personalNumber: personalNumber.optional(),
  risk: z.enum(['low', 'moderate']).optional(),
});

const webSchema = z.strictObject({
  referringDomain: z.string().min(3, 'shorter than 3 characters'),
  userAgent: z.string().max(256, 'longer than 256 characters'),
  deviceIdentifier: z.string().min(1).max(256),
});

const appSchema = z.strictObject({
  appIdentifier: z.string().min(1),
  deviceOS: z.string().min(1),
  deviceModelName: z.string().min(1),
  deviceIdentifier: z.string().min(1).max(256),
});

function orderSchema(kind: 'auth' | 'sign') {
  const visible = base64(kind === 'sign' ? 40_000 : 1_500, true);
  return (
    z
      .strictObject({
        endUserIp: z.string().refine((value) => isIP(value) !== 0, 'not an IP address'),
        requirement: requirementSchema.optional(),
        userVisibleData: kind === 'sign' ? visible : visible.optional(),
        userVisibleDataFormat: visibleDataFormat.optional(),
        userNonVisibleData: base64(kind === 'sign' ? 200_000 : 1_500, false).optional(),
        returnUrl: z.url().optional(),
        returnRisk: z.boolean().optional(),
        web: webSchema.optional(),
        app: appSchema.optional(),
      })
      // UNCONFIRMED that BankID refuses both; refusing is the stricter choice.
      .refine((input) => !(input.web && input.app), { message: 'give web or app, not both', path: ['web'] })
      .refine((input) => input.userVisibleDataFormat === undefined || input.userVisibleData !== undefined, {
        message: 'given without userVisibleData',
        path: ['userVisibleDataFormat'],
      })
  );
}

const authSchema = orderSchema('auth');
const signSchema = orderSchema('sign');

function phoneSchema(kind: 'auth' | 'sign') {
  const visible = base64(kind === 'sign' ? 40_000 : 1_500, true);
  return z
    .strictObject({
      personalNumber,
      callInitiator: z.enum(['user', 'RP']),
      requirement: z
        .strictObject({
          pinCode: z.boolean().optional(),
          certificatePolicies: z.array(z.string().regex(/^\d+(\.\d+)+$/)).optional(),
        })
        .optional(),
      userVisibleData: kind === 'sign' ? visible : visible.optional(),
      userVisibleDataFormat: visibleDataFormat.optional(),
      userNonVisibleData: base64(kind === 'sign' ? 200_000 : 1_500, false).optional(),
    })
    .refine((input) => input.userVisibleDataFormat === undefined || input.userVisibleData !== undefined, {
      message: 'given without userVisibleData',
      path: ['userVisibleDataFormat'],
    });
}

const phoneAuthSchema = phoneSchema('auth');
const phoneSignSchema = phoneSchema('sign');
const orderRefSchema = z.strictObject({ orderRef: z.string().min(1).max(100) });

function validate<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.join('.');
  let details: string;
  if (issue.code === 'unrecognized_keys')
    details = `Unknown parameter ${issue.keys.join(', ')}${path ? ` in ${path}` : ''}`;
  else if (issue.path.length > 0 && valueAt(body, issue.path) === undefined) details = `Missing ${path}`;
  else details = `Invalid ${path || 'request body'}${issue.message ? `: ${issue.message}` : ''}`;
  throw new SimulatedApiError('invalidParameters', 400, details);
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    body,
  );
}

// ---- plumbing ---------------------------------------------------------------------------------

function relyingParty(req: IncomingMessage): OrderRequest['relyingParty'] {
  const peer = (req.socket as TLSSocket).getPeerCertificate?.();
  const subject = (peer?.subject ?? {}) as unknown as Record<string, string | undefined>;
  const cn = subject.CN ?? 'unknown relying party';
  return { name: `cn=${cn}${subject.O ? `,o=${subject.O}` : ''}`, displayName: cn };
}

function takeFault(faults: QueuedFault[], endpoint: string): SimulatedFault | undefined {
  const index = faults.findIndex((entry) => entry.endpoint === undefined || entry.endpoint === endpoint);
  if (index < 0) return undefined;
  const entry = faults[index]!;
  entry.remaining -= 1;
  if (entry.remaining <= 0) faults.splice(index, 1);
  return entry.fault;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, errorCode: string, details: string): void {
  sendJson(res, status, { errorCode, details });
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
