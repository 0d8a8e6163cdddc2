// The suite's test configuration for one plan: where Portvakt is, which clients to use, and the scripted
// browser that logs in on Portvakt's screens (interactions/methods/password.ts, interactions/consent.ts,
// the logout page in src/provider/pages.ts). When those screens change, the selectors here follow.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ClientSet, PlanSpec } from './plans.ts';

export const OP = 'https://localhost:3443';
export const SUITE = 'https://localhost:8443';
export const TEST_USER = { username: 'conformance', password: 'Blue-Harbour-Lantern-8841' };

const PORTVAKT_CONFIG = new URL('./portvakt-conformance.yaml', import.meta.url);
/** Any page text: the snapshot is kept for whoever reviews the module. */
const ANY_TEXT = '(?s).+';

type Command = (string | number)[];
interface Task {
  task: string;
  match: string;
  optional?: boolean;
  commands?: Command[];
}
interface BrowserEntry {
  match: string;
  tasks: Task[];
}

function login(snapshotFirst = false): Task {
  const snapshot: Command[] = snapshotFirst
    ? [['wait', 'xpath', '//*', 10, ANY_TEXT, 'update-image-placeholder-optional']]
    : [];
  return {
    task: 'Log in with password',
    optional: true,
    match: `${OP}/interaction/*/password*`,
    commands: [
      ...snapshot,
      ['text', 'id', 'username', TEST_USER.username],
      ['text', 'id', 'password', TEST_USER.password],
      ['click', 'xpath', "//form[contains(@action,'/password')]//button[@type='submit']"],
    ],
  };
}

// First-party clients skip consent; dynamically registered ones see it.
const consent: Task = {
  task: 'Allow',
  optional: true,
  match: `${OP}/interaction/*`,
  commands: [['click', 'xpath', "//button[@name='decision' and @value='allow']", 'optional']],
};
const backAtSuite: Task = {
  task: 'Back at the suite',
  match: '*/test/*/callback*',
  commands: [['wait', 'id', 'submission_complete', 10]],
};

const authorize = (snapshotFirst = false): BrowserEntry => ({
  match: `${OP}/auth*`,
  tasks: [login(snapshotFirst), consent, backAtSuite],
});

const snapshotAt = (entry: string, page: string, label: string): BrowserEntry => ({
  match: `${OP}${entry}*`,
  tasks: [
    {
      task: label,
      match: `${OP}${page}*`,
      commands: [['wait', 'xpath', '//*', 10, ANY_TEXT, 'update-image-placeholder']],
    },
  ],
});

// With an id_token_hint of this session the logout page submits itself (auto-submit.js), so
// pressing the button is optional; without one the person is asked.
const confirmLogout: Task = {
  task: 'Confirm logout',
  optional: true,
  match: `${OP}/session/end*`,
  commands: [['click', 'xpath', "//button[@name='logout' and @value='yes']", 'optional']],
};
const logout: BrowserEntry = {
  match: `${OP}/session/end*`,
  tasks: [confirmLogout, { task: 'Back at the suite', match: '*/test/*/post*' }],
};
const logoutToOwnPage: BrowserEntry = {
  match: `${OP}/session/end*`,
  tasks: [
    confirmLogout,
    {
      task: 'Logged out',
      match: `${OP}/session/end/success*`,
      commands: [['wait', 'xpath', '//*', 10, ANY_TEXT, 'update-image-placeholder']],
    },
  ],
};

