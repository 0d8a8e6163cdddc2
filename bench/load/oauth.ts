// The relying party's side of the protocol, as the bench needs it: discovery, client
// authentication, token requests, PKCE.
import { createHash, randomBytes } from 'node:crypto';
import { BENCH_CLIENT } from '../systems/fixture.ts';

export interface Endpoints {
  issuer: string;
  discovery: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  introspection_endpoint: string;
  jwks_uri: string;
}

export async function discover(issuer: string): Promise<Endpoints> {
  const discovery = `${issuer}/.well-known/openid-configuration`;
  const response = await fetch(discovery);
  if (!response.ok) throw new Error(`discovery at ${discovery} answered ${response.status}`);
  return { ...((await response.json()) as Omit<Endpoints, 'discovery'>), discovery };
}

/** client_secret_basic (RFC 6749 §2.3.1): both parts form-encoded before base64. */
export function clientAuthorization(client: { client_id: string; client_secret: string }): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`;
}

export const CLIENT_AUTHORIZATION = clientAuthorization(BENCH_CLIENT);

export const FORM_HEADERS = {
  authorization: CLIENT_AUTHORIZATION,
  'content-type': 'application/x-www-form-urlencoded',
};

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export async function tokenRequest(
  endpoints: Endpoints,
  form: Record<string, string>,
  authorization = CLIENT_AUTHORIZATION,
): Promise<TokenResponse> {
  const headers = { ...FORM_HEADERS, authorization };
  const response = await fetch(endpoints.token_endpoint, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form).toString(),
  });
  const body = (await response.json()) as TokenResponse & { error?: string; error_description?: string };
  if (!response.ok)
    throw new Error(`token endpoint answered ${response.status}: ${body.error ?? ''} ${body.error_description ?? ''}`);
  return body;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
