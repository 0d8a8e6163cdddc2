// The BankID Relying Party API v6.0 client. Mutual TLS with the relying party's PKCS#12 and the
// configured CA as the only trust anchor; every call is a POST of `application/json` (no charset:
// BankID answers 415 to one) with its own deadline. Answers are checked against the documented
// shapes, unknown fields are dropped, and every failure becomes a BankIdError.
//
// The client logs nothing. Personal numbers pass through it but never into an error message.
import { clientTlsOptions } from '../client-identity.ts';
import { Agent, request } from 'node:https';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { isPersonalNumber } from '../../accounts/personnummer.ts';
import { loadBankIdCredentials, type BankIdConfig, type BankIdCredentials } from './config.ts';
import { BankIdError, errorCodeFor, isBankIdError } from './errors.ts';
import {
  classifyFailedHint,
  classifyPendingHint,
  type BankIdAppDevice,
  type BankIdAuthRequest,
  type BankIdCollectResult,
  type BankIdCompletionData,
  type BankIdOrder,
  type BankIdPhoneAuthRequest,
  type BankIdPhoneOrder,
  type BankIdPhoneSignRequest,
  type BankIdRequirement,
  type BankIdSignRequest,
  type BankIdWebDevice,
  type RiskLevel,
} from './types.ts';

/** Limits on the base64 text, as BankID's own sample enforces them. */
export const LIMITS = {
  authUserVisibleData: 1_500,
  authUserNonVisibleData: 1_500,
  signUserVisibleData: 40_000,
  signUserNonVisibleData: 200_000,
  userAgent: 256,
  deviceIdentifier: 64,
} as const;

/** Generous: a completion with signature and OCSP response is some tens of kilobytes. */
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export interface BankIdClientOptions extends BankIdCredentials {
  baseUrl: string;
  timeoutMs?: number;
  /** Clock for `receivedAt` (ms since the epoch); tests inject one. */
  now?: () => number;
}

export interface CallOptions {
  /** Aborting rejects the call with a `timeout` error. */
  signal?: AbortSignal;
}

/** A stable, fixed-length device identifier from a long-lived per-browser value (never a session cookie). */
export function deviceIdentifierFor(perBrowserValue: string): string {
  return createHash('sha256').update(perBrowserValue, 'utf8').digest('hex');
}

