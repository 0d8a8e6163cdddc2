// oidc-provider configured for Portvakt: the protocol is the library's; this file only chooses.
import { createHmac } from 'node:crypto';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../config/schema.ts';
import type { Database } from '../../adapters/database.ts';
import { sqlAdapterFactory } from '../../adapters/oidc-adapter.ts';
import type { AccountRepository } from '../accounts/repository.ts';
import { LOCALES } from '../config/schema.ts';
import { PORTVAKT_CLIENT_PROPERTIES, portvaktMetadataValidator, staticClients } from './clients.ts';
import { createFindAccount } from './find-account.ts';
import { ACR_ORDER, ADMIN_SCOPE, SCOPE_CLAIMS } from './vocabulary.ts';
import {
  AUTHN_PROVIDER_PARAM,
  USER_MESSAGE_MIME_TYPES,
  USER_MESSAGE_PARAM,
  userMessageSource,
} from './user-message.ts';
import { loadExistingGrant } from './first-party.ts';
import { loginPolicyWithIdleTimeout, SessionActivity } from './idle-timeout.ts';
import { assuranceCheck } from './assurance-gate.ts';
import { PrivacyAcceptances } from '../accounts/privacy-notices.ts';
import { logoutSource, postLogoutSuccessSource, renderError } from './pages.ts';

export interface ProviderSecrets {
  jwks: { keys: object[] };
  cookieKeys: string[];
  pairwiseSalt: string;
}

const SIGNING_ALGS = ['RS256', 'ES256'] as const;

export function providerConfiguration(
  config: Config,
  db: Database,
  accounts: AccountRepository,
  secrets: ProviderSecrets,
): Configuration {
  const secure = config.issuer.startsWith('https:');
  const registrationToken = config.registration.initialAccessToken;
  const scopes = [
    'openid',
    'offline_access',
    ADMIN_SCOPE,
    ...Object.keys(SCOPE_CLAIMS).filter((name) => SCOPE_CLAIMS[name] !== null && name !== 'openid'),
  ];
  return {
    adapter: sqlAdapterFactory(db),
    clients: staticClients(config.clients),
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
      // The Swedish OIDC profile requires auth_time in every ID token.
      require_auth_time: true,
    },
    extraClientMetadata: {
      properties: [...PORTVAKT_CLIENT_PROPERTIES],
      validator: portvaktMetadataValidator(Object.keys(config.policies), scopes),
    },
    jwks: secrets.jwks as Configuration['jwks'],
    cookies: {
      keys: secrets.cookieKeys,
      names: { session: 'portvakt_session', interaction: 'portvakt_interaction', resume: 'portvakt_resume' },
      long: { httpOnly: true, sameSite: 'lax', secure },
      short: { httpOnly: true, sameSite: 'lax', secure },
    },
    findAccount: createFindAccount(accounts, { db, pairwiseSalt: secrets.pairwiseSalt }),
    claims: SCOPE_CLAIMS,
    // `admin` is granted only to clients an operator configured with it (client credentials for the admin API).
    scopes,
    acrValues: [...ACR_ORDER],
    extraParams: { [USER_MESSAGE_PARAM]: userMessageSource, [AUTHN_PROVIDER_PARAM]: null },
    responseTypes: ['code'],
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: async (_ctx, accountId, client) =>
      createHmac('sha256', secrets.pairwiseSalt).update(`${client.sectorIdentifier}|${accountId}`).digest('base64url'),
    // Claims beyond the ID token's own go to UserInfo; find-account.ts narrows what the ID token gets.
    conformIdTokenClaims: false,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'],
    enabledJWA: {
      idTokenSigningAlgValues: [...SIGNING_ALGS],
      userinfoSigningAlgValues: [...SIGNING_ALGS],
      introspectionSigningAlgValues: [...SIGNING_ALGS],
      authorizationSigningAlgValues: [...SIGNING_ALGS],
      requestObjectSigningAlgValues: ['RS256', 'PS256', 'ES256'],
      // The Swedish profile requires RSA-OAEP with A128GCM and A256GCM.
      requestObjectEncryptionAlgValues: ['RSA-OAEP', 'RSA-OAEP-256'],
      requestObjectEncryptionEncValues: ['A128GCM', 'A256GCM', 'A128CBC-HS256'],
      idTokenEncryptionAlgValues: ['RSA-OAEP', 'RSA-OAEP-256'],
      idTokenEncryptionEncValues: ['A128GCM', 'A256GCM', 'A128CBC-HS256'],
      userinfoEncryptionAlgValues: ['RSA-OAEP', 'RSA-OAEP-256'],
      userinfoEncryptionEncValues: ['A128GCM', 'A256GCM', 'A128CBC-HS256'],
      clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'HS256'],
    },
    features: {
      devInteractions: { enabled: false },
      encryption: { enabled: true },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      // A client may introspect and revoke only the tokens it was issued.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      jwtUserinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      requestObjects: { enabled: true, requireSignedRequestObject: false },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      registration: {
        enabled: registrationToken !== undefined,
        initialAccessToken: registrationToken ?? false,
        issueRegistrationAccessToken: true,
      },
      registrationManagement: { enabled: registrationToken !== undefined, rotateRegistrationAccessToken: true },
    },
    discovery: {
      // Initiating User Registration via OpenID Connect asks for `create` to be advertised here.
      prompt_values_supported: ['none', 'login', 'consent', 'create'],
      ui_locales_supported: [...LOCALES],
      claims_locales_supported: [...LOCALES],
      'https://id.oidc.se/disco/userMessageSupported': true,
      'https://id.oidc.se/disco/userMessageSupportedMimeTypes': [...USER_MESSAGE_MIME_TYPES],
      'https://id.oidc.se/disco/authnProviderSupported': true,
    },
    ttl: {
      IdToken: config.ttl.idToken,
      AccessToken: config.ttl.accessToken,
      AuthorizationCode: config.ttl.authorizationCode,
      ClientCredentials: config.ttl.accessToken,
      RefreshToken: config.ttl.refreshToken,
      Session: config.ttl.session,
      Interaction: config.ttl.interaction,
      Grant: config.ttl.grant,
    },
    loadExistingGrant,
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}`,
      policy: loginPolicyWithIdleTimeout(config, new SessionActivity(db), [
        assuranceCheck(config, new PrivacyAcceptances(db)),
      ]),
    },
    renderError,
    ...(config.outbound.allowPrivateAddresses
      ? {
          fetch: (url: string | URL | Request, options?: RequestInit) =>
            globalThis.fetch(url, { ...options, dispatcher: undefined } as RequestInit),
        }
      : {}),
  };
}
