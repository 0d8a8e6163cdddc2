// Staff login through the organisation's own identity providers: one login method per configured
// upstream SAML IdP (`saml.<name>`) or OpenID Connect issuer (`oidc.<name>`). A client's policy
// offers one by listing its id.
import type { Config } from '../../src/config/schema.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import { createSamlBroker } from '../../src/eid/saml/index.ts';
import type { InteractionServices } from '../context.ts';
import type { LoginMethod } from '../method.ts';
import { oidcMethod } from './oidc-method.ts';
import { samlMethod } from './saml-method.ts';

export function upstreamMethods(config: Config): LoginMethod<InteractionServices>[] {
  const methods = [
    ...config.saml.map((idp) => samlMethod(createSamlBroker(config.issuer, idp))),
    ...config.oidcUpstreams.map((upstream) => oidcMethod(upstream, config.issuer)),
  ];
  const ids = methods.map((method) => method.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate)
    throw new PortvaktError(
      'config_invalid',
      `Two upstream identity providers are named "${duplicate.slice(duplicate.indexOf('.') + 1)}"; names must be unique.`,
    );
  return methods;
}
