// Portvakt as the service provider of one upstream IdP, on saml2-js: signed AuthnRequests and
// logout messages over HTTP-Redirect, and saml2-js's own validation of a login response, which
// login-response.ts runs as an independent second opinion next to its own.
import saml2 from 'saml2-js';
import type { ResolvedIdp } from './config.ts';
import { readRedirectMessage } from './redirect-message.ts';
import type { SpEndpoints } from './sp-metadata.ts';

export interface ServiceProviderKeys {
  signingKeyPem: string;
  signingCertificatePem: string;
  encryptionKeyPem: string;
}

export interface ServiceProviderOptions {
  endpoints: SpEndpoints;
  idp: ResolvedIdp;
  keys: ServiceProviderKeys;
  nameIdFormat: string;
  requestedAuthnContext: readonly string[];
  allowUnencryptedAssertion: boolean;
  clockSkewSeconds: number;
}

export type Saml2Answer = saml2.SAMLAssertResponse;

export class SamlServiceProvider {
  readonly endpoints: SpEndpoints;
  readonly idp: ResolvedIdp;
  readonly #sp: saml2.ServiceProvider;
  readonly #idp: saml2.IdentityProvider;
  readonly #options: ServiceProviderOptions;

  constructor(options: ServiceProviderOptions) {
    this.endpoints = options.endpoints;
    this.idp = options.idp;
    this.#options = options;
    this.#sp = new saml2.ServiceProvider({
      entity_id: options.endpoints.entityId,
      private_key: options.keys.signingKeyPem,
      certificate: options.keys.signingCertificatePem,
      assert_endpoint: options.endpoints.acsUrl,
      alt_private_keys: [options.keys.encryptionKeyPem],
      audience: options.endpoints.entityId,
      notbefore_skew: options.clockSkewSeconds,
      nameid_format: options.nameIdFormat,
      sign_get_request: true,
      allow_unencrypted_assertion: options.allowUnencryptedAssertion,
    });
    this.#idp = new saml2.IdentityProvider({
      sso_login_url: options.idp.ssoUrl,
      sso_logout_url: options.idp.sloUrl ?? options.idp.ssoUrl,
      certificates: [...options.idp.signingCertificatesPem],
      sign_get_request: true,
      allow_unencrypted_assertion: options.allowUnencryptedAssertion,
    });
  }

  /** A signed AuthnRequest as an HTTP-Redirect URL, and its ID for the InResponseTo check. */
  loginRequestUrl(input: { relayState: string; forceAuthn: boolean }): Promise<{ url: string; requestId: string }> {
    const context =
      this.#options.requestedAuthnContext.length > 0
        ? { comparison: 'exact', class_refs: [...this.#options.requestedAuthnContext] }
        : undefined;
    return new Promise((resolve, reject) => {
      this.#sp.create_login_request_url(
        this.#idp,
        { relay_state: input.relayState, force_authn: input.forceAuthn, auth_context: context },
        (error, url, requestId) => (error ? reject(error) : resolve({ url, requestId })),
      );
    });
  }

  /** saml2-js's verdict on a login response posted to the ACS (status, signature, decryption, audience). */
  assert(samlResponseBase64: string): Promise<Saml2Answer> {
    // Timing is decided by login-response.ts with the configured skew both ways; saml2-js allows
    // none on NotOnOrAfter and would refuse what the configuration accepts.
    const options = {
      request_body: { SAMLResponse: samlResponseBase64 },
      require_session_index: false,
      ignore_timing: true,
    };
    return new Promise((resolve, reject) => {
      this.#sp.post_assert(this.#idp, options, (error, answer) => (error ? reject(error) : resolve(answer)));
    });
  }

  /** Reads a LogoutRequest or LogoutResponse that came over HTTP-Redirect; its signature is checked apart. */
  async readRedirect(query: { SAMLRequest?: string; SAMLResponse?: string }): Promise<Saml2Answer> {
    readRedirectMessage(query.SAMLRequest ?? query.SAMLResponse ?? '');
    return new Promise((resolve, reject) => {
      this.#sp.redirect_assert(this.#idp, { request_body: query, require_session_index: false }, (error, answer) =>
        error ? reject(error) : resolve(answer),
      );
    });
  }

  logoutRequestUrl(input: {
    nameId: string;
    sessionIndex: string | undefined;
    relayState: string;
  }): Promise<{ url: string; requestId: string }> {
    return new Promise((resolve, reject) => {
      this.#sp.create_logout_request_url(
        this.#idp,
        { name_id: input.nameId, session_index: input.sessionIndex, relay_state: input.relayState },
        (error, url, requestId) => (error ? reject(error) : resolve({ url, requestId })),
      );
    });
  }

  logoutResponseUrl(input: { inResponseTo: string; relayState: string | undefined }): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#sp.create_logout_response_url(
        this.#idp,
        { in_response_to: input.inResponseTo, relay_state: input.relayState },
        (error, url) => (error ? reject(error) : resolve(url)),
      );
    });
  }
}
