// Every environment variable Portvakt reads, in one place: the server's, each of which overrides a
// configuration key, and the demo's ports. The README's table and test/core/environment.test.ts
// hold the code to this list.

export interface EnvironmentVariable {
  name: string;
  /** Dotted configuration path it sets. */
  path: string;
  description: string;
}

export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: 'PORTVAKT_CONFIG', path: '(file)', description: 'Path of the YAML or JSON configuration file.' },
  { name: 'PORTVAKT_ISSUER', path: 'issuer', description: 'Issuer identifier (the public base URL).' },
  { name: 'PORTVAKT_HOST', path: 'http.host', description: 'Address to listen on.' },
  { name: 'PORT', path: 'http.port', description: 'Port to listen on.' },
  {
    name: 'PORTVAKT_DATA_DIR',
    path: 'dataDir',
    description: 'Folder for the embedded database and generated demo material.',
  },
  {
    name: 'DATABASE_URL',
    path: 'database.url',
    description: 'PostgreSQL connection string; without it the embedded PGlite is used.',
  },
  {
    name: 'PORTVAKT_SECRET_KEY',
    path: 'secretKey',
    description: 'Base64 of 32 random bytes that encrypt keys and secrets at rest.',
  },
  {
    name: 'PORTVAKT_REGISTRATION_IAT',
    path: 'registration.initialAccessToken',
    description: 'Initial access token that opens dynamic client registration.',
  },
  {
    name: 'PORTVAKT_TRUSTED_PROXIES',
    path: 'http.trustedProxies',
    description: 'Comma-separated proxy addresses whose X-Forwarded-For is believed.',
  },
  {
    name: 'PORTVAKT_METRICS_TOKEN',
    path: 'metrics.token',
    description: 'Bearer token that /metrics asks for; without it only local callers read it.',
  },
  {
    name: 'LOG_LEVEL',
    path: 'log.level',
    description: 'pino log level (fatal, error, warn, info, debug, trace, silent).',
  },
];

export interface DemoPortVariable {
  name: string;
  port: number;
  description: string;
}

/** The ports `portvakt demo` gives its simulators (the portals keep 3001–3004); each can be moved. */
export const DEMO_PORT_ENVIRONMENT = {
  bankidApi: { name: 'PORTVAKT_DEMO_BANKID_PORT', port: 3010, description: 'BankID simulator API (mutual TLS).' },
  bankidApp: { name: 'PORTVAKT_DEMO_BANKID_APP_PORT', port: 3011, description: 'Simulated BankID app page.' },
  frejaApi: { name: 'PORTVAKT_DEMO_FREJA_PORT', port: 3012, description: 'Freja eID+ simulator API (mutual TLS).' },
  frejaApp: { name: 'PORTVAKT_DEMO_FREJA_APP_PORT', port: 3013, description: 'Simulated Freja eID app page.' },
  smtp: { name: 'PORTVAKT_DEMO_SMTP_PORT', port: 3014, description: 'Local SMTP server behind the outbox.' },
  twilio: { name: 'PORTVAKT_DEMO_TWILIO_PORT', port: 3015, description: 'Twilio Messages API simulator.' },
  outbox: { name: 'PORTVAKT_DEMO_OUTBOX_PORT', port: 3016, description: 'Outbox page: the e-mails and SMS sent.' },
  samlIdp: { name: 'PORTVAKT_DEMO_SAML_IDP_PORT', port: 3017, description: 'The staff login’s SAML test IdP.' },
  googleIdp: { name: 'PORTVAKT_DEMO_GOOGLE_IDP_PORT', port: 3018, description: 'Google Workspace OIDC IdP simulator.' },
  idportenIdp: { name: 'PORTVAKT_DEMO_IDPORTEN_IDP_PORT', port: 3019, description: 'ID-porten OIDC simulator.' },
  helseidIdp: { name: 'PORTVAKT_DEMO_HELSEID_IDP_PORT', port: 3020, description: 'HelseID OIDC simulator.' },
} as const satisfies Record<string, DemoPortVariable>;

/** Turns the environment into a partial configuration object, by the table above. */
export function configFromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const variable of ENVIRONMENT) {
    const raw = env[variable.name];
    if (raw === undefined || raw === '' || variable.path === '(file)') continue;
    setPath(result, variable.path, coerce(variable.path, raw));
  }
  return result;
}

function coerce(path: string, raw: string): unknown {
  if (path === 'http.port') return /^\d+$/.test(raw) ? Number(raw) : raw;
  if (path === 'http.trustedProxies')
    return raw
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  return raw;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
