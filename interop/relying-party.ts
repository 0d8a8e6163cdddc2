// One relying party's app, started for the run with its client's credentials: it discovers
// Portvakt on start and prints `ready <url>` once it listens.
import { join } from 'node:path';
import type { AppCommand, Library } from './libraries.ts';
import { OUTPUT_DIR, serve, type Server } from './support/process.ts';

export interface RelyingPartyClient {
  clientId: string;
  clientSecret: string;
  port: number;
}

export interface RunningRelyingParty {
  url: string;
  server: Server;
}

export async function startRelyingParty(
  library: Library,
  app: AppCommand,
  issuer: string,
  client: RelyingPartyClient,
): Promise<RunningRelyingParty> {
  const env = {
    ...process.env,
    RP_ISSUER: issuer,
    RP_CLIENT_ID: client.clientId,
    RP_CLIENT_SECRET: client.clientSecret,
    RP_PORT: String(client.port),
  };
  const logFile = join(OUTPUT_DIR, `${library.id}.log`);
  const { server, value } = await serve(
    app.command,
    app.args,
    { cwd: app.cwd, env, logFile },
    (line) => /^ready (http:\/\/\S+)$/.exec(line)?.[1],
  );
  return { url: value, server };
}
