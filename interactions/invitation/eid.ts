// Completing an invitation with BankID or Freja eID+: the same drivers and order store as a login,
// the order kept under `invitation:<id>`. The verified identity number makes the account, or, when
// an account already holds it, the invitation is linked to that account.
import type Router from '@koa/router';
import type { EidOrder } from '../../adapters/eid-orders.ts';
import type { Context } from 'koa';
import { addInvitedEmail, insertInvitedAccount, type Invitation } from '../../src/accounts/invitations.ts';
import { PortvaktError, isPortvaktError } from '../../kernel/errors.ts';
import { reaches } from '../../src/policy/resolve.ts';
import { formField, type InteractionServices } from '../context.ts';
import type { EidCompletion, EidDriver } from '../eid/driver.ts';
import { cancelOrder, orderMessageText, refreshOrder, startOrder } from '../eid/order-flow.ts';
import { awaitsReturn, checkReturn, shownState } from '../eid/return-binding.ts';
import { qrSvg } from '../../src/web/qr.ts';
import { invitationRepository, loadInvitation, refusalScreen, unbindBrowser, type InvitationPage } from './context.ts';
import { eidChoiceScreen, eidStatusScreen, readyScreen } from './views.ts';
import { browserDeviceId } from '../../src/http/device-cookie.ts';
import { devicePlatform } from '../../src/http/platform.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';
import { handOffProof } from '../proof-handoff.ts';
import { askForDetails } from './details.ts';

/** The part of the shared services these screens use. */
type InvitationEidServices = Pick<
  InteractionServices,
  | 'accounts'
  | 'audit'
  | 'codeKey'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'provider'
  | 'sealer'
>;

const orderUid = (invitation: Invitation) => `invitation:${invitation.id}`;

/** The eID services the inviting client's policy names; all configured ones when it names none. */
function driversFor(services: InvitationEidServices, view: InvitationPage): EidDriver[] {
  const configured = (['bankid', 'freja'] as const)
    .map((id) => services.eid[id])
    .filter((driver): driver is EidDriver => driver !== undefined);
  const named = configured.filter((driver) => view.policy.methods.includes(driver.id));
  return named.length ? named : configured;
}

export async function showEidStep(ctx: Context, services: InvitationEidServices, view: InvitationPage): Promise<void> {
  for (const driver of driversFor(services, view)) {
    const order = await services.eidOrders.find(orderUid(view.invitation), driver.id);
    if (order?.state === 'pending') return ctx.redirect(`${view.base}/eid/${driver.id}/status`);
  }
  eidChoiceScreen(ctx, view, driversFor(services, view));
}

export function mountInvitationEid(router: Router, services: InvitationEidServices): void {
  const base = '/invitation/:token/eid';
  const bound = async (ctx: Context, post: boolean) => {
    const view = await loadInvitation(ctx, services);
    if (!view) return undefined;
    if (post) assertScreenCsrf(ctx, view.page, services.config.issuer);
    const driver = driversFor(services, view).find(
      (candidate) => candidate.id === (ctx.params.method ?? formField(ctx, 'method')),
    );
    if (!view.bound || view.policy.invitationCompletion !== 'eid' || !driver) {
      ctx.redirect(view?.base ?? '/');
      return undefined;
    }
    return { view, driver };
  };

  router.post(`${base}/start`, async (ctx) => {
    const found = await bound(ctx, true);
    if (!found) return;
    const flow = formField(ctx, 'flow');
    if (flow !== 'qr' && flow !== 'sameDevice')
      throw new PortvaktError('invalid_input', 'Choose this device or another device.');
    await start(ctx, services, found.view, found.driver, flow);
  });

  router.get(`${base}/:method/status`, async (ctx) => {
    const found = await bound(ctx, false);
    if (!found) return;
    const { view, driver } = found;
    const stored = await services.eidOrders.find(orderUid(view.invitation), driver.id);
    if (!stored) return ctx.redirect(view.base);
    const checked = await checkReturn(
      services.eidOrders,
      stored,
      typeof ctx.query.nonce === 'string' ? ctx.query.nonce : undefined,
    );
    if (checked.kind === 'wrong_browser')
      return eidChoiceScreen(ctx, view, driversFor(services, view), view.page.t('eid.wrongBrowser'));
    const advanced = await refreshOrder(services, driver, checked.order);
    if (advanced.state === 'complete' && !awaitsReturn(driver, advanced)) return complete(ctx, services, view, driver);
    const shown = statusOf(ctx, view, driver, advanced);
    eidStatusScreen(ctx, view, driver, {
      ...shown,
      pollUrl: `${view.base}/eid/${driver.id}/poll`,
      qr: shown.qrContent ? await qrSvg(shown.qrContent) : undefined,
    });
  });

  // What the status page's script asks every second: the message and the current QR code.
  router.get(`${base}/:method/poll`, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const found = await bound(ctx, false);
    if (!found) return;
    const stored = await services.eidOrders.find(orderUid(found.view.invitation), found.driver.id);
    if (!stored) return void (ctx.body = { state: 'gone' });
    const shown = statusOf(ctx, found.view, found.driver, await refreshOrder(services, found.driver, stored));
    ctx.body = {
      state: shown.pending ? 'pending' : 'done',
      message: shown.message,
      qrContent: shown.qrContent,
      qr: shown.qrContent ? (await qrSvg(shown.qrContent)).value : undefined,
    };
  });

  router.post(`${base}/:method/cancel`, async (ctx) => {
    const found = await bound(ctx, true);
    if (!found) return;
    await cancelOrder(services, found.driver, orderUid(found.view.invitation));
    ctx.redirect(found.view.base);
  });
}

