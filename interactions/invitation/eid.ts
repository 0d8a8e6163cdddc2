// Completing an invitation with BankID or Freja eID+: the same drivers and order store as a login,
// the order kept under `invitation:<id>`. The verified identity number makes the account, or, when
// an account already holds it, the invitation is linked to that account (eid-acceptance.ts). The
// upstream issuers that verify a number (ID-porten, HelseID) are mounted here too (upstream.ts).
import type Router from '@koa/router';
import type { EidOrder } from '../../adapters/eid-orders.ts';
import type { Context } from 'koa';
import type { Invitation } from '../../src/accounts/invitations.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import { formField, type InteractionServices } from '../context.ts';
import type { EidCompletion, EidDriver } from '../eid/driver.ts';
import { cancelOrder, orderMessageText, refreshOrder, startOrder } from '../eid/order-flow.ts';
import { awaitsReturn, checkReturn, shownState } from '../eid/return-binding.ts';
import { qrSvg } from '../../src/web/qr.ts';
import { loadInvitation, type InvitationPage } from './context.ts';
import { acceptWithEid } from './eid-acceptance.ts';
import { invitationEids, showEidChoice } from './eid-choice.ts';
import { mountInvitationUpstream } from './upstream.ts';
import { eidStatusScreen } from './views.ts';
import { browserDeviceId } from '../../src/http/device-cookie.ts';
import { devicePlatform } from '../../src/http/platform.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

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

const driversFor = (services: InvitationEidServices, view: InvitationPage) => invitationEids(services, view).drivers;

export async function showEidStep(ctx: Context, services: InvitationEidServices, view: InvitationPage): Promise<void> {
  for (const driver of driversFor(services, view)) {
    const order = await services.eidOrders.find(orderUid(view.invitation), driver.id);
    if (order?.state === 'pending') return ctx.redirect(`${view.base}/eid/${driver.id}/status`);
  }
  showEidChoice(ctx, services, view);
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
    if (checked.kind === 'wrong_browser') return showEidChoice(ctx, services, view, view.page.t('eid.wrongBrowser'));
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

  mountInvitationUpstream(router, services);
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
  showEidChoice(ctx, services, view, orderMessageText(driver, outcome.message, view.page.locale, view.page.t));
}

async function complete(
  ctx: Context,
  services: InvitationEidServices,
  view: InvitationPage,
  driver: EidDriver,
): Promise<void> {
  const completion = await services.eidOrders.takeResult<EidCompletion>(orderUid(view.invitation), driver.id, {
    bindsReturn: driver.bindsReturn,
  });
  if (!completion) return ctx.redirect(view.base);
  const { person, acr, amr, evidence } = completion;
  await acceptWithEid(ctx, services, view, {
    method: driver.id,
    nationalId: { type: 'se_personal_number', value: person.personalNumber },
    givenName: person.givenName,
    familyName: person.familyName,
    acr,
    amr,
    evidence,
  });
}