/** Modules whose expected outcome is a page at Portvakt, snapshotted for review. */
function overrides(): Record<string, { browser: BrowserEntry[] }> {
  const byModule: Record<string, { browser: BrowserEntry[] }> = {
    'oidcc-prompt-login': { browser: [authorize(true)] },
    'oidcc-max-age-1': { browser: [authorize(true)] },
  };
  for (const module of [
    'oidcc-ensure-registered-redirect-uri',
    'oidcc-ensure-redirect-uri-in-authorization-request',
    'oidcc-redirect-uri-query-added',
    'oidcc-redirect-uri-query-mismatch',
  ])
    byModule[module] = { browser: [snapshotAt('/auth', '/auth', 'Error page')] };
  // These end once the login screen (with the client's logo, policy or terms) is snapshotted.
  for (const module of ['oidcc-registration-logo-uri', 'oidcc-registration-policy-uri', 'oidcc-registration-tos-uri'])
    byModule[module] = { browser: [snapshotAt('/auth', '/interaction/', 'Login screen')] };
  for (const module of [
    'oidcc-rp-initiated-logout-bad-post-logout-redirect-uri',
    'oidcc-rp-initiated-logout-query-added-to-post-logout-redirect-uri',
    'oidcc-rp-initiated-logout-modified-id-token-hint',
    'oidcc-rp-initiated-logout-bad-id-token-hint',
    'oidcc-rp-initiated-logout-no-id-token-hint',
  ])
    byModule[module] = { browser: [authorize(), snapshotAt('/session/end', '/session/end', 'Error page')] };
  for (const module of [
    'oidcc-rp-initiated-logout-no-params',
    'oidcc-rp-initiated-logout-no-post-logout-redirect-uri',
    'oidcc-rp-initiated-logout-only-state',
  ])
    byModule[module] = { browser: [authorize(), logoutToOwnPage] };
  // FAPI 2.0: the person cancels on the password screen.
  byModule['fapi2-security-profile-final-user-rejects-authentication'] = {
    browser: [
      {
        match: `${OP}/auth*`,
        tasks: [
          {
            task: 'Cancel',
            match: `${OP}/interaction/*`,
            commands: [['click', 'xpath', "//form[contains(@action,'/abort')]//button[@type='submit']"]],
          },
          backAtSuite,
        ],
      },
    ],
  };
  return byModule;
}

interface ConfiguredClient {
  client_id: string;
  client_secret?: string;
}

function staticClient(id: string): { client_id: string; client_secret: string } {
  const clients = (parse(readFileSync(PORTVAKT_CONFIG, 'utf8')) as { clients: ConfiguredClient[] }).clients;
  const client = clients.find((candidate) => candidate.client_id === id);
  if (!client?.client_secret) throw new Error(`portvakt-conformance.yaml has no client ${id} with a secret`);
  return { client_id: client.client_id, client_secret: client.client_secret };
}

function initialAccessToken(): string {
  const config = parse(readFileSync(PORTVAKT_CONFIG, 'utf8')) as { registration: { initialAccessToken: string } };
  return config.registration.initialAccessToken;
}

function clientsFor(set: ClientSet): Record<string, unknown> {
  switch (set.kind) {
    case 'static': {
      const post = `${set.prefix}-post`;
      const hasPost = (parse(readFileSync(PORTVAKT_CONFIG, 'utf8')) as { clients: ConfiguredClient[] }).clients.some(
        (client) => client.client_id === post,
      );
      return {
        client: staticClient(`${set.prefix}-1`),
        client2: staticClient(`${set.prefix}-2`),
        ...(hasPost ? { client_secret_post: staticClient(post) } : {}),
      };
    }
    case 'dynamic': {
      const token = initialAccessToken();
      return {
        client: { client_name: 'Conformance dynamic client 1', initial_access_token: token },
        client2: { client_name: 'Conformance dynamic client 2', initial_access_token: token },
      };
    }
    case 'fapi': {
      const keys = JSON.parse(readFileSync(new URL('./fapi-test-keys.json', import.meta.url), 'utf8')) as Record<
        'fapi1' | 'fapi2',
        { priv: unknown }
      >;
      const fapiClient = (id: string, key: unknown) => ({
        client_id: id,
        scope: 'openid profile offline_access',
        dpop_signing_alg: 'ES256',
        jwks: { keys: [key] },
      });
      return {
        client: fapiClient('conformance-fapi-1', keys.fapi1.priv),
        client2: fapiClient('conformance-fapi-2', keys.fapi2.priv),
        resource: { resourceUrl: `${OP}/me` },
      };
    }
  }
}

export function testConfig(id: string, plan: PlanSpec): Record<string, unknown> {
  return {
    alias: plan.alias,
    description: `Portvakt, ${id}`,
    server: { discoveryUrl: `${OP}/.well-known/openid-configuration` },
    ...clientsFor(plan.clients),
    browser: plan.clients.kind === 'fapi' ? [authorize()] : [authorize(), logout],
    override: overrides(),
  };
}