/** How an order is shown to the invited person: one waiting for the app's return still looks pending. */
function statusOf(ctx: Context, view: InvitationPage, driver: EidDriver, advanced: EidOrder) {
  const order = shownState(driver, advanced);
  const failed = order.state !== 'pending';
  const message = awaitsReturn(driver, advanced)
    ? view.page.t('eid.awaitingReturn')
    : failed && (!order.message || driver.isInternal(order.message))
      ? view.page.t('error.generic')
      : order.message
        ? driver.text(order.message, view.page.locale)
        : '';
  return {
    pending: !failed,
    failed,
    flow: order.flow,
    message,
    // The code is for the app to pick the order up; once it has, there is nothing left to scan.
    qrContent: !failed && order.flow === 'qr' && !order.seenOnDevice ? driver.qrContent(order, Date.now()) : undefined,
    launchUrl:
      !failed && order.flow === 'sameDevice'
        ? driver.launch(order, devicePlatform(ctx.get('user-agent'))).url
        : undefined,
  };
}

async function start(
  ctx: Context,
  services: InvitationEidServices,
  view: InvitationPage,
  driver: EidDriver,
  flow: 'qr' | 'sameDevice',
): Promise<void> {
  const outcome = await startOrder(
    services,
    driver,
    {
      key: orderUid(view.invitation),
      statusPath: `${view.base}/eid/${driver.id}/status`,
      ip: view.page.ip,
      userAgent: ctx.get('user-agent'),
      deviceId: browserDeviceId(ctx),
    },
    flow,
  );
  if (outcome.started) return ctx.redirect(`${view.base}/eid/${driver.id}/status`);
  eidChoiceScreen(
    ctx,
    view,
    driversFor(services, view),
    orderMessageText(driver, outcome.message, view.page.locale, view.page.t),
  );
}

async function complete(
  ctx: Context,
  services: InvitationEidServices,
  view: InvitationPage,
  driver: EidDriver,
): Promise<void> {
  const { invitation, page, text } = view;
  const completion = await services.eidOrders.takeResult<EidCompletion>(orderUid(invitation), driver.id, {
    bindsReturn: driver.bindsReturn,
  });
  if (!completion) return ctx.redirect(view.base);
  const audit = { clientId: invitation.clientId ?? undefined, ip: page.ip };
  if (view.policy.minimumAcr && !reaches(completion.acr, view.policy.minimumAcr)) {
    await services.audit.record({
      ...audit,
      type: 'login.eid',
      outcome: 'failure',
      detail: { method: driver.id, reason: 'acr_too_low', invitation: invitation.id, acr: completion.acr },
    });
    return eidChoiceScreen(ctx, view, driversFor(services, view), text('eidRefused'));
  }
  const { person } = completion;
  const holder = (await services.accounts.findAllByIdentity('se_personal_number', person.personalNumber)).find(
    (account) =>
      account.identities.some(
        (identity) =>
          identity.type === 'se_personal_number' && identity.value === person.personalNumber && identity.verified,
      ),
  );
  const emailFree = !(await services.accounts.findByIdentity('email', invitation.email));
  const repository = invitationRepository(services);
  let accountId: string;
  try {
    accountId = await repository.transaction(async (tx) => {
      const id = holder
        ? (await addInvitedEmail(tx, holder.id, invitation.email), holder.id)
        : await insertInvitedAccount(tx, {
            email: invitation.email,
            givenName: person.givenName,
            familyName: person.familyName,
            organisation: invitation.organisation ?? undefined,
            identities: [
              ...(emailFree ? [{ type: 'email' as const, issuer: '', value: invitation.email, verified: true }] : []),
              { type: 'se_personal_number', issuer: '', value: person.personalNumber, verified: true },
            ],
          });
      if (!(await repository.accept(tx, invitation.id, id)))
        throw new PortvaktError('interaction_expired', 'The invitation was used meanwhile.');
      return id;
    });
  } catch (error) {
    if (!isPortvaktError(error, 'interaction_expired') && !isPortvaktError(error, 'conflict')) throw error;
    await services.audit.record({
      ...audit,
      type: 'login.eid',
      outcome: 'failure',
      detail: { method: driver.id, reason: error.code, invitation: invitation.id },
    });
    return refusalScreen(
      ctx,
      view,
      error.code === 'conflict' ? text('eidRefused') : text('unusable'),
      error.code === 'conflict' ? 409 : 410,
    );
  }
  await services.audit.record({
    ...audit,
    type: holder ? 'account.linked' : 'account.created',
    outcome: 'success',
    accountId,
    detail: { via: 'invitation', method: driver.id, invitation: invitation.id, ...completion.evidence },
  });
  await services.audit.record({
    ...audit,
    type: 'invitation.accepted',
    outcome: 'success',
    accountId,
    detail: { invitation: invitation.id, completion: 'eid', method: driver.id, linked: holder !== undefined },
  });
  unbindBrowser(ctx);
  // The eID just proved the person: the service's next login in this browser needs nothing more.
  const proof = invitation.clientId
    ? { clientId: invitation.clientId, method: driver.id, acr: completion.acr, amr: completion.amr }
    : undefined;
  if (view.policy.invitationDetails.length > 0)
    return askForDetails(ctx, services, { invitationId: invitation.id, accountId, proof });
  if (proof) handOffProof(ctx, services, { ...proof, accountId });
  readyScreen(ctx, view, [], { provenHere: proof !== undefined });
}
