// Portvakt as a relying party of one upstream OpenID Connect issuer, on openid-client: the code
// flow with PKCE (S256), state and nonce, and the ID token validated by openid-client; the
// request pushed first (PAR) and the tokens bound to a key (DPoP) where the entry says so.
// Discovery runs on first use and again after an hour or a failure.
//
// The DPoP key is the process's own, made on first use: it binds the token request and the
// UserInfo call that follows it in the same request, never the authorization code (no `dpop_jkt`),
// so a callback that reaches another instance than the one that sent the person off still works.
import { createPrivateKey } from 'node:crypto';
import { importPKCS8 } from 'jose';
import * as oidc from 'openid-client';
import type { OidcUpstreamConfig } from './config.ts';
import { classify, OidcUpstreamError } from './errors.ts';
import { pinnedCaFetch } from './transport.ts';

export interface RoundTripSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface UpstreamAnswer {
  issuer: string;
  subject: string;
  /** The ID token's claims, with UserInfo's added where the ID token has none of its own. */
  claims: Record<string, unknown>;
}

const DISCOVERY_LIFETIME_MS = 3600_000;

export class OidcUpstreamClient {
  readonly config: OidcUpstreamConfig;
  readonly redirectUri: string;
  readonly #transport: ReturnType<typeof pinnedCaFetch> | undefined;
  #discovered: { at: number; configuration: Promise<oidc.Configuration> } | undefined;
  #dpopKeys: Promise<oidc.CryptoKeyPair> | undefined;

  constructor(config: OidcUpstreamConfig, redirectUri: string) {
    this.config = config;
    this.redirectUri = redirectUri;
    this.#transport = config.caPem ? pinnedCaFetch(config.caPem) : undefined;
  }

  static newSecrets(state: string): RoundTripSecrets {
    return { state, nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  }

  async authorizationUrl(
    secrets: RoundTripSecrets,
    extra: { prompt?: string | undefined; uiLocales?: string | undefined },
  ): Promise<URL> {
    const configuration = await this.configuration();
    const parameters: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: this.config.scopes.join(' '),
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (extra.prompt) parameters.prompt = extra.prompt;
    if (extra.uiLocales) parameters.ui_locales = extra.uiLocales;
    if (!this.config.pushedAuthorization) return oidc.buildAuthorizationUrl(configuration, parameters);
    try {
      return await oidc.buildAuthorizationUrlWithPAR(configuration, parameters);
    } catch (error) {
      throw classify(error);
    }
  }

  /** Validates the authorization response at `callbackUrl` and redeems its code. */
  async complete(callbackUrl: URL, secrets: RoundTripSecrets): Promise<UpstreamAnswer> {
    try {
      const configuration = await this.configuration();
      const proof = this.config.dpop ? { DPoP: oidc.getDPoPHandle(configuration, await this.dpopKeys()) } : {};
      const tokens = await oidc.authorizationCodeGrant(
        configuration,
        callbackUrl,
        {
          pkceCodeVerifier: secrets.codeVerifier,
          expectedState: secrets.state,
          expectedNonce: secrets.nonce,
          idTokenExpected: true,
        },
        undefined,
        proof,
      );
      const idToken = tokens.claims();
      if (!idToken) throw new OidcUpstreamError('id_token', 'The issuer sent no ID token.');
      const userInfo = configuration.serverMetadata().userinfo_endpoint
        ? await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub, proof)
        : {};
      return { issuer: idToken.iss, subject: idToken.sub, claims: { ...userInfo, ...idToken } };
    } catch (error) {
      throw classify(error);
    }
  }

  close(): void {
    this.#transport?.close();
  }

  private dpopKeys(): Promise<oidc.CryptoKeyPair> {
    this.#dpopKeys ??= oidc.randomDPoPKeyPair('ES256');
    return this.#dpopKeys;
  }

  private configuration(): Promise<oidc.Configuration> {
    const cached = this.#discovered;
    if (cached && Date.now() - cached.at < DISCOVERY_LIFETIME_MS) return cached.configuration;
    const configuration = this.discover();
    this.#discovered = { at: Date.now(), configuration };
    configuration.catch(() => {
      if (this.#discovered?.configuration === configuration) this.#discovered = undefined;
    });
    return configuration;
  }

  private async discover(): Promise<oidc.Configuration> {
    const options: oidc.DiscoveryRequestOptions = { timeout: this.config.timeoutSeconds };
    if (this.#transport) options[oidc.customFetch] = this.#transport.fetch;
    try {
      return await oidc.discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        undefined,
        await this.clientAuth(),
        options,
      );
    } catch (error) {
      throw new OidcUpstreamError('unavailable', 'The issuer’s discovery document could not be read.', {
        cause: error,
        detail: { issuer: this.config.issuer, message: (error as Error).message },
      });
    }
  }

  private async clientAuth(): Promise<oidc.ClientAuth> {
    const auth = this.config.clientAuth;
    if (auth.method !== 'private_key_jwt')
      return auth.method === 'client_secret_basic'
        ? oidc.ClientSecretBasic(auth.secret)
        : oidc.ClientSecretPost(auth.secret);
    const pkcs8 = createPrivateKey(auth.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }).toString();
    const key = await importPKCS8(pkcs8, auth.alg);
    return oidc.PrivateKeyJwt(auth.keyId ? { key, kid: auth.keyId } : key);
  }
}
