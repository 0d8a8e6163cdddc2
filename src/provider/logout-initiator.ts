// The relying party that starts an RP-initiated logout with a valid id_token_hint already knows
// the person is logging out; a back-channel logout token to it races its own logout (a Keycloak
// broker then drops the session it is finishing and shows an error). So that one client is not
// sent one. Every other client of the session still is, and a logout named only by client_id,
// which anyone can put in a link, tells every client as before.
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import OidcProvider from 'oidc-provider';

type LogoutState = { initiatedBy?: string | undefined };

/** Called as the logout question is shown (end_session): notes the client a valid hint names. */
export function noteLogoutInitiator(ctx: KoaContextWithOIDC): void {
  const state = ctx.oidc.session?.state as LogoutState | undefined;
  if (!state) return;
  // oidc-provider sets the IdTokenHint entity only once the hint has validated for this client.
  state.initiatedBy = ctx.oidc.entities.IdTokenHint && ctx.oidc.client ? ctx.oidc.client.clientId : undefined;
}

type BackchannelLogout = (this: { clientId: string }, sub: string, sid: string) => Promise<void>;

export function spareLogoutInitiator(provider: Provider): void {
  const prototype = provider.Client.prototype as unknown as { backchannelLogout: BackchannelLogout };
  const send = prototype.backchannelLogout;
  prototype.backchannelLogout = async function backchannelLogout(sub, sid) {
    // The confirmation request that runs the logout, as oidc-provider keeps it for this request.
    const ctx = (OidcProvider as unknown as { ctx?: KoaContextWithOIDC }).ctx;
    const state = ctx?.oidc?.session?.state as LogoutState | undefined;
    if (ctx?.oidc?.route === 'end_session_confirm' && state?.initiatedBy === this.clientId) return;
    return send.call(this, sub, sid);
  };
}
