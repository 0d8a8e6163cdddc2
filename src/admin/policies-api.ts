// /admin/v1/policies: the login policies as configured with their defaults filled in, read-only.
// Policies hold no secrets. Loading the configuration replaces a network's name in trustedNetworks
// by its CIDRs, so the names shown are those of the named networks the list holds whole.
import type Router from '@koa/router';
import { z } from 'zod';
import { PortvaktError } from '../../kernel/errors.ts';
import type { Config, LoginPolicyConfig } from '../config/schema.ts';

const nameParam = z.object({ name: z.string().min(1).max(200) });

type PolicyConfig = Pick<Config, 'policies' | 'networks'>;

export function mountPoliciesApi(router: Router, config: PolicyConfig): void {
  router.get('/policies', (ctx) => {
    ctx.body = { policies: Object.entries(config.policies).map(([name, policy]) => policyView(config, name, policy)) };
  });

  router.get('/policies/:name', (ctx) => {
    const { name } = nameParam.parse(ctx.params);
    // Own keys only: a name such as `constructor` is no policy.
    if (!Object.hasOwn(config.policies, name)) throw new PortvaktError('not_found', `No login policy ${name}.`);
    ctx.body = policyView(config, name, config.policies[name]!);
  });
}

function policyView(config: PolicyConfig, name: string, policy: LoginPolicyConfig) {
  return {
    name,
    methods: policy.methods,
    minimum_acr: policy.minimumAcr ?? null,
    second_factor: policy.secondFactor,
    second_factors: policy.secondFactors,
    trusted_networks: policy.trustedNetworks,
    trusted_network_names: Object.entries(config.networks)
      .filter(([, cidrs]) => cidrs.every((cidr) => policy.trustedNetworks.includes(cidr)))
      .map(([network]) => network),
    require_phishing_resistant: policy.requirePhishingResistant,
    passkey_acr: policy.passkeyAcr,
    offer_passkey: policy.offerPasskey,
    provisioning: policy.provisioning,
    self_registration: policy.selfRegistration,
    invitation_completion: policy.invitationCompletion,
    idle_timeout_seconds: policy.idleTimeoutSeconds ?? null,
    brand: policy.brand ?? null,
    privacy_notice: policy.privacyNotice ?? null,
  };
}
