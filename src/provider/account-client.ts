// The account page is a relying party of Portvakt like any other, so it gets the login policy,
// second factors and step-up from the provider itself. Its secret is derived from the CSRF key,
// so the client needs no configuration and every instance derives the same one.
import { policyBrand } from './brands.ts';
import { createHmac } from 'node:crypto';
import type { ClientConfig, Config } from '../config/schema.ts';

export const ACCOUNT_CLIENT_ID = 'portvakt-account';

export function accountClientSecret(csrfKey: string): string {
  return createHmac('sha256', csrfKey).update(`client-secret|${ACCOUNT_CLIENT_ID}`).digest('base64url');
}

export function accountPageUrls(issuer: string): { callback: string; home: string } {
  const base = issuer.replace(/\/$/, '');
  return { callback: `${base}/account/callback`, home: `${base}/account` };
}

/** The static metadata of `portvakt-account`: confidential, first-party, under the account page's policy. */
export function accountPageClient(
  config: Pick<Config, 'issuer' | 'accounts' | 'policies' | 'brands' | 'locales'>,
  csrfKey: string,
): ClientConfig {
  const urls = accountPageUrls(config.issuer);
  // People log in to their organisation's account page: it carries the brand's name where it has one.
  const brand = policyBrand(config, config.accounts.accountPagePolicy, config.locales.default);
  return {
    client_id: ACCOUNT_CLIENT_ID,
    client_name: brand?.name ?? 'Portvakt',
    client_secret: accountClientSecret(csrfKey),
    redirect_uris: [urls.callback],
    post_logout_redirect_uris: [urls.home],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'openid',
    first_party: true,
    login_policy: config.accounts.accountPagePolicy,
  };
}
