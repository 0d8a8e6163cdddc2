// Reads request bodies the way Freja does: `<parameter>=<standard base64 of UTF-8 JSON>`, split on
// `&` and on the first `=`, never form-decoded. A form-encoded body (`%2B` for `+`) is refused.
import { z } from 'zod';
import { SIM_LEVELS, type SimLevel } from './persons.ts';

export interface FrejaErrorBody {
  code: number;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: FrejaErrorBody };

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function fail(code: number, message: string): { ok: false; error: FrejaErrorBody } {
  return { ok: false, error: { code, message } };
}

export function decodeBase64Strict(value: string): string | undefined {
  return value.length > 0 && STANDARD_BASE64.test(value) ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

/** The JSON carried by `name` in a request body. */
export function readParameter(body: string, name: string): Parsed<unknown> {
  const pairs = new Map<string, string>();
  for (const pair of body.split('&')) {
    const at = pair.indexOf('=');
    if (at > 0) pairs.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const raw = pairs.get(name);
  if (raw === undefined) return fail(1000, `Missing parameter ${name}.`);
  const text = decodeBase64Strict(raw);
  if (text === undefined) return fail(1000, `Parameter ${name} is not standard base64.`);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return fail(1010, 'Unable to parse JSON.');
  }
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
  { type: 'INFERRED' } | { type: 'EMAIL'; email: string } | { type: 'SSN'; country: string; ssn: string };

export interface InitRequest {
  userInfo: SimUserInfo;
  minRegistrationLevel: SimLevel;
  attributes: string[];
}

const SUPPORTED_TYPES = ['INFERRED', 'SSN', 'EMAIL'];
/** Types Freja has that this simulator does not offer; Freja answers so for an RP not allowed to use one. */
const OTHER_TYPES = ['PHONE', 'UPI', 'ORG_ID'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ssnJson = z.object({ country: z.string().regex(/^[A-Z]{2}$/), ssn: z.string().min(1) });
const attributesSchema = z.array(z.object({ attribute: z.enum(ALL_ATTRIBUTES) }));

export function readInitRequest(json: unknown): Parsed<InitRequest> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail(1000, 'Invalid parameters.');
  const request = json as Record<string, unknown>;
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

export function readAuthRef(json: unknown): Parsed<string> {
  const authRef = (json as { authRef?: unknown } | null)?.authRef;
  return typeof authRef === 'string' && authRef.length > 0
    ? { ok: true, value: authRef }
    : fail(1000, 'Invalid or missing authRef.');
}
