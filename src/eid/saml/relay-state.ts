// The RelayState Portvakt sends (32 random bytes, base64url) and therefore the only shape it looks
// up. SAML bindings 3.4.3 caps RelayState at 80 bytes; anything else, a NUL included, never
// reaches the database, which would refuse some of it with an error instead of finding nothing.
const RELAY_STATE = /^[A-Za-z0-9_-]{1,80}$/;

/** The RelayState when it is one that Portvakt could have issued. */
export function issuedRelayState(value: unknown): string | undefined {
  return typeof value === 'string' && RELAY_STATE.test(value) ? value : undefined;
}
