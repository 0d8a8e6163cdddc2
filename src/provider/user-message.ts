// The Swedish profile's `https://id.oidc.se/param/userMessage`: a message the relying party wants
// shown during login, base64 text, optionally per language (`message#sv`), plain or Markdown.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Locale } from '../config/schema.ts';

export const USER_MESSAGE_PARAM = 'https://id.oidc.se/param/userMessage';
export const AUTHN_PROVIDER_PARAM = 'https://id.oidc.se/param/authnProvider';
export const USER_MESSAGE_MIME_TYPES = ['text/plain', 'text/markdown'] as const;
const MAX_LENGTH = 1500;

export type UserMessage = { text: string; markdown: boolean };

/**
 * oidc-provider's check of where a userMessage comes from. It puts the relying party's words on
 * the login screen and in the BankID app under the client's name, so a plain link anyone can build
 * must not carry it: only a signed request object, or a pushed authorization request from a client
 * that authenticated, may.
 */
export function userMessageSource(
  ctx: KoaContextWithOIDC,
  value: string | undefined,
  client: { clientAuthMethod?: string | undefined } | undefined,
): void {
  if (!value) return;
  const pushedByClient =
    ctx.oidc.route === 'pushed_authorization_request' &&
    client?.clientAuthMethod !== undefined &&
    client.clientAuthMethod !== 'none';
  const signed = ctx.oidc.trusted?.includes(USER_MESSAGE_PARAM) === true;
  if (!pushedByClient && !signed) {
    throw new errors.InvalidRequest(
      `${USER_MESSAGE_PARAM} is accepted only in a signed request object or a pushed authorization request with client authentication`,
    );
  }
}

/** `undefined` when absent; `'invalid'` when present but unusable, which the RP must hear about. */
export function parseUserMessage(raw: unknown, locale: Locale): UserMessage | undefined | 'invalid' {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return 'invalid';
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'invalid';
  const fields = value as Record<string, unknown>;
  const mime = fields.mime_type ?? 'text/plain';
  if (!(USER_MESSAGE_MIME_TYPES as readonly unknown[]).includes(mime)) return 'invalid';
  const encoded = fields[`message#${locale}`] ?? fields.message;
  if (typeof encoded !== 'string') return 'invalid';
  const text = Buffer.from(encoded, 'base64').toString('utf8').normalize('NFC');
  // Control characters other than line breaks have no place in a message a person reads.
  if (
    !text.trim() ||
    text.length > MAX_LENGTH ||
    /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) ||
    text.includes('\ufffd')
  )
    return 'invalid';
  const markdown = mime === 'text/markdown';
  // The profile's Markdown carries no HTML: a tag or a comment in it is refused, not passed on.
  if (markdown && /<\/?[A-Za-z!?]/.test(text)) return 'invalid';
  return { text, markdown };
}
