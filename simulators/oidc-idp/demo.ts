// The demo's Google Workspace logins: one simulated Google issuer, and two `oidcUpstreams` entries
// at it, the municipality's domain and the school administration's. As at Google, one issuer
// serves every domain; Portvakt keeps the entries apart by their callbacks (state and PKCE are
// bound to the entry), their clients and their allowedEmailDomains. Development only.
import { randomBytes } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';
import type { ConfigInput } from '../../src/config/schema.ts';
import { startOidcIdpSimulator, type OidcIdpSimulator } from './index.ts';

/** The Workspace domains the demo's chooser offers, each as the method `oidc.<name>`. */
export const DEMO_WORKSPACES = [
  {
    name: 'google-kommun',
    domain: 'exempelstad.se',
    label: {
      sv: 'Exempelstads kommun (Google)',
      nb: 'Exempelstad kommune (Google)',
      en: 'Exempelstad municipality (Google)',
    },
  },
  {
    name: 'google-skola',
    domain: 'skola.exempelstad.se',
    label: {
      sv: 'Skolförvaltningen (Google)',
      nb: 'Skoleforvaltningen (Google)',
      en: 'School administration (Google)',
    },
  },
] as const;

type OidcUpstreamsInput = NonNullable<ConfigInput['oidcUpstreams']>;

export interface GoogleWorkspaceWiring {
  /** Portvakt's `oidcUpstreams` entries. */
  oidcUpstreams: OidcUpstreamsInput;
  /** The simulator's registration of Portvakt for each entry, at Portvakt's issuer. */
  clientsFor(portvaktIssuer: string): ClientMetadata[];
}

/** Both sides of the wiring, with secrets made afresh on every start (both sides start together). */
export function googleWorkspaceWiring(simulator: Pick<OidcIdpSimulator, 'issuer' | 'caPem'>): GoogleWorkspaceWiring {
  const entries = DEMO_WORKSPACES.map((workspace) => ({
    workspace,
    clientId: `portvakt-${workspace.name}`,
    secret: randomBytes(24).toString('base64url'),
  }));
  return {
    oidcUpstreams: entries.map(({ workspace, clientId, secret }) => ({
      name: workspace.name,
      label: workspace.label,
      issuer: simulator.issuer,
      caPem: simulator.caPem,
      clientId,
      clientAuth: { method: 'client_secret_basic', secret },
      allowedEmailDomains: [workspace.domain],
      // The demo's password accounts have example.org addresses, so a Workspace person's first
      // login finds none by e-mail and gets an account of its own; later logins find it by subject.
      linking: { by: ['email'], authoritativeEmailDomains: [workspace.domain], onNoMatch: 'provision' },
    })),
    clientsFor: (portvaktIssuer) =>
      entries.map(({ workspace, clientId, secret }) => ({
        client_id: clientId,
        // The municipality's own registration at Google, named as its people know it.
        client_name: 'Exempelstads kommun',
        client_secret: secret,
        // Portvakt's callback for an upstream entry (interactions/upstream/oidc-method.ts).
        redirect_uris: [`${new URL(portvaktIssuer).origin}/upstream/oidc/${workspace.name}/callback`],
      })),
  };
}

export interface DemoGoogleWorkspace {
  simulator: OidcIdpSimulator;
  oidcUpstreams: OidcUpstreamsInput;
  close(): Promise<void>;
}

export async function startDemoGoogleWorkspace(options: {
  dataDir: string;
  port: number;
  /** Portvakt's issuer, where the simulator sends its answers. */
  issuer: string;
}): Promise<DemoGoogleWorkspace> {
  const simulator = await startOidcIdpSimulator({ preset: 'google', dataDir: options.dataDir, port: options.port });
  const wiring = googleWorkspaceWiring(simulator);
  for (const client of wiring.clientsFor(options.issuer)) simulator.register(client);
  return { simulator, oidcUpstreams: wiring.oidcUpstreams, close: () => simulator.close() };
}
