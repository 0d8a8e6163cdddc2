// The SAML 2.0 broker for one configured upstream IdP: Portvakt's service provider, its metadata,
// and the checks a login response and a logout message must pass.
import { resolveIdp, type SamlIdpConfig } from './config.ts';
import { SamlServiceProvider } from './service-provider.ts';
import { spEndpoints, spMetadataXml } from './sp-metadata.ts';

export { samlIdpConfigSchema, type SamlIdpConfig } from './config.ts';
export { SamlError, isSamlError, type SamlFailure } from './errors.ts';
export { verifyLoginResponse, type VerifiedLogin } from './login-response.ts';
export { verifyRedirectSignature } from './redirect-signature.ts';
export type { SamlServiceProvider } from './service-provider.ts';

export interface SamlBroker {
  config: SamlIdpConfig;
  sp: SamlServiceProvider;
  metadataXml: string;
  /** Keys an encrypted assertion may be encrypted to: the encryption key, then the signing key for IdPs that ignore `use`. */
  decryptionKeysPem: string[];
}

export function createSamlBroker(issuer: string, config: SamlIdpConfig): SamlBroker {
  const endpoints = spEndpoints(issuer, config.name, config.sp.entityId);
  const sp = new SamlServiceProvider({
    endpoints,
    idp: resolveIdp(config),
    keys: {
      signingKeyPem: config.sp.signingKeyPem,
      signingCertificatePem: config.sp.signingCertificatePem,
      encryptionKeyPem: config.sp.encryptionKeyPem,
    },
    nameIdFormat: config.nameIdFormat,
    requestedAuthnContext: config.requestedAuthnContext,
    allowUnencryptedAssertion: !config.requireEncryptedAssertion,
    clockSkewSeconds: config.clockSkewSeconds,
  });
  const metadataXml = spMetadataXml({
    endpoints,
    signingCertificatePem: config.sp.signingCertificatePem,
    encryptionCertificatePem: config.sp.encryptionCertificatePem,
    nameIdFormat: config.nameIdFormat,
  });
  return { config, sp, metadataXml, decryptionKeysPem: [config.sp.encryptionKeyPem, config.sp.signingKeyPem] };
}
