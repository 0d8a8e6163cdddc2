// /admin/v1/invitations: invite an address, list, re-send (a new link) and revoke.
import type Router from '@koa/router';
import { z } from 'zod';
import { LOCALES } from '../config/schema.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import type { AdminState } from './auth.ts';
import { invitationView, type InvitationDesk } from './invitation-desk.ts';

const newInvitation = z.strictObject({
  email: z.email().max(320),
  client_id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w.:-]+$/)
    .optional(),
  organisation: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(LOCALES).optional(),
});

const listQuery = z.object({
  state: z.enum(['pending', 'accepted', 'revoked', 'expired']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const idParam = z.uuid();

export function mountInvitationsApi(router: Router, desk: InvitationDesk): void {
  router.post('/invitations', async (ctx) => {
    const input = newInvitation.parse(ctx.request.body ?? {});
    const { invitation, emailSent } = await desk.invite(
      { email: input.email, clientId: input.client_id, organisation: input.organisation, locale: input.locale },
      (ctx.state as AdminState).adminClient,
    );
    ctx.status = 201;
    ctx.set('Location', `${ctx.path}/${invitation.id}`);
    ctx.body = invitationView(invitation, emailSent);
  });

  router.get('/invitations', async (ctx) => {
    const query = listQuery.parse(ctx.query);
    ctx.body = { invitations: (await desk.invitations.list(query)).map((invitation) => invitationView(invitation)) };
  });

  router.get('/invitations/:id', async (ctx) => {
    const invitation = await desk.invitations.findById(idParam.parse(ctx.params.id));
    if (!invitation) throw new PortvaktError('not_found', 'No such invitation.');
    ctx.body = invitationView(invitation);
  });

  router.post('/invitations/:id/resend', async (ctx) => {
    const { invitation, emailSent } = await desk.resend(
      idParam.parse(ctx.params.id),
      (ctx.state as AdminState).adminClient,
    );
    ctx.body = invitationView(invitation, emailSent);
  });

  router.delete('/invitations/:id', async (ctx) => {
    ctx.body = invitationView(await desk.revoke(idParam.parse(ctx.params.id), (ctx.state as AdminState).adminClient));
  });
}
