// What every invitation page needs: the invitation behind the link, whether this browser proved
// its address (a keyed cookie naming the invitation), the inviting client's policy, and the texts.
import { clientBrand, type ResolvedBrand } from '../../src/provider/brands.ts';
import { clearPageCookie, readPageCookie, setPageCookie, type PageCookie } from '../../src/http/page-cookies.ts';
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { LoginPolicyConfig } from '../../src/config/schema.ts';
import type { Queryable } from '../../adapters/database.ts';
import {
  insertInvitedAccount,
  Invitations,
  type Invitation,
  type InvitedAccount,
} from '../../src/accounts/invitations.ts';
import { isPortvaktError, PortvaktError } from '../../kernel/errors.ts';
import { describeInvitation } from '../../src/admin/invitation-desk.ts';
import type { InteractionServices, OidcClient } from '../context.ts';
import { html } from '../../src/web/html.ts';
import { loadPage, renderPage, type PageContext } from '../views/standalone.ts';
import { invitationTexts, type InvitationText } from './messages.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type InvitationPageServices = Pick<InteractionServices, 'codeKey' | 'config' | 'csrfKey' | 'db' | 'provider'>;

export interface InvitationPage {
  page: PageContext;
  text: InvitationText;
  invitation: Invitation;
  token: string;
  /** This browser proved the invited address. */
  bound: boolean;
  client: OidcClient | undefined;
  /** The inviting organisation's look, whose name the invitation's e-mails are sent under. */
  brand: ResolvedBrand | undefined;
  service: string;
  inviter: string;
  policy: LoginPolicyConfig;
  base: string;
}

const BINDING_COOKIE: PageCookie = 'portvakt_invitation';

export function invitationRepository(services: InvitationPageServices): Invitations {
  return new Invitations(services.db, services.codeKey);
}

/** The page's invitation, or undefined after the calm "cannot be used" page was rendered. */
export async function loadInvitation(
  ctx: Context,
  services: InvitationPageServices,
): Promise<InvitationPage | undefined> {
  const page = loadPage(ctx, services);
  const text = invitationTexts(page.locale);
  const token = String(ctx.params.token ?? '');
  const invitation = await invitationRepository(services).findByToken(token);
  if (!invitation || invitation.state !== 'pending') {
    renderPage(ctx, page, {
      title: text('unusableTitle'),
      status: 410,
      body: html`<p class="error" role="alert">${text('unusable')}</p>`,
    });
    return undefined;
  }
  return invitationPage(ctx, services, invitation, token);
}

/** The screens' view of an invitation: whom it is from and for, in the inviting client's look. */
export async function invitationPage(
  ctx: Context,
  services: InvitationPageServices,
  invitation: Invitation,
  token: string,
): Promise<InvitationPage> {
  const page = loadPage(ctx, services);
  const { client, service, inviter, brand } = await describeInvitation(services.provider, services.config, invitation);
  // The page in the language the person reads it in; the e-mails in the invitation's.
  const branded: PageContext = { ...page, brand: clientBrand(services.config, client, page.locale) };
  return {
    page: branded,
    text: invitationTexts(page.locale),
    invitation,
    token,
    bound: isBound(ctx, services, invitation),
    client,
    brand,
    service,
    inviter,
    policy: policyFor(services, client),
    base: `/invitation/${token}`,
  };
}

/**
 * The invitation for a form of one way of completing it: posted from this page, by the browser
 * that proved the address, under a policy that completes invitations that way. Otherwise the
 * browser goes back to the invitation's first page; undefined then.
 */
export async function loadBoundPost(
  ctx: Context,
  services: InvitationPageServices,
  completion: LoginPolicyConfig['invitationCompletion'],
): Promise<InvitationPage | undefined> {
  const view = await loadInvitation(ctx, services);
  if (!view) return undefined;
  assertScreenCsrf(ctx, view.page, services.config.issuer);
  if (!view.bound || view.policy.invitationCompletion !== completion) {
    ctx.redirect(view.base);
    return undefined;
  }
  return view;
}

