// Reads request bodies the way Freja does: `<parameter>=<standard base64 of UTF-8 JSON>`, split on
// `&` and on the first `=`, never form-decoded. A form-encoded body (`%2B` for `+`) is refused.
//
// Errors carry Freja's `{code, message}` and an HTTP status. Freja answers 400 or 422 with that body
// (its SDK reads both alike); which one when is not documented. The simulator gives 400 only to a
// body it cannot read as a JSON object under the named parameter, and 422 to every refusal of what
// a readable request asks, so a client that handles one status only is caught.
import { z } from 'zod';
import { SIM_LEVELS, type SimLevel } from './persons.ts';

export interface FrejaErrorBody {
  code: number;
  message: string;
}

/** 400: the request could not be read; 422: it was read and refused. */
export type Refusal = { ok: false; status: 400 | 422; error: FrejaErrorBody };
export type Parsed<T> = { ok: true; value: T } | Refusal;

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A readable request that Freja refuses: an unknown reference, a person not found, a bad value. */
export function fail(code: number, message: string): Refusal {
  return { ok: false, status: 422, error: { code, message } };
}

/** A request Freja cannot read at all. */
export function malformed(code: number, message: string): Refusal {
  return { ok: false, status: 400, error: { code, message } };
}

export function decodeBase64Strict(value: string): string | undefined {
  return value.length > 0 && STANDARD_BASE64.test(value) ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

/** The JSON object carried by `name` in a request body. */
export function readParameter(body: string, name: string): Parsed<Record<string, unknown>> {
  const pairs = new Map<string, string>();
  for (const pair of body.split('&')) {
    const at = pair.indexOf('=');
    if (at > 0) pairs.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const raw = pairs.get(name);
  if (raw === undefined) return malformed(1000, `Missing parameter ${name}.`);
  const text = decodeBase64Strict(raw);
  if (text === undefined) return malformed(1000, `Parameter ${name} is not standard base64.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return malformed(1010, 'Unable to parse JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return malformed(1000, `Parameter ${name} is not a JSON object.`);
  return { ok: true, value: json as Record<string, unknown> };
}

export const ALL_ATTRIBUTES = [
  'BASIC_USER_INFO',
  'CUSTOM_IDENTIFIER',
  'INTEGRATOR_SPECIFIC_USER_ID',
  'SSN',
  'DATE_OF_BIRTH',
  'RELYING_PARTY_USER_ID',
  'EMAIL_ADDRESS',
  'ORGANISATION_ID_IDENTIFIER',
  'ORGANISATION_ID',
  'ADDRESSES',
  'ALL_EMAIL_ADDRESSES',
  'ALL_PHONE_NUMBERS',
  'REGISTRATION_LEVEL',
  'AGE',
  'PHOTO',
  'DOCUMENT',
  'DOCUMENT_PHOTO',
  'COVID_CERTIFICATES',
  'DOCUMENT_INFO_WITH_PDF',
  'CHILDREN_DOCUMENT_INFO_WITH_PDF',
  'NETWORK_INFO',
  'LOA_LEVEL',
  'UNIQUE_PERSONAL_IDENTIFIER',
  'GENDER',
  'NFC_ID_PHOTO',
] as const;

export type SimUserInfo =
  | { type: 'INFERRED' }
  | { type: 'EMAIL'; email: string }
  | { type: 'PHONE'; phone: string }
  | { type: 'SSN'; country: string; ssn: string };

export interface InitRequest {
  userInfo: SimUserInfo;
  minRegistrationLevel: SimLevel;
  attributes: string[];
}

const SUPPORTED_TYPES = ['INFERRED', 'SSN', 'EMAIL', 'PHONE'];
/** Types Freja has that this simulator does not offer; Freja answers so for an RP not allowed to use one. */
const OTHER_TYPES = ['UPI', 'ORG_ID'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** International form with the country code, as the SDK documents it: `+467123456789`. */
const PHONE = /^\+[1-9]\d{6,14}$/;
const ssnJson = z.object({ country: z.string().regex(/^[A-Z]{2}$/), ssn: z.string().min(1) });
const attributesSchema = z.array(z.object({ attribute: z.enum(ALL_ATTRIBUTES) }));

export function readInitRequest(request: Record<string, unknown>): Parsed<InitRequest> {
  const type = request.userInfoType;
  if (typeof type === 'string' && OTHER_TYPES.includes(type))
    return fail(1004, `userInfoType ${type} is not allowed for this relying party.`);
  if (typeof type !== 'string' || !SUPPORTED_TYPES.includes(type))
    return fail(1001, 'Invalid or missing userInfoType.');
  const userInfo = readUserInfo(type, request.userInfo);
  if (!userInfo) return fail(1002, 'Invalid or missing userInfo.');
  const level = request.minRegistrationLevel ?? 'BASIC';
  if (!(SIM_LEVELS as readonly unknown[]).includes(level)) return fail(1007, 'Invalid minRegistrationLevel.');
  const attributes = attributesSchema.safeParse(request.attributesToReturn ?? []);
  if (!attributes.success) return fail(2002, 'Invalid attributesToReturn.');
  if (request.useDynamicQrCode === true) return fail(1000, 'Dynamic QR codes are not offered by this simulator.');
  return {
    ok: true,
    value: {
      userInfo,
      minRegistrationLevel: level as SimLevel,
      attributes: attributes.data.map((entry) => entry.attribute),
    },
  };
}

function readUserInfo(type: string, value: unknown): SimUserInfo | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) return undefined;
  if (type === 'INFERRED') return value === 'N/A' ? { type: 'INFERRED' } : undefined;
  if (type === 'EMAIL') return EMAIL.test(value) ? { type: 'EMAIL', email: value } : undefined;
  if (type === 'PHONE') return PHONE.test(value) ? { type: 'PHONE', phone: value } : undefined;
  const text = decodeBase64Strict(value);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const ssn = ssnJson.safeParse(parsed);
  if (!ssn.success) return undefined;
  if (ssn.data.country === 'SE' && !/^\d{12}$/.test(ssn.data.ssn)) return undefined;
  return { type: 'SSN', country: ssn.data.country, ssn: ssn.data.ssn };
}

export function readAuthRef(json: Record<string, unknown>): Parsed<string> {
  const authRef = json.authRef;
  return typeof authRef === 'string' && authRef.length > 0
    ? { ok: true, value: authRef }
    : fail(1000, 'Invalid or missing authRef.');
}
