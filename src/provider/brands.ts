// Which organisation's look a screen or message carries: the client's own brand, or its policy's
// for a client an operator made first-party. A registered client may name a policy, so it never
// inherits the policy's brand, or the organisation's name would vouch for it.
import type { Client } from 'oidc-provider';
import type { BrandConfig, SupportContact } from '../config/brand.ts';
import type { Config, Locale } from '../config/schema.ts';

/** A brand as one screen or message in one language uses it. */
export interface ResolvedBrand {
  key: string;
  name: string;
  logoUrl?: string | undefined;
  /** The stylesheet with the brand's colours, served by src/http/brand-assets.ts. */
  stylesheetUrl?: string | undefined;
  poweredBy: boolean;
  emailSenderName?: string | undefined;
  smsSender?: string | undefined;
  supportContact?: SupportContact | undefined;
}

type BrandedClient = { brand?: unknown; first_party?: unknown; login_policy?: unknown };

export function brandKeyOf(config: Pick<Config, 'policies'>, client: BrandedClient): string | undefined {
  if (typeof client.brand === 'string') return client.brand;
  if (client.first_party !== true) return undefined;
  const policy = typeof client.login_policy === 'string' ? client.login_policy : 'default';
  return config.policies[policy]?.brand;
}

export function clientBrand(
  config: Pick<Config, 'policies' | 'brands'>,
  client: Client | undefined,
  locale: Locale,
): ResolvedBrand | undefined {
  if (!client) return undefined;
  const key = brandKeyOf(config, client.metadata() as BrandedClient);
  return key ? resolveBrand(config, key, locale) : undefined;
}

export function policyBrand(
  config: Pick<Config, 'policies' | 'brands'>,
  policyName: string,
  locale: Locale,
): ResolvedBrand | undefined {
  const key = config.policies[policyName]?.brand;
  return key ? resolveBrand(config, key, locale) : undefined;
}

export function resolveBrand(config: Pick<Config, 'brands'>, key: string, locale: Locale): ResolvedBrand | undefined {
  const brand = config.brands[key];
  if (!brand) return undefined;
  return {
    key,
    name: brand.name[locale],
    logoUrl: logoUrl(key, brand),
    stylesheetUrl: brand.colours ? brandStylesheetPath(key) : undefined,
    poweredBy: brand.poweredBy,
    emailSenderName: brand.emailSenderName ?? brand.name[locale],
    smsSender: brand.smsSender,
    supportContact: brand.supportContact,
  };
}

export function brandStylesheetPath(key: string): string {
  return `/brand/${key}.css`;
}

export function brandLogoPath(key: string): string {
  return `/brand/${key}/logo`;
}

function logoUrl(key: string, brand: BrandConfig): string | undefined {
  if (!brand.logo) return undefined;
  return 'url' in brand.logo ? brand.logo.url : brandLogoPath(key);
}