/**
 * Makes the invited account with its way in (`credentials`, and whatever `alongside` stores in the
 * same transaction) and accepts the invitation, all or nothing. Undefined after the refusal was
 * shown: the invitation was used meanwhile, or the address or credential is taken.
 */
export async function createInvitedAccount(
  ctx: Context,
  services: InvitationPageServices,
  view: InvitationPage,
  credentials: Pick<InvitedAccount, 'id' | 'passwordHash' | 'totp'>,
  alongside?: (tx: Queryable, accountId: string) => Promise<void>,
): Promise<string | undefined> {
  const { invitation, text } = view;
  const repository = invitationRepository(services);
  try {
    return await repository.transaction(async (tx) => {
      const id = await insertInvitedAccount(tx, {
        ...credentials,
        email: invitation.email,
        organisation: invitation.organisation ?? undefined,
        identities: [
          { type: 'username', issuer: '', value: invitation.email, verified: true },
          { type: 'email', issuer: '', value: invitation.email, verified: true },
        ],
      });
      await alongside?.(tx, id);
      // Accepting in the same transaction: two browsers finishing at once make one account.
      if (!(await repository.accept(tx, invitation.id, id)))
        throw new PortvaktError('interaction_expired', 'The invitation was used meanwhile.');
      return id;
    });
  } catch (error) {
    if (isPortvaktError(error, 'interaction_expired')) refusalScreen(ctx, view, text('unusable'), 410);
    else if (isPortvaktError(error, 'conflict'))
      refusalScreen(ctx, view, text('emailTaken', { email: invitation.email }));
    else throw error;
    return undefined;
  }
}

export function refusalScreen(ctx: Context, view: InvitationPage, message: string, status = 409): void {
  renderPage(ctx, view.page, {
    title: view.text('title'),
    status,
    body: html`<p class="error" role="alert">${message}</p>`,
  });
}

export function bindBrowser(ctx: Context, services: InvitationPageServices, invitation: Invitation): void {
  const proof = invitationRepository(services).browserProof(invitation);
  setPageCookie(ctx, BINDING_COOKIE, proof ? `${invitation.id}.${proof}` : '', { sameSite: 'lax' });
}

export function unbindBrowser(ctx: Context): void {
  clearPageCookie(ctx, BINDING_COOKIE, 'lax');
}

/** The invitation this browser proved the address of, for a page whose address names none (an issuer's answer). */
export async function boundInvitation(ctx: Context, services: InvitationPageServices): Promise<Invitation | undefined> {
  const id = (readPageCookie(ctx, BINDING_COOKIE) ?? '').split('.')[0] ?? '';
  const invitation = await invitationRepository(services).findById(id);
  return invitation && isBound(ctx, services, invitation) ? invitation : undefined;
}

function isBound(ctx: Context, services: InvitationPageServices, invitation: Invitation): boolean {
  const proof = invitationRepository(services).browserProof(invitation);
  const sent = readPageCookie(ctx, BINDING_COOKIE) ?? '';
  const expected = proof ? `${invitation.id}.${proof}` : '';
  return (
    expected !== '' && sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
  );
}

/** The inviting client's login policy decides how the invitation is completed; without a client, the default. */
function policyFor(services: InvitationPageServices, client: OidcClient | undefined): LoginPolicyConfig {
  const name = (client?.metadata().login_policy as string | undefined) ?? 'default';
  const { policies } = services.config;
  return policies[name] ?? policies.default ?? Object.values(policies)[0]!;
}

/** Where "log in to <client>" leads: the origin of the client's first redirect URI, when it has one. */
export function clientHome(client: OidcClient | undefined): string | undefined {
  const first = client?.redirectUris?.[0];
  if (!first) return undefined;
  try {
    const url = new URL(first);
    return url.protocol === 'https:' || url.protocol === 'http:' ? `${url.origin}/` : undefined;
  } catch {
    return undefined;
  }
}
