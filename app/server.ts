// Composes Portvakt from its parts: database, keys, oidc-provider, the login UI and operations
// endpoints. createApp never listens; main.ts and the tests decide where it runs.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type Koa from 'koa';
import Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { Config } from '../src/config/schema.ts';
import { openDatabase, type Database } from '../adapters/database.ts';
import { migrate } from '../adapters/migrate.ts';
import { startSweeper } from '../adapters/sweep.ts';
import { PasskeyCeremony, relyingPartyOf } from '../src/accounts/passkey-ceremony.ts';
import { Passkeys } from '../src/accounts/passkeys.ts';
import { WebAuthnChallenges } from '../src/security/webauthn-challenges.ts';
import { interactionRouter, interactionServices } from '../interactions/router.ts';
import { pagesRouter } from '../interactions/pages-router.ts';
import { adminRouter } from '../src/admin/router.ts';
import { createEidServices } from '../interactions/eid/setup.ts';
import { EidOrders } from '../adapters/eid-orders.ts';
import { LoginProgressStore } from '../adapters/login-progress.ts';
import { UpstreamLogins } from '../adapters/upstream-logins.ts';
import { SecondFactors } from '../src/accounts/second-factors.ts';
import { PrivacyAcceptances } from '../src/accounts/privacy-notices.ts';
import { codeEngines } from '../src/security/one-time-codes.ts';
import { GuessingAlerts } from '../src/accounts/guessing-alerts.ts';
import { ChangeNotices } from '../src/accounts/change-notices.ts';
import { createSenders } from '../src/notify/senders.ts';
import { AccountRepository } from '../src/accounts/repository.ts';
import { PasswordHasher } from '../src/accounts/password.ts';
import { rememberedService } from '../src/provider/service-home.ts';
import { brandAssets } from '../src/provider/brand-assets.ts';
import { errorHandler } from '../src/http/error-handler.ts';
import { createMetrics, metricsReader, operationsRouter, requestContext } from '../src/http/operations.ts';
import { securityHeaders } from '../src/http/security-headers.ts';
import { DispatchingKoa, inRequestScope } from '../src/http/provider-dispatch.ts';
import { providerConfiguration } from '../src/provider/configuration.ts';
import { LoginNetworks, recordLoginNetworks } from '../src/provider/login-network.ts';
import { restrictFragmentResponses } from '../src/provider/response-modes.ts';
import { spareLogoutInitiator } from '../src/provider/logout-initiator.ts';
import { auditRegistrations } from '../src/provider/registration-audit.ts';
import { transportFor } from '../src/http/transport.ts';
import { accountPageClient } from '../src/provider/account-client.ts';
import { SigningKeys } from '../src/provider/keys.ts';
import { setPageSettings } from '../src/provider/pages.ts';
import { SessionActivity } from '../src/provider/idle-timeout.ts';
import { loadOrCreateSecret } from '../src/provider/secrets.ts';
import { createAuditLog, type AuditLog } from '../src/security/audit.ts';
import { createSealer } from '../kernel/sealing.ts';
import { Throttle } from '../src/security/throttle.ts';
import { PortvaktError } from '../kernel/errors.ts';
import { startInactivityJob } from '../src/accounts/inactivity.ts';
import { startWeeklySummaryJob } from '../src/notify/weekly-summary.ts';

export interface PortvaktApp {
  app: Koa;
  provider: Provider;
  db: Database;
  accounts: AccountRepository;
  passwords: PasswordHasher;
  keys: SigningKeys;
  audit: AuditLog;
  secondFactors: SecondFactors;
  passkeys: Passkeys;
  throttle: Throttle;
  changeNotices: ChangeNotices;
  /** Marks the app as draining (readiness fails) and releases the database. */
  close(): Promise<void>;
}

