// The plans `npm run conformance` knows, by the short names `--plans` takes. Each has an alias of its
// own, so plans run side by side; portvakt-conformance.yaml registers that alias's callback URLs.

/** The clients a plan logs in with: a static set (by prefix), dynamically registered ones, or FAPI's. */
export type ClientSet = { kind: 'static'; prefix: string } | { kind: 'dynamic' } | { kind: 'fapi' };

export interface PlanSpec {
  /** The suite's test plan. */
  planName: string;
  variant: Record<string, string>;
  alias: string;
  clients: ClientSet;
}

export const PLANS = {
  basic: {
    planName: 'oidcc-basic-certification-test-plan',
    variant: { server_metadata: 'discovery', client_registration: 'static_client' },
    alias: 'portvakt-basic',
    clients: { kind: 'static', prefix: 'conformance-basic' },
  },
  formpost: {
    planName: 'oidcc-formpost-basic-certification-test-plan',
    variant: { server_metadata: 'discovery', client_registration: 'static_client' },
    alias: 'portvakt-formpost',
    clients: { kind: 'static', prefix: 'conformance-formpost' },
  },
  config: {
    planName: 'oidcc-config-certification-test-plan',
    variant: {},
    alias: 'portvakt-config',
    clients: { kind: 'static', prefix: 'conformance-basic' },
  },
  'rp-logout': {
    planName: 'oidcc-rp-initiated-logout-certification-test-plan',
    variant: { response_type: 'code', client_registration: 'static_client' },
    alias: 'portvakt-logout',
    clients: { kind: 'static', prefix: 'conformance-logout' },
  },
  backchannel: {
    planName: 'oidcc-backchannel-rp-initiated-logout-certification-test-plan',
    variant: { response_type: 'code', client_registration: 'static_client' },
    alias: 'portvakt-backchannel',
    clients: { kind: 'static', prefix: 'conformance-backchannel' },
  },
  dynamic: {
    planName: 'oidcc-dynamic-certification-test-plan',
    variant: { response_type: 'code' },
    alias: 'portvakt-dynamic',
    clients: { kind: 'dynamic' },
  },
  fapi2: {
    planName: 'fapi2-security-profile-final-test-plan',
    variant: {
      client_auth_type: 'private_key_jwt',
      fapi_profile: 'plain_fapi',
      openid: 'openid_connect',
      sender_constrain: 'dpop',
    },
    alias: 'portvakt-fapi',
    clients: { kind: 'fapi' },
  },
} as const satisfies Record<string, PlanSpec>;

export type PlanId = keyof typeof PLANS;

export const PLAN_IDS = Object.keys(PLANS) as PlanId[];

export const DEFAULT_PLANS: PlanId[] = ['basic', 'formpost', 'config', 'rp-logout', 'backchannel'];

export function isPlanId(value: string): value is PlanId {
  return Object.hasOwn(PLANS, value);
}