export class BankIdClient {
  readonly #agent: Agent;
  readonly #baseUrl: URL;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(options: BankIdClientOptions) {
    const baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    if (baseUrl.protocol !== 'https:') throw new TypeError('BankID baseUrl must be https');
    this.#baseUrl = baseUrl;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#agent = new Agent({
      keepAlive: true,
      maxSockets: 32,
      // The bundle's key and certificates, never the CAs packed beside them (client-identity.ts).
      ...clientTlsOptions(options.pfx, options.passphrase),
      // The configured CA replaces Node's default roots: only BankID's (or the simulator's) root is trusted.
      ca: options.ca,
      rejectUnauthorized: true,
      // BankID's sample pins TLS 1.2; whether 1.3 is offered is UNCONFIRMED. 1.2 is the floor and 1.3
      // is used only if the server offers it, which fails safe either way.
      minVersion: 'TLSv1.2',
    });
  }

  static async fromConfig(config: BankIdConfig, options: { now?: () => number } = {}): Promise<BankIdClient> {
    const credentials = await loadBankIdCredentials(config);
    return new BankIdClient({ ...credentials, baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, ...options });
  }

  /** Starts an identification. Use the answer for the animated QR code or the autostart link. */
  async auth(req: BankIdAuthRequest, options: CallOptions = {}): Promise<BankIdOrder> {
    const body = orderBody(req, 'auth');
    const answer = await this.#post('auth', body, options);
    return { ...parse(orderSchema, answer), receivedAt: this.#now() };
  }

  /** Starts a signature; `userVisibleData` is required. */
  async sign(req: BankIdSignRequest, options: CallOptions = {}): Promise<BankIdOrder> {
    const body = orderBody(req, 'sign');
    const answer = await this.#post('sign', body, options);
    return { ...parse(orderSchema, answer), receivedAt: this.#now() };
  }

  /** Identification while the person is on a call with the relying party. */
  async phoneAuth(req: BankIdPhoneAuthRequest, options: CallOptions = {}): Promise<BankIdPhoneOrder> {
    const answer = await this.#post('phone/auth', phoneBody(req, 'auth'), options);
    return parse(phoneOrderSchema, answer);
  }

  /** Signature while the person is on a call with the relying party; `userVisibleData` is required. */
  async phoneSign(req: BankIdPhoneSignRequest, options: CallOptions = {}): Promise<BankIdPhoneOrder> {
    const answer = await this.#post('phone/sign', phoneBody(req, 'sign'), options);
    return parse(phoneOrderSchema, answer);
  }

  /**
   * The order's state. Poll every 2 seconds while pending; stop at failed or complete, as a final
   * result can be collected only once.
   */
  async collect(orderRef: string, options: CallOptions = {}): Promise<BankIdCollectResult> {
    checkOrderRef(orderRef);
    const answer = parse(collectSchema, await this.#post('collect', { orderRef }, options));
    if (answer.orderRef !== orderRef)
      throw new BankIdError('invalidResponse', { status: 200, details: 'collect answered for another order' });
    switch (answer.status) {
      case 'pending': {
        const hintCode = answer.hintCode ?? '';
        return { orderRef, status: 'pending', hintCode, hint: classifyPendingHint(hintCode) };
      }
      case 'failed': {
        const hintCode = answer.hintCode ?? '';
        return { orderRef, status: 'failed', hintCode, hint: classifyFailedHint(hintCode) };
      }
      case 'complete':
        return { orderRef, status: 'complete', completionData: answer.completionData! };
    }
  }

  /** Cancels a pending order, e.g. when the person gives up in Portvakt's page. */
  async cancel(orderRef: string, options: CallOptions = {}): Promise<void> {
    checkOrderRef(orderRef);
    parse(z.object({}), await this.#post('cancel', { orderRef }, options));
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }

  #post(path: string, body: Record<string, unknown>, options: CallOptions): Promise<unknown> {
    const url = new URL(path, this.#baseUrl);
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const finish = (error: BankIdError | undefined, value?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (error) {
          req.destroy();
          reject(error);
        } else {
          resolve(value);
        }
      };
      const onAbort = () => finish(new BankIdError('timeout', { details: 'the call was aborted' }));
      const timer = setTimeout(
        () => finish(new BankIdError('timeout', { details: `no answer within ${this.#timeoutMs} ms` })),
        this.#timeoutMs,
      );

      const req = request(url, {
        method: 'POST',
        agent: this.#agent,
        headers: {
          // Exactly this: a charset parameter gets 415 unsupportedMediaType.
          'Content-Type': 'application/json',
          'Content-Length': String(payload.length),
          Accept: 'application/json',
        },
      });
      req.on('error', (cause) => finish(transportError(cause)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES)
            finish(new BankIdError('invalidResponse', { status: res.statusCode, details: 'answer too large' }));
          else chunks.push(chunk);
        });
        res.on('error', (cause) => finish(transportError(cause)));
        res.on('close', () => {
          if (!res.complete) finish(new BankIdError('unreachable', { details: 'connection closed mid-answer' }));
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          if (status >= 200 && status < 300) {
            const json = parseJson(text);
            if (json === undefined)
              finish(new BankIdError('invalidResponse', { status, details: 'the answer is not JSON' }));
            else finish(undefined, json);
          } else {
            finish(httpError(status, text));
          }
        });
      });
      if (options.signal?.aborted) {
        onAbort();
        return;
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      req.end(payload);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

type OrderKind = 'auth' | 'sign';

function orderBody(req: BankIdAuthRequest, kind: OrderKind): Record<string, unknown> {
  const body: Record<string, unknown> = { endUserIp: checkIp(req.endUserIp) };
  const requirement = requirementBody(req.requirement);
  if (requirement) body.requirement = requirement;
  Object.assign(body, visibleDataBody(req, kind));
  if (req.returnUrl !== undefined) body.returnUrl = checkReturnUrl(req.returnUrl);
  if (req.returnRisk !== undefined) body.returnRisk = Boolean(req.returnRisk);
  // That BankID refuses both is UNCONFIRMED; sending both would be Portvakt's bug, so it stops here.
  if (req.web && req.app) throw invalid('send web or app device data, not both');
  if (req.web) body.web = webBody(req.web);
  if (req.app) body.app = appBody(req.app);
  return body;
}

function phoneBody(req: BankIdPhoneAuthRequest, kind: OrderKind): Record<string, unknown> {
  if (!isPersonalNumber(req.personalNumber))
    throw invalid('personalNumber must be a valid 12-digit personal identity number');
  if (req.callInitiator !== 'user' && req.callInitiator !== 'RP') throw invalid('callInitiator must be "user" or "RP"');
  const body: Record<string, unknown> = { personalNumber: req.personalNumber, callInitiator: req.callInitiator };
  if (req.requirement) {
    const requirement = requirementBody({
      pinCode: req.requirement.pinCode,
      certificatePolicies: req.requirement.certificatePolicies,
    });
    if (requirement) body.requirement = requirement;
  }
  Object.assign(body, visibleDataBody(req, kind));
  return body;
}

function requirementBody(requirement: BankIdRequirement | undefined): Record<string, unknown> | undefined {
  if (!requirement) return undefined;
  const body: Record<string, unknown> = {};
  if (requirement.pinCode !== undefined) body.pinCode = Boolean(requirement.pinCode);
  if (requirement.mrtd !== undefined) body.mrtd = Boolean(requirement.mrtd);
  if (requirement.cardReader !== undefined) {
    if (requirement.cardReader !== 'class1' && requirement.cardReader !== 'class2')
      throw invalid('requirement.cardReader must be class1 or class2');
    body.cardReader = requirement.cardReader;
  }
  if (requirement.certificatePolicies !== undefined) {
    if (!requirement.certificatePolicies.every((oid) => /^\d+(\.\d+)+$/.test(oid)))
      throw invalid('requirement.certificatePolicies must be OIDs');
    body.certificatePolicies = [...requirement.certificatePolicies];
  }
  if (requirement.personalNumber !== undefined) {
    if (!isPersonalNumber(requirement.personalNumber))
      throw invalid('requirement.personalNumber must be a valid 12-digit personal identity number');
    body.personalNumber = requirement.personalNumber;
  }
  if (requirement.risk !== undefined) {
    // Lowercase as documented; the official sample's uppercase is a quirk (case-sensitivity UNCONFIRMED).
    if (requirement.risk !== 'low' && requirement.risk !== 'moderate')
      throw invalid('requirement.risk must be low or moderate');
    body.risk = requirement.risk;
  }
  return Object.keys(body).length > 0 ? body : undefined;
}

function visibleDataBody(
  req: {
    userVisibleData?: string;
    userVisibleDataFormat?: 'simpleMarkdownV1';
    userNonVisibleData?: string | Uint8Array;
  },
  kind: OrderKind,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const visibleLimit = kind === 'sign' ? LIMITS.signUserVisibleData : LIMITS.authUserVisibleData;
  const nonVisibleLimit = kind === 'sign' ? LIMITS.signUserNonVisibleData : LIMITS.authUserNonVisibleData;
  if (req.userVisibleData !== undefined) {
    if (req.userVisibleData.length === 0) throw invalid('userVisibleData is empty');
    const encoded = Buffer.from(req.userVisibleData, 'utf8').toString('base64');
    if (encoded.length > visibleLimit)
      throw invalid(`userVisibleData is longer than ${visibleLimit} characters as base64`);
    body.userVisibleData = encoded;
  } else if (kind === 'sign') {
    throw invalid('userVisibleData is required to sign');
  }
  if (req.userVisibleDataFormat !== undefined) {
    if (req.userVisibleDataFormat !== 'simpleMarkdownV1')
      throw invalid('userVisibleDataFormat must be simpleMarkdownV1 (or left out for plain text)');
    if (req.userVisibleData === undefined) throw invalid('userVisibleDataFormat without userVisibleData');
    body.userVisibleDataFormat = req.userVisibleDataFormat;
  }
  if (req.userNonVisibleData !== undefined) {
    const bytes =
      typeof req.userNonVisibleData === 'string'
        ? Buffer.from(req.userNonVisibleData, 'utf8')
        : Buffer.from(req.userNonVisibleData);
    if (bytes.length === 0) throw invalid('userNonVisibleData is empty');
    const encoded = bytes.toString('base64');
    if (encoded.length > nonVisibleLimit)
      throw invalid(`userNonVisibleData is longer than ${nonVisibleLimit} characters as base64`);
    body.userNonVisibleData = encoded;
  }
  return body;
}

function webBody(web: BankIdWebDevice): Record<string, string> {
  const referringDomain = (web.referringDomain ?? '').trim().toLowerCase();
  if (referringDomain.length < 3 || !/^[a-z0-9.-]+(:\d+)?$/.test(referringDomain) || referringDomain.includes('/')) {
    throw invalid('web.referringDomain must be a domain name of at least 3 characters');
  }
  const deviceIdentifier = (web.deviceIdentifier ?? '').slice(0, LIMITS.deviceIdentifier);
  if (deviceIdentifier.length === 0) throw invalid('web.deviceIdentifier is empty');
  return { referringDomain, userAgent: (web.userAgent ?? '').slice(0, LIMITS.userAgent), deviceIdentifier };
}

function appBody(app: BankIdAppDevice): Record<string, string> {
  for (const key of ['appIdentifier', 'deviceOS', 'deviceModelName', 'deviceIdentifier'] as const) {
    if (typeof app[key] !== 'string' || app[key].length === 0) throw invalid(`app.${key} is required`);
  }
  return {
    appIdentifier: app.appIdentifier,
    deviceOS: app.deviceOS,
    deviceModelName: app.deviceModelName,
    deviceIdentifier: app.deviceIdentifier,
  };
}

function checkIp(value: string): string {
  if (typeof value !== 'string' || isIP(value) === 0) throw invalid('endUserIp must be an IPv4 or IPv6 address');
  return value;
}

function checkReturnUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('returnUrl must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('returnUrl must be an http(s) URL');
  return value;
}

function checkOrderRef(orderRef: string): void {
  if (typeof orderRef !== 'string' || !/^[A-Za-z0-9-]{1,100}$/.test(orderRef)) throw invalid('orderRef is malformed');
}

function invalid(details: string): BankIdError {
  return new BankIdError('invalidRequest', { details });
}

// ---------------------------------------------------------------------------------------------
// Answers

const token = z.string().min(1).max(200);

const orderSchema = z.object({ orderRef: token, autoStartToken: token, qrStartToken: token, qrStartSecret: token });
const phoneOrderSchema = z.object({ orderRef: token });

/**
 * An unrecognised risk level (say, a new one, or a change of case BankID has not announced) is read
 * as `high`: the conservative reading.
 */
const riskSchema = z.string().transform((value): RiskLevel => {
  const lower = value.toLowerCase();
  return lower === 'low' || lower === 'moderate' ? lower : 'high';
});

const stepUpSchema = z.object({ mrtd: z.boolean() });

const completionSchema = z
  .object({
    user: z.object({
      personalNumber: z.string().regex(/^\d{12}$/),
      name: z.string(),
      givenName: z.string(),
      surname: z.string(),
    }),
    device: z.object({ ipAddress: z.string(), uhi: z.string().optional() }),
    bankIdIssueDate: z.string().min(1),
    stepUp: stepUpSchema.optional(),
    /** The official sample's spelling (UNCONFIRMED which BankID sends); accepted and folded into stepUp. */
    setUp: stepUpSchema.optional(),
    signature: z.string().min(1),
    ocspResponse: z.string().min(1),
    risk: riskSchema.optional(),
  })
  .transform(({ setUp, stepUp, ...rest }): BankIdCompletionData => {
    const step = stepUp ?? setUp;
    const data: BankIdCompletionData = {
      user: rest.user,
      device:
        rest.device.uhi === undefined
          ? { ipAddress: rest.device.ipAddress }
          : { ipAddress: rest.device.ipAddress, uhi: rest.device.uhi },
      bankIdIssueDate: rest.bankIdIssueDate,
      signature: rest.signature,
      ocspResponse: rest.ocspResponse,
    };
    if (step) data.stepUp = step;
    if (rest.risk !== undefined) data.risk = rest.risk;
    return data;
  });

const collectSchema = z
  .object({
    orderRef: token,
    status: z.enum(['pending', 'failed', 'complete']),
    hintCode: z.string().max(200).optional(),
    completionData: z.unknown().optional(),
  })
  .transform((answer, ctx) => {
    if (answer.status !== 'complete') return { ...answer, completionData: undefined };
    const completion = completionSchema.safeParse(answer.completionData);
    if (!completion.success) {
      ctx.addIssue({ code: 'custom', message: 'complete without valid completionData', path: ['completionData'] });
      return z.NEVER;
    }
    return { ...answer, completionData: completion.data };
  });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    // Paths only: values may hold personal data.
    const where = result.error.issues.map((issue) => issue.path.join('.') || '(top level)').join(', ');
    throw new BankIdError('invalidResponse', { status: 200, details: `unexpected answer shape at ${where}` });
  }
  return result.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Used when an error answer carries no errorCode (a proxy's HTML page, say). */
const CODE_BY_STATUS: Record<number, string> = {
  401: 'unauthorized',
  403: 'unauthorized',
  404: 'notFound',
  405: 'methodNotAllowed',
  408: 'requestTimeout',
  415: 'unsupportedMediaType',
  500: 'internalError',
  503: 'maintenance',
};

function httpError(status: number, text: string): BankIdError {
  const json = parseJson(text);
  const body = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const sent = typeof body.errorCode === 'string' ? body.errorCode : undefined;
  const details = typeof body.details === 'string' ? body.details.slice(0, 500) : undefined;
  const code = errorCodeFor(status, sent ?? CODE_BY_STATUS[status]);
  return new BankIdError(code, { status, bankIdErrorCode: sent, details });
}

function transportError(cause: Error): BankIdError {
  if (isBankIdError(cause)) return cause;
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return new BankIdError('timeout', { details: code, cause });
  return new BankIdError('unreachable', { details: code ?? cause.message, cause });
}
