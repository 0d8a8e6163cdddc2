// The `portvakt` command line: start, demo, migrate, clients, users, invitations, accounts, keys, eid.
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load.ts';
import type { Config } from '../src/config/schema.ts';
import { openDatabase } from '../adapters/database.ts';
import { migrate } from '../adapters/migrate.ts';
import { isPortvaktError, PortvaktError } from '../kernel/errors.ts';
import { createLogger } from '../src/log.ts';
import { createApp } from './server.ts';
import { clientsCommand } from './cli/clients.ts';
import { keysCommand } from './cli/keys.ts';
import { createOutput } from './cli/output.ts';
import { loadDemoConfig, runDemo } from './cli/demo.ts';
import { serve, stopOnSignals } from './cli/serve.ts';
import { usersCommand } from './cli/users.ts';
import { invitationsCommand } from './cli/invitations.ts';
import { accountsCommand } from './cli/accounts.ts';
import { eidCommand } from './cli/eid.ts';
import { PrivacyAcceptances } from '../src/accounts/privacy-notices.ts';

const USAGE = `Usage: portvakt <command> [options]

  start [--workers N]        run the provider (needs PORTVAKT_SECRET_KEY)
  demo                       run the demo on the embedded database
  migrate                    apply database migrations
  clients add|list|show|remove|rotate-secret [client_id]
      --name TEXT --redirect URI (repeatable) --post-logout-redirect URI --backchannel-logout URI
      --public --first-party --policy NAME --grant-types a,b --scope "a b"
  users add|set-password|list [username]
      --email ADDRESS --given-name TEXT --family-name TEXT --password-stdin
  users add-phone|remove-phone <username> <number>   (at most two numbers; audited)
  users unlock <username>                             (lift a lockout)
  users reset-authenticator <username>                (remove the authenticator app)
  users reset-passkeys <username>                     (remove every passkey; the person is told)
  invitations create <email> [--client ID] [--organisation TEXT] [--locale sv|nb|en]
  invitations list [--state pending|accepted|revoked|expired]
  invitations resend|revoke <id>                      (resend: a new link; the old one stops working)
  accounts list [--status active|inactive|deactivated]
  accounts show|deactivate|reactivate <id>
  keys rotate|list
  eid smoke bankid|freja [--env test|production]
                             start, collect and cancel one order at the service; run it after
                             configuring a certificate (no database needed)
  notices export [--notice NAME]    privacy notice acceptances (who, version, when)

  Common: --config FILE   --json (machine-readable output)
`;

const OPTIONS = {
  config: { type: 'string' },
  json: { type: 'boolean' },
  workers: { type: 'string' },
  name: { type: 'string' },
  redirect: { type: 'string', multiple: true },
  'post-logout-redirect': { type: 'string', multiple: true },
  'backchannel-logout': { type: 'string' },
  public: { type: 'boolean' },
  'first-party': { type: 'boolean' },
  policy: { type: 'string' },
  'grant-types': { type: 'string' },
  scope: { type: 'string' },
  email: { type: 'string' },
  'given-name': { type: 'string' },
  'family-name': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  notice: { type: 'string' },
  client: { type: 'string' },
  organisation: { type: 'string' },
  locale: { type: 'string' },
  state: { type: 'string' },
  status: { type: 'string' },
  env: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, action, subject, extra] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  const config = command === 'demo' ? await loadDemoConfig(process.env) : await loadConfig({ file: values.config });
  const logger = createLogger(values.json && command !== 'start' && command !== 'demo' ? 'warn' : config.log.level);
  const out = createOutput(values.json === true);

  switch (command) {
    case 'demo':
      return runDemo(config, logger, process.env);
    case 'start':
      return start(config, logger, values.workers);
    case 'migrate': {
      const db = await openDatabase({
        url: config.database.url,
        poolSize: config.database.poolSize,
        dataDir: config.dataDir,
      });
      const applied = await migrate(db).finally(() => db.close());
      return out.print({ applied }, () =>
        applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.',
      );
    }
    case 'notices': {
      if (action !== 'export')
        throw new PortvaktError('invalid_input', 'Usage: portvakt notices export [--notice NAME] [--json]');
      const db = await openDatabase({
        url: config.database.url,
        poolSize: config.database.poolSize,
        dataDir: config.dataDir,
      });
      try {
        await migrate(db);
        const rows = await new PrivacyAcceptances(db).list(values.notice);
        return out.table(rows as unknown as Record<string, unknown>[], [
          'accountId',
          'notice',
          'version',
          'clientId',
          'acceptedAt',
        ]);
      } finally {
        await db.close();
      }
    }
    case 'eid':
      process.exitCode = await eidCommand(config, { action, service: subject, env: values.env }, out);
      return;
    case 'clients':
    case 'users':
    case 'invitations':
    case 'accounts':
    case 'keys': {
      const portvakt = await createApp(requireSecret(config), logger);
      try {
        if (command === 'clients') await clientsCommand(portvakt, { action, id: subject, values }, out);
        else if (command === 'invitations')
          await invitationsCommand(portvakt, config, { action, subject, values }, out);
        else if (command === 'accounts')
          await accountsCommand(portvakt, { action, id: subject, other: extra, values }, out);
        else if (command === 'users')
          await usersCommand(
            portvakt,
            {
              action,
              username: subject,
              extra,
              values,
              minLength: config.password.minLength,
              maxLength: config.password.maxLength,
            },
            out,
          );
        else await keysCommand(portvakt, action, config, out);
      } finally {
        await portvakt.close();
      }
      return;
    }
    default:
      throw new PortvaktError('invalid_input', `Unknown command "${command}".\n\n${USAGE}`);
  }
}

async function start(
  config: Config,
  logger: ReturnType<typeof createLogger>,
  workersOption: string | undefined,
): Promise<void> {
  requireSecret(config);
  requireSecureIssuer(config);
  const workers = workersOption === undefined ? 1 : Number(workersOption);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new PortvaktError('invalid_input', '--workers expects a whole number from 1 to 64.');
  if (workers > 1 && !config.database.url)
    throw new PortvaktError(
      'invalid_input',
      '--workers above 1 needs DATABASE_URL: the embedded database belongs to one process.',
    );
  if (workers > 1 && cluster.isPrimary) {
    for (let index = 0; index < workers; index += 1) cluster.fork();
    cluster.on('exit', (worker, code) => logger.warn({ pid: worker.process.pid, code }, 'worker exited'));
    return;
  }
  const running = await serve(config, logger);
  stopOnSignals(running.stop, logger);
}

function requireSecureIssuer(config: Config): void {
  if (new URL(config.issuer).protocol === 'https:' || config.http.allowInsecureIssuer) return;
  throw new PortvaktError(
    'config_invalid',
    `issuer ${config.issuer} is not https: browsers would send sessions and codes in clear. Put Portvakt behind TLS and set an https issuer, or set http.allowInsecureIssuer: true for a closed test network (npm start runs the demo without it).`,
  );
}

function requireSecret(config: Config): Config {
  if (!config.secretKey) {
    throw new PortvaktError(
      'config_invalid',
      'secretKey is not set: set PORTVAKT_SECRET_KEY to base64 of 32 random bytes (openssl rand -base64 32).',
    );
  }
  return config;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = isPortvaktError(error) ? error.publicMessage : error instanceof Error ? error.message : String(error);
  process.stderr.write(`portvakt: ${message}\n`);
  if (!isPortvaktError(error) || error.code === 'internal') process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  process.exitCode = isPortvaktError(error, 'invalid_input') ? 2 : 1;
});
