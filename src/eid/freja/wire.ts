// Freja's wire format. A request body is `<parameter>=<base64 of UTF-8 JSON>`: standard base64,
// not URL-encoded, so `+`, `/` and `=` travel as they are (the official SDK does the same).
// Answers are JSON; errors are 400/422 with `{code, message}`.
import { z } from 'zod';
import { FrejaError, fromFrejaErrorBody } from './errors.ts';

export const REQUEST_PARAMETER = {
  initAuthentication: 'initAuthRequest',
  getOneResult: 'getOneAuthResultRequest',
  cancel: 'cancelAuthRequest',
} as const;

export const ENDPOINT = {
  initAuthentication: '/authentication/1.0/initAuthentication',
  getOneResult: '/authentication/1.0/getOneResult',
  cancel: '/authentication/1.0/cancel',
} as const;

export type Operation = keyof typeof ENDPOINT;

export function encodeBody(operation: Operation, payload: unknown, relyingPartyId?: string): string {
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
  const body = `${REQUEST_PARAMETER[operation]}=${encoded}`;
  return relyingPartyId === undefined ? body : `${body}&relyingPartyId=${relyingPartyId}`;
}

const errorBodySchema = z.object({ code: z.number().int(), message: z.string().optional() });

/** Turns an HTTP answer into its JSON value, or the FrejaError it stands for. */
export function readAnswer(operation: Operation, status: number, body: string): unknown {
  if (status === 400 || status === 422) throw errorFromBody(status, body);
  if (status >= 500) {
    throw new FrejaError('serverError', 'Freja eID is not available.', { detail: { operation, httpStatus: status } });
  }
  if (status !== 200 && status !== 204) {
    throw new FrejaError('invalidResponse', 'Freja eID answered unexpectedly.', {
      detail: { operation, httpStatus: status },
    });
  }
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch (cause) {
    throw new FrejaError('invalidResponse', 'Freja eID answered unexpectedly.', {
      cause,
      detail: { operation, reason: 'not JSON' },
    });
  }
}

function errorFromBody(status: number, body: string): FrejaError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const error = errorBodySchema.safeParse(parsed);
  if (!error.success) {
    return new FrejaError('invalidResponse', 'Freja eID answered unexpectedly.', {
      detail: { httpStatus: status, reason: 'error body without code' },
    });
  }
  return fromFrejaErrorBody(error.data.code, error.data.message ?? '', status);
}

/** Checks an answer's shape; a missing field means we cannot trust anything else in it. */
export function expectShape<T>(operation: Operation, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new FrejaError('invalidResponse', 'Freja eID answered unexpectedly.', {
    detail: { operation, issues: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) },
  });
}
