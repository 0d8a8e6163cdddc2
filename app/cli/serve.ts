// Runs the HTTP server: listens, reports where, and shuts down gracefully on SIGTERM or Ctrl-C.
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../../src/config/schema.ts';
import { createApp, type PortvaktApp } from '../server.ts';

export interface RunningServer {
  portvakt: PortvaktApp;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export async function serve(config: Config, logger: Logger): Promise<RunningServer> {
  const portvakt = await createApp(config, logger);
  const server = createServer(portvakt.app.callback());
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  logger.info({ url, issuer: config.issuer }, 'Portvakt is listening');
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down');
      await portvakt.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
    })();
    return stopping;
  };
  return { portvakt, server, url, stop };
}

/** Stops on the first SIGTERM/SIGINT; a second one exits at once. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let signalled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (signalled) process.exit(1);
      signalled = true;
      stop()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
    });
  }
}
