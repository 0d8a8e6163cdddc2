// Starts the five sample portal entrances, each with its client from config/demo.yaml, against one
// Portvakt. The secrets come from the caller, never from this file.
import { startDatainsamling } from './datainsamling/index.ts';
import { startEportalStaff, startEportalTeachers } from './eportal/index.ts';
import { startKompetensportal } from './kompetensportal/index.ts';
import { startLaringsportal } from './laringsportal/index.ts';
import type { PortalOptions, RunningPortal } from './shared/portal.ts';

export type SampleClientId =
  'kompetensportal' | 'laringsportal' | 'eportal-teachers' | 'eportal-staff' | 'datainsamling';

export interface SamplePortalsOptions {
  issuer: string;
  /** Client secret by client id, as registered in Portvakt. */
  secrets: Record<string, string>;
  /** Port by client id; the demo's are 3001–3005, matching its redirect URIs. */
  ports?: Partial<Record<SampleClientId, number>>;
  /** Where to listen and what the redirect URIs name; `localhost` as in config/demo.yaml. */
  host?: string;
}

export interface SamplePortals {
  urls: Record<SampleClientId, string>;
  close(): Promise<void>;
}

const ENTRANCES: Record<SampleClientId, { port: number; start(options: PortalOptions): Promise<RunningPortal> }> = {
  kompetensportal: { port: 3001, start: startKompetensportal },
  laringsportal: { port: 3002, start: startLaringsportal },
  'eportal-teachers': { port: 3003, start: startEportalTeachers },
  'eportal-staff': { port: 3004, start: startEportalStaff },
  datainsamling: { port: 3005, start: startDatainsamling },
};

export async function startSamplePortals(options: SamplePortalsOptions): Promise<SamplePortals> {
  const clientIds = Object.keys(ENTRANCES) as SampleClientId[];
  const missing = clientIds.filter((clientId) => !options.secrets[clientId]);
  if (missing.length) throw new Error(`startSamplePortals: no client secret for ${missing.join(', ')}`);
  const started: RunningPortal[] = [];
  const urls = {} as Record<SampleClientId, string>;
  try {
    for (const clientId of clientIds) {
      const entrance = ENTRANCES[clientId];
      const portal = await entrance.start({
        issuer: options.issuer,
        port: options.ports?.[clientId] ?? entrance.port,
        host: options.host ?? 'localhost',
        clientId,
        clientSecret: options.secrets[clientId]!,
        allowInsecureIssuer: isLocalHttp(options.issuer),
      });
      started.push(portal);
      urls[clientId] = portal.url;
    }
  } catch (error) {
    await Promise.all(started.map((portal) => portal.close()));
    throw error;
  }
  return { urls, close: async () => void (await Promise.all(started.map((portal) => portal.close()))) };
}

/** Plain http is accepted only for a Portvakt on this machine, as the demo runs it. */
function isLocalHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
