// `portvakt invitations …`: operators invite an e-mail address (optionally for a client or an
// organisation), list invitations, send a new link, or withdraw one.
import { z } from 'zod';
import { LOCALES, type Config } from '../../src/config/schema.ts';
import { InvitationDesk, invitationView } from '../../src/admin/invitation-desk.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import { createSenders } from '../../src/notify/senders.ts';
import { loadOrCreateSecret } from '../../src/provider/secrets.ts';
import { createSealer } from '../../kernel/sealing.ts';
import type { PortvaktApp } from '../server.ts';
import type { Output } from './output.ts';

export interface InvitationsArgs {
  action: string | undefined;
  /** The e-mail address for create; the invitation id otherwise. */
  subject: string | undefined;
  values: {
    client?: string | undefined;
    organisation?: string | undefined;
    locale?: string | undefined;
    state?: string | undefined;
  };
}

const USAGE =
  'Usage: portvakt invitations create <email> [--client ID] [--organisation TEXT] [--locale sv|nb|en] | list [--state S] | resend <id> | revoke <id>';
const BY = 'cli';

export async function invitationsCommand(
  portvakt: PortvaktApp,
  config: Config,
  args: InvitationsArgs,
  out: Output,
): Promise<void> {
  const desk = await openDesk(portvakt, config);
  switch (args.action) {
    case 'create': {
      const email = z.email().safeParse(args.subject ?? '');
      if (!email.success) throw new PortvaktError('invalid_input', `Give an e-mail address.\n${USAGE}`);
      const locale = args.values.locale;
      if (locale !== undefined && !(LOCALES as readonly string[]).includes(locale))
        throw new PortvaktError('invalid_input', '--locale must be sv, nb or en.');
      const { invitation, emailSent } = await desk.invite(
        {
          email: email.data,
          clientId: args.values.client,
          organisation: args.values.organisation,
          locale: locale as Config['locales']['default'] | undefined,
        },
        BY,
      );
      return out.print(
        invitationView(invitation, emailSent),
        () =>
          `Invited ${invitation.email} (${invitation.id}), valid until ${invitation.expiresAt.toISOString()}.${emailSent ? '' : ' The e-mail could not be sent; try invitations resend.'}`,
      );
    }
    case 'list': {
      const state = z.enum(['pending', 'accepted', 'revoked', 'expired']).optional().safeParse(args.values.state);
      if (!state.success)
        throw new PortvaktError('invalid_input', '--state must be pending, accepted, revoked or expired.');
      const rows = (await desk.invitations.list({ state: state.data, limit: 1000 })).map((invitation) =>
        invitationView(invitation),
      );
      return out.table(rows, ['id', 'email', 'client_id', 'organisation', 'state', 'expires_at']);
    }
    case 'resend': {
      const { invitation, emailSent } = await desk.resend(requireId(args), BY);
      return out.print(
        invitationView(invitation, emailSent),
        () =>
          `Sent a new link to ${invitation.email}; the old link no longer works.${emailSent ? '' : ' The e-mail could not be sent.'}`,
      );
    }
    case 'revoke': {
      const invitation = await desk.revoke(requireId(args), BY);
      return out.print(invitationView(invitation), () => `Revoked the invitation of ${invitation.email}.`);
    }
    default:
      throw new PortvaktError('invalid_input', USAGE);
  }
}

async function openDesk(portvakt: PortvaktApp, config: Config): Promise<InvitationDesk> {
  if (!config.secretKey) throw new PortvaktError('config_invalid', 'secretKey (PORTVAKT_SECRET_KEY) is required.');
  // The same key the running provider hashes link tokens with, so the links it receives match.
  const codeKey = await loadOrCreateSecret(portvakt.db, createSealer(config.secretKey), 'code-hash-key');
  return new InvitationDesk({
    config,
    db: portvakt.db,
    codeKey,
    provider: portvakt.provider,
    audit: portvakt.audit,
    senders: createSenders(config),
  });
}

function requireId(args: InvitationsArgs): string {
  if (!args.subject) throw new PortvaktError('invalid_input', `Usage: portvakt invitations ${args.action} <id>`);
  return args.subject;
}
