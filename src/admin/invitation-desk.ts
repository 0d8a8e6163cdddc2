// Inviting, re-sending and revoking, shared by the admin API and the command line: the row, the
// e-mail and the audit event always go together.
import type Provider from 'oidc-provider';
import type { Config, Locale } from '../config/schema.ts';
import type { Database } from '../../adapters/database.ts';
import { Invitations, type Invitation } from '../accounts/invitations.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import { invitationEmail } from '../notify/invitation-emails.ts';
import type { EmailSender } from '../notify/index.ts';
import type { AuditLog } from '../security/audit.ts';
import { codeEngine, type OneTimeCodes } from '../security/one-time-codes.ts';
import { clientBrand } from '../provider/brands.ts';

export interface DeskServices {
  config: Config;
  db: Database;
  codeKey: string;
  provider: Provider;
  audit: AuditLog;
  senders: { email?: EmailSender | undefined };
}

export interface InviteInput {
  email: string;
  clientId?: string | undefined;
  organisation?: string | undefined;
  locale?: Locale | undefined;
}

export interface DeskResult {
  invitation: Invitation;
  emailSent: boolean;
}

/**
 * Whom an invitation is from and for, as the e-mail and the invitation page name them: the
 * organisation of the inviting client's brand before anything else, so the invitee sees who asks.
 */
export async function describeInvitation(
  provider: Provider,
  config: Pick<Config, 'policies' | 'brands' | 'locales'>,
  invitation: Pick<Invitation, 'clientId' | 'organisation' | 'locale'>,
) {
  const client = invitation.clientId ? await provider.Client.find(invitation.clientId) : undefined;
  const brand = clientBrand(config, client, invitation.locale ?? config.locales.default);
  const service = client?.clientName ?? brand?.name ?? invitation.organisation ?? 'Portvakt';
  return { client, brand, service, inviter: brand?.name ?? invitation.organisation ?? service };
}

export class InvitationDesk {
  readonly invitations: Invitations;
  private readonly codes: OneTimeCodes;

  constructor(private readonly services: DeskServices) {
    this.invitations = new Invitations(services.db, services.codeKey);
    this.codes = codeEngine(services.db, services.codeKey, 'invitation', services.config.oneTimeCodes);
  }

  async invite(input: InviteInput, by: string): Promise<DeskResult> {
    if (input.clientId && !(await this.services.provider.Client.find(input.clientId)))
      throw new PortvaktError('invalid_input', `No client ${input.clientId}.`);
    const { invitation, token } = await this.invitations.create({
      ...input,
      invitedBy: by,
      lifetimeSeconds: this.services.config.accounts.invitationSeconds,
    });
    const emailSent = await this.send(invitation, token);
    await this.services.audit.record({
      type: 'invitation.created',
      outcome: emailSent ? 'success' : 'failure',
      clientId: invitation.clientId ?? undefined,
      detail: { invitation: invitation.id, by, emailSent },
    });
    return { invitation, emailSent };
  }

  async resend(id: string, by: string): Promise<DeskResult> {
    const renewed = await this.invitations.renew(id, this.services.config.accounts.invitationSeconds);
    if (!renewed) throw await this.missing(id);
    // A renewed invitation starts again: a code sent under the old link proves nothing now.
    await this.codes.cancel(id);
    const emailSent = await this.send(renewed.invitation, renewed.token);
    await this.services.audit.record({
      type: 'invitation.resent',
      outcome: emailSent ? 'success' : 'failure',
      clientId: renewed.invitation.clientId ?? undefined,
      detail: { invitation: id, by, emailSent },
    });
    return { invitation: renewed.invitation, emailSent };
  }

  /**
   * A person who lost the link asks on the login screen ("an invitation, or forgot the password?"):
   * a live invitation to the address gets a fresh link there, with the expiry it already had, so
   * asking cannot keep an invitation alive. The old link and its progress end. Nothing is said to
   * the asker either way; the address's owner reads the e-mail.
   */
  async remind(email: string, context: { ip: string; clientId: string }): Promise<boolean> {
    const pending = await this.invitations.findPendingByEmail(email);
    if (!pending) return false;
    const remainingSeconds = Math.ceil((pending.expiresAt.getTime() - Date.now()) / 1000);
    if (remainingSeconds < 60) return false;
    const renewed = await this.invitations.renew(pending.id, remainingSeconds);
    if (!renewed) return false;
    await this.codes.cancel(pending.id);
    const emailSent = await this.send(renewed.invitation, renewed.token);
    await this.services.audit.record({
      type: 'invitation.resent',
      outcome: emailSent ? 'success' : 'failure',
      clientId: renewed.invitation.clientId ?? undefined,
      ip: context.ip,
      detail: { invitation: pending.id, by: 'invitee', from: context.clientId, emailSent },
    });
    return emailSent;
  }

  async revoke(id: string, by: string): Promise<Invitation> {
    if (!(await this.invitations.revoke(id))) throw await this.missing(id);
    const invitation = (await this.invitations.findById(id))!;
    await this.services.audit.record({
      type: 'invitation.revoked',
      outcome: 'success',
      clientId: invitation.clientId ?? undefined,
      detail: { invitation: id, by },
    });
    return invitation;
  }

  private async missing(id: string): Promise<PortvaktError> {
    const found = await this.invitations.findById(id);
    return found
      ? new PortvaktError('conflict', `The invitation is ${found.state}; only a pending invitation can be changed.`)
      : new PortvaktError('not_found', `No invitation ${id}.`);
  }

  private async send(invitation: Invitation, token: string): Promise<boolean> {
    const { config, provider, senders } = this.services;
    if (!senders.email) return false;
    const { service, inviter, brand } = await describeInvitation(provider, config, invitation);
    const link = `${config.issuer.replace(/\/$/, '')}/invitation/${token}`;
    const days = Math.max(1, Math.round((invitation.expiresAt.getTime() - Date.now()) / 86_400_000));
    const result = await senders.email.send({
      to: invitation.email,
      senderName: brand?.emailSenderName,
      ...invitationEmail(invitation.locale ?? config.locales.default, { inviter, service, link, days }),
    });
    return result.ok;
  }
}

export function invitationView(invitation: Invitation, emailSent?: boolean) {
  return {
    id: invitation.id,
    email: invitation.email,
    client_id: invitation.clientId,
    organisation: invitation.organisation,
    locale: invitation.locale,
    state: invitation.state,
    invited_by: invitation.invitedBy,
    account_id: invitation.accountId,
    created_at: invitation.createdAt.toISOString(),
    expires_at: invitation.expiresAt.toISOString(),
    accepted_at: invitation.acceptedAt?.toISOString() ?? null,
    revoked_at: invitation.revokedAt?.toISOString() ?? null,
    ...(emailSent === undefined ? {} : { email_sent: emailSent }),
  };
}
