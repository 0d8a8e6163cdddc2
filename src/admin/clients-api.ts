// /admin/v1/clients: the relying parties Portvakt knows, read-only for now. Static ones come from
// the configuration (and Portvakt's own account page), registered ones from the database (the CLI
// and dynamic registration store them alike). Metadata is shown as oidc-provider resolved it,
// never a secret.
import type Router from '@koa/router';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { storedClients } from '../../adapters/oidc-adapter.ts';
import type { Database } from '../../adapters/database.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import type { Config } from '../config/schema.ts';
import { ACCOUNT_CLIENT_ID } from '../provider/account-client.ts';
import { brandKeyOf } from '../provider/brands.ts';

export interface ClientsApiServices {
  config: Pick<Config, 'policies' | 'clients'>;
  provider: Provider;
  db: Database;
}

/** What the composition root hands oidc-provider as static clients: the configured ones and the account page. */
function staticClientIds(config: Pick<Config, 'clients'>): string[] {
  return [...config.clients.map((client) => client.client_id), ACCOUNT_CLIENT_ID];
}

type ClientSource = 'configuration' | 'registered';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only'),
});

export function mountClientsApi(router: Router, services: ClientsApiServices): void {
  router.get('/clients', async (ctx) => {
    const statics = new Set(staticClientIds(services.config));
    const registered = (await storedClients(services.db)).map((stored) => stored.id).filter((id) => !statics.has(id));
    const views = await Promise.all([
      ...[...statics].map((id) => clientView(services, id, 'configuration')),
      ...registered.map((id) => clientView(services, id, 'registered')),
    ]);
    ctx.body = { clients: views.filter((view) => view !== undefined) };
  });

  router.get('/clients/:id', async (ctx) => {
    const { id } = idParam.parse(ctx.params);
    const view = await clientView(
      services,
      id,
      staticClientIds(services.config).includes(id) ? 'configuration' : 'registered',
    );
    if (!view) throw new PortvaktError('not_found', `No client ${id}.`);
    ctx.body = view;
  });
}

/** A stored client whose metadata oidc-provider no longer accepts is not a client it serves. */
async function clientView(services: ClientsApiServices, id: string, source: ClientSource) {
  const client = await services.provider.Client.find(id).catch(() => undefined);
  if (!client) return undefined;
  const metadata = client.metadata();
  return {
    client_id: client.clientId,
    client_name: metadata.client_name ?? null,
    source,
    redirect_uris: metadata.redirect_uris ?? [],
    post_logout_redirect_uris: metadata.post_logout_redirect_uris ?? [],
    grant_types: metadata.grant_types ?? [],
    token_endpoint_auth_method: metadata.token_endpoint_auth_method ?? null,
    first_party: metadata.first_party === true,
    login_policy: typeof metadata.login_policy === 'string' ? metadata.login_policy : 'default',
    brand:
      brandKeyOf(services.config, {
        brand: metadata.brand,
        first_party: metadata.first_party,
        login_policy: metadata.login_policy,
      }) ?? null,
  };
}
