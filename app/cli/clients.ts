// `portvakt clients …`: operators register, inspect, remove and re-key relying parties. Clients
// added here are stored where dynamically registered ones are, and validated by oidc-provider.
import { randomBytes } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';
import { SqlAdapter, storedClients } from '../../adapters/oidc-adapter.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import type { PortvaktApp } from '../server.ts';
import type { Output } from './output.ts';

export interface ClientsArgs {
  action: string | undefined;
  id: string | undefined;
  values: {
    name?: string | undefined;
    redirect?: string[] | undefined;
    'post-logout-redirect'?: string[] | undefined;
    public?: boolean | undefined;
    'first-party'?: boolean | undefined;
    policy?: string | undefined;
    'grant-types'?: string | undefined;
    scope?: string | undefined;
    'backchannel-logout'?: string | undefined;
  };
}

export async function clientsCommand(portvakt: PortvaktApp, args: ClientsArgs, out: Output): Promise<void> {
  const { Client } = portvakt.provider;
  const stored = new SqlAdapter(portvakt.db, 'Client');
  switch (args.action) {
    case 'add': {
      const metadata = buildMetadata(args);
      await Client.validate(metadata as ClientMetadata).catch(
        (cause: { error_description?: string; message: string }) => {
          throw new PortvaktError('invalid_input', `Invalid client: ${cause.error_description ?? cause.message}`, {
            cause,
          });
        },
      );
      if (await Client.find(metadata.client_id as string))
        throw new PortvaktError('conflict', `Client ${String(metadata.client_id)} already exists.`);
      await stored.upsert(metadata.client_id as string, metadata, 0);
      await portvakt.audit.record({
        type: 'client.registered',
        outcome: 'success',
        clientId: metadata.client_id as string,
        detail: { via: 'cli' },
      });
      return out.print(
        metadata,
        () =>
          describe(metadata) +
          (metadata.client_secret
            ? `\nclient_secret: ${String(metadata.client_secret)}  (shown once; store it now)`
            : ''),
      );
    }
    case 'list': {
      return out.table(
        (await storedClients(portvakt.db)).map(({ id, metadata }) => ({
          client_id: id,
          client_name: metadata.client_name,
          auth: metadata.token_endpoint_auth_method,
          redirect_uris: metadata.redirect_uris,
        })),
        ['client_id', 'client_name', 'auth', 'redirect_uris'],
      );
    }
    case 'show': {
      const client = await Client.find(requireId(args));
      if (!client) throw new PortvaktError('not_found', `No client ${args.id}.`);
      const { client_secret: _secret, ...metadata } = client.metadata();
      return out.print(metadata, () => describe(metadata));
    }
    case 'remove': {
      const id = requireId(args);
      if (!(await stored.find(id)))
        throw new PortvaktError(
          'not_found',
          `No stored client ${id} (clients declared in the configuration file are removed there).`,
        );
      await stored.destroy(id);
      await portvakt.audit.record({ type: 'client.removed', outcome: 'success', clientId: id, detail: { via: 'cli' } });
      return out.print({ removed: id }, () => `Removed client ${id}.`);
    }
    case 'rotate-secret': {
      const id = requireId(args);
      const current = await stored.find(id);
      if (!current || !current.client_secret)
        throw new PortvaktError('not_found', `No stored confidential client ${id}.`);
      const client_secret = newSecret();
      await stored.upsert(id, { ...current, client_secret }, 0);
      await portvakt.audit.record({
        type: 'client.secret_rotated',
        outcome: 'success',
        clientId: id,
        detail: { via: 'cli' },
      });
      return out.print(
        { client_id: id, client_secret },
        () => `New client_secret for ${id}: ${client_secret}  (shown once)`,
      );
    }
    default:
      throw new PortvaktError(
        'invalid_input',
        'Usage: portvakt clients add|list|show|remove|rotate-secret [client_id] [options]',
      );
  }
}

function buildMetadata(args: ClientsArgs): Record<string, unknown> {
  const { values } = args;
  const isPublic = values.public === true;
  if (!values.redirect?.length) throw new PortvaktError('invalid_input', 'Give at least one --redirect URI.');
  return prune({
    client_id: args.id ?? `client-${randomBytes(8).toString('hex')}`,
    client_name: values.name,
    client_secret: isPublic ? undefined : newSecret(),
    token_endpoint_auth_method: isPublic ? 'none' : 'client_secret_basic',
    redirect_uris: values.redirect,
    post_logout_redirect_uris: values['post-logout-redirect'],
    backchannel_logout_uri: values['backchannel-logout'],
    grant_types: values['grant-types']?.split(',') ?? ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: values.scope,
    first_party: values['first-party'] === true,
    login_policy: values.policy ?? 'default',
  });
}

function requireId(args: ClientsArgs): string {
  if (!args.id) throw new PortvaktError('invalid_input', `Usage: portvakt clients ${args.action} <client_id>`);
  return args.id;
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function describe(metadata: Record<string, unknown>): string {
  return Object.entries(metadata)
    .filter(([key]) => key !== 'client_secret')
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(' ') : String(value)}`)
    .join('\n');
}

function prune(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}