const ASSET_DIR = new URL('../interactions/assets/', import.meta.url);
// The browser half of @simplewebauthn, served from the installed package as it ships.
const WEBAUTHN_BUNDLE = new URL(
  '../dist/bundle/index.umd.min.js',
  pathToFileURL(createRequire(import.meta.url).resolve('@simplewebauthn/browser')),
);
const ASSETS: Record<string, { file: URL; type: string }> = {
  '/assets/portvakt.css': { file: new URL('portvakt.css', ASSET_DIR), type: 'text/css' },
  '/assets/eid-status.js': { file: new URL('eid-status.js', ASSET_DIR), type: 'text/javascript' },
  '/assets/auto-submit.js': { file: new URL('auto-submit.js', ASSET_DIR), type: 'text/javascript' },
  '/assets/passkey.js': { file: new URL('passkey.js', ASSET_DIR), type: 'text/javascript' },
  '/assets/webauthn.js': { file: WEBAUTHN_BUNDLE, type: 'text/javascript' },
};

export async function createApp(config: Config, logger: Logger, options: { db?: Database } = {}): Promise<PortvaktApp> {
  if (!config.secretKey)
    throw new PortvaktError(
      'config_invalid',
      'secretKey (PORTVAKT_SECRET_KEY) is required: base64 of 32 random bytes.',
    );
  // Before anything is opened: a refused certificate stops the start with nothing to release.
  const eid = await createEidServices(config, logger);
  const serveBrandAssets = await brandAssets(config);
  const db =
    options.db ??
    (await openDatabase({ url: config.database.url, poolSize: config.database.poolSize, dataDir: config.dataDir }));
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'database migrated');

  const sealer = createSealer(config.secretKey);
  const keys = new SigningKeys(db, sealer);
  if ((await keys.ensure()) > 0) logger.info('signing keys generated');
  const [jwks, cookieKey, pairwiseSalt, csrfKey, codeKey] = await Promise.all([
    keys.privateJwks(),
    loadOrCreateSecret(db, sealer, 'cookie-key'),
    loadOrCreateSecret(db, sealer, 'pairwise-salt'),
    loadOrCreateSecret(db, sealer, 'csrf-key'),
    loadOrCreateSecret(db, sealer, 'code-hash-key'),
  ]);

  const accounts = new AccountRepository(db);
  const passwords = new PasswordHasher(config.password);
  const audit = createAuditLog(db, logger);
  setPageSettings(config);
  // The account page is a relying party of Portvakt itself; its client exists wherever Portvakt runs.
  const clients = [...config.clients, accountPageClient(config, csrfKey)];
  if (config.outbound.allowPrivateAddresses) {
    logger.warn(
      'outbound.allowPrivateAddresses is on: any registered client can make Portvakt fetch loopback and private addresses (jwks_uri, sector_identifier_uri, request_uri, back-channel logout). Keep it off outside a demo.',
    );
  }
  const provider = new Provider(
    config.issuer,
    providerConfiguration({ ...config, clients }, db, accounts, { jwks, cookieKeys: [cookieKey], pairwiseSalt }),
  );
  if (config.http.trustedProxies.length > 0) provider.proxy = true;
  restrictFragmentResponses(provider);
  spareLogoutInitiator(provider);
  // Listeners run in their request's scope, so what they log names the request (provider-dispatch.ts).
  provider.on('server_error', (ctx, error) =>
    inRequestScope(ctx.req, () => logger.error({ err: error }, 'oidc-provider server error')),
  );
  provider.on('backchannel.error', (ctx, error, client) =>
    inRequestScope(ctx.req, () =>
      logger.warn({ err: error, clientId: client.clientId }, 'back-channel logout delivery failed'),
    ),
  );
  const activity = new SessionActivity(db);
  provider.on('authorization.success', (ctx) => {
    const { session, client } = ctx.oidc;
    if (session?.uid && client) {
      void activity
        .touch(session.uid, client.clientId)
        .catch((error: unknown) =>
          inRequestScope(ctx.req, () => logger.warn({ err: error }, 'session activity not recorded')),
        );
    }
  });
  recordLoginNetworks(provider, config, new LoginNetworks(db), (error) =>
    logger.warn({ err: error }, 'login network not recorded'),
  );
  auditRegistrations(provider, config, audit, (error) => logger.warn({ err: error }, 'registration not audited'));
  provider.on('end_session.success', (ctx) => {
    void inRequestScope(ctx.req, () =>
      audit.record({ type: 'logout', outcome: 'success', clientId: ctx.oidc.client?.clientId }),
    ).catch(() => undefined);
  });

  let shuttingDown = false;
  const metrics = createMetrics();
  const assets = new Map(
    await Promise.all(
      Object.entries(ASSETS).map(
        async ([path, asset]) => [path, { type: asset.type, body: await readFile(asset.file, 'utf8') }] as const,
      ),
    ),
  );
  const app = new DispatchingKoa();
  // Behind a configured proxy, Koa reads the scheme it forwards (transport.ts drops it from anyone
  // else), so cookies get Secure when the person's connection is TLS.
  app.proxy = config.http.trustedProxies.length > 0;
  app.prepareRequests(transportFor(config));
  app.use(requestContext(logger, metrics));
  app.use(errorHandler(logger, config.locales.default, rememberedService(provider)));
  app.use(securityHeaders);
  app.use(operationsRouter(db, metrics, () => shuttingDown, metricsReader(config)).routes());
  app.use(async (ctx, next) => {
    const asset = assets.get(ctx.path);
    if (!asset || ctx.method !== 'GET') return next();
    ctx.type = asset.type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = asset.body;
  });
  app.use(serveBrandAssets);
  const eidOrders = new EidOrders(db, sealer);
  const secondFactors = new SecondFactors(db, sealer, codeKey);
  const throttle = new Throttle(db);
  const senders = createSenders(config);
  const passkeys = new Passkeys(db);
  const passkeyCeremony = new PasskeyCeremony(
    relyingPartyOf(config.issuer, config.passkeys.rpName),
    passkeys,
    new WebAuthnChallenges(db),
  );
  const changeNotices = new ChangeNotices({
    db,
    codeKey,
    issuer: config.issuer,
    defaultLocale: config.locales.default,
    accounts,
    secondFactors,
    passkeys,
    senders,
    audit,
  });
  const guessingAlerts = new GuessingAlerts({
    issuer: config.issuer,
    defaultLocale: config.locales.default,
    accounts,
    throttle,
    email: senders.email,
    audit,
  });
  const services = interactionServices({
    config,
    provider,
    db,
    sealer,
    codeKey,
    accounts,
    passwords,
    throttle,
    audit,
    logger,
    csrfKey,
    eid: eid.drivers,
    eidOrders,
    secondFactors,
    passkeys,
    passkeyCeremony,
    codes: codeEngines(db, codeKey, config.oneTimeCodes),
    progress: new LoginProgressStore(db, sealer),
    acceptances: new PrivacyAcceptances(db),
    upstream: new UpstreamLogins(db, sealer),
    senders,
    changeNotices,
    guessingAlerts,
  });
  const interactions = interactionRouter(services);
  const pages = pagesRouter(services);
  const admin = adminRouter(services);
  app.use(interactions.routes()).use(interactions.allowedMethods());
  app.use(pages.routes()).use(pages.allowedMethods());
  app.use(admin.routes()).use(admin.allowedMethods());
  // oidc-provider's own endpoints skip the middleware above (see provider-dispatch.ts); anything
  // else no router took (an unknown path, a method a route lacks) is still the provider's to answer.
  app.dispatchToProvider(provider, metrics);
  const providerCallback = provider.callback();
  app.use(async (ctx) => {
    ctx.respond = false;
    await providerCallback(ctx.req, ctx.res);
  });

  const stopInactivity = startInactivityJob(
    { db, accounts, audit, senders: services.senders, config, logger },
    config.accounts.inactivity.checkEverySeconds * 1000,
  );
  const stopWeeklySummary = startWeeklySummaryJob(
    { db, audit, senders: services.senders, config, logger },
    config.notifications.summaryCheckEverySeconds * 1000,
  );
  const stopSweeper = startSweeper(db, 60_000, (error) => logger.warn({ err: error }, 'sweep failed'));
  return {
    app,
    provider,
    db,
    accounts,
    passwords,
    keys,
    audit,
    secondFactors,
    passkeys,
    throttle,
    changeNotices,
    async close() {
      shuttingDown = true;
      stopSweeper();
      stopInactivity();
      stopWeeklySummary();
      eid.close();
      if (!options.db) await db.close();
    },
  };
}
