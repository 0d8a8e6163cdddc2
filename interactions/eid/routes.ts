// One login method per outside identity service, built on a driver: start an order, show its
// status until the person has used the app, then resolve the account and finish the login.
//
//   choice ──start──▶ pending ──(poll, at most every 2 s)──▶ complete ──▶ account ──▶ advance
//                        │              (BankID on this device: only once the app returned here
//                        │               with the returnUrl nonce, see return-binding.ts)
//                        │                                  └──▶ failed ──(retry: a new order, never automatic)
//                        └──cancel (also at the service)──▶ choice
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { EidOrder } from '../../adapters/eid-orders.ts';
import { accountStateMessage } from '../../src/accounts/lifecycle-messages.ts';
import { resolveLoginAccount } from '../../src/accounts/login-resolution.ts';
import type { PlainMessageKey } from '../../src/i18n/translate.ts';
import { reportedAcr, reaches } from '../../src/policy/resolve.ts';
import { parseUserMessage, USER_MESSAGE_PARAM } from '../../src/provider/user-message.ts';
import { ACR } from '../../src/provider/vocabulary.ts';
import {
  allowedInteraction,
  formField,
  type InteractionContext,
  type InteractionServices,
  supportOf,
} from '../context.ts';
import { advance } from '../pipeline.ts';
import type { LoginMethod } from '../method.ts';
import type { EidCompletion, EidDriver } from './driver.ts';
import { cancelOrder, orderMessageText, refreshOrder, startOrder } from './order-flow.ts';
import { awaitsReturn, checkReturn, shownState } from './return-binding.ts';
import { qrSvg } from '../../src/web/qr.ts';
import { choiceScreen, confirmScreen, statusScreen, type StatusView } from './views.ts';
import { browserDeviceId } from '../../src/http/device-cookie.ts';
import { devicePlatform } from '../../src/http/platform.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type EidLoginServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'methods'
  | 'passkeys'
  | 'progress'
  | 'provider'
  | 'upstream'
>;

export function eidMethod(id: EidDriver['id'], label: PlainMessageKey): LoginMethod<InteractionServices> {
  const method: LoginMethod<InteractionServices> = {
    id,
    label,
    acr: ACR.loa3,
    amr: ['swk', 'mfa'],
    authnProvider: `urn:portvakt:authn:${id}`,
    available: (services) => services.eid[id] !== undefined,
    mount(router: Router, services: EidLoginServices) {
      const base = `/interaction/:uid/${id}`;
      const driver = () => services.eid[id]!;
      const open = (ctx: Context) => allowedInteraction(ctx, services, id);

      router.get(base, async (ctx) => {
        const interaction = await open(ctx);
        const order = await services.eidOrders.find(interaction.uid, id);
        if (order?.state === 'pending') return ctx.redirect(`/interaction/${interaction.uid}/${id}/status`);
        choiceScreen(ctx, interaction, driver(), { userMessage: userMessageFor(interaction) });
      });

      router.post(`${base}/start`, async (ctx) => {
        const interaction = await open(ctx);
        assertScreenCsrf(ctx, interaction, services.config.issuer);
        const flow = formField(ctx, 'flow');
        if (flow !== 'qr' && flow !== 'sameDevice') return ctx.throw(400, 'Choose this device or another device.');
        await start(ctx, services, interaction, driver(), flow);
      });

      router.get(`${base}/status`, async (ctx) => {
        const interaction = await open(ctx);
        const found = await services.eidOrders.find(interaction.uid, id);
        if (!found) return ctx.redirect(`/interaction/${interaction.uid}/${id}`);
        const checked = await checkReturn(
          services.eidOrders,
          found,
          typeof ctx.query.nonce === 'string' ? ctx.query.nonce : undefined,
        );
        if (checked.kind === 'wrong_browser')
          return choiceScreen(ctx, interaction, driver(), { error: interaction.t('eid.wrongBrowser') });
        const order = await refreshOrder(services, driver(), checked.order);
        if (order.state === 'complete' && !awaitsReturn(driver(), order))
          return complete(ctx, services, interaction, driver());
        const shown = shownState(driver(), order);
        await statusScreen(ctx, interaction, driver(), shown, statusView(ctx, interaction, driver(), order));
      });

      router.get(`${base}/poll`, async (ctx) => {
        const interaction = await open(ctx);
        const found = await services.eidOrders.find(interaction.uid, id);
        ctx.set('Cache-Control', 'no-store');
        if (!found) return void (ctx.body = { state: 'gone' });
        const order = await refreshOrder(services, driver(), found);
        const view = statusView(ctx, interaction, driver(), order);
        ctx.body = {
          state: shownState(driver(), order).state,
          message: view.message,
          qrContent: view.qrContent,
          qr: view.qrContent ? (await qrSvg(view.qrContent)).value : undefined,
        };
      });

      // The answer to "is this prepared account yours?" for an order that is complete.
      router.post(`${base}/confirm`, async (ctx) => {
        const interaction = await open(ctx);
        assertScreenCsrf(ctx, interaction, services.config.issuer);
        const answer = formField(ctx, 'mine');
        if (answer !== 'yes' && answer !== 'no') return ctx.redirect(`/interaction/${interaction.uid}/${id}/status`);
        await complete(ctx, services, interaction, driver(), answer);
      });

      router.post(`${base}/cancel`, async (ctx) => {
        const interaction = await open(ctx);
        assertScreenCsrf(ctx, interaction, services.config.issuer);
        if (await cancelOrder(services, driver(), interaction.uid)) {
          await services.audit.record({
            type: 'login.eid',
            outcome: 'info',
            clientId: interaction.client.clientId,
            ip: interaction.ip,
            detail: { method: id, cancelled: true },
          });
        }
        ctx.redirect(`/interaction/${interaction.uid}/${id}`);
      });
    },
  };
  return method;
}

function userMessageFor(interaction: InteractionContext) {
  const message = parseUserMessage(interaction.details.params[USER_MESSAGE_PARAM], interaction.locale);
  return message === 'invalid' ? undefined : message;
}

async function start(
  ctx: Context,
  services: EidLoginServices,
  interaction: InteractionContext,
  driver: EidDriver,
  flow: 'qr' | 'sameDevice',
): Promise<void> {
  const outcome = await startOrder(services, driver, hostOf(ctx, interaction, driver), flow);
  if (outcome.started) return ctx.redirect(`/interaction/${interaction.uid}/${driver.id}/status`);
  await services.audit.record({
    type: 'login.eid',
    outcome: 'failure',
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { method: driver.id, stage: 'start' },
  });
  choiceScreen(ctx, interaction, driver, {
    error: orderMessageText(driver, outcome.message, interaction.locale, interaction.t),
  });
}

/** A login keeps its order under its interaction, and the app returns to its status page. */
function hostOf(ctx: Context, interaction: InteractionContext, driver: EidDriver) {
  return {
    key: interaction.uid,
    statusPath: `/interaction/${interaction.uid}/${driver.id}/status`,
    ip: interaction.ip,
    userAgent: ctx.get('user-agent'),
    deviceId: browserDeviceId(ctx),
    userMessage: userMessageFor(interaction),
  };
}

function statusView(ctx: Context, interaction: InteractionContext, driver: EidDriver, order: EidOrder): StatusView {
  const platform = devicePlatform(ctx.get('user-agent'));
  const launch = order.flow === 'sameDevice' ? driver.launch(order, platform) : undefined;
  const userMessage = userMessageFor(interaction);
  if (awaitsReturn(driver, order))
    return { message: interaction.t('eid.awaitingReturn'), internal: false, launch, userMessage };
  const pending = order.state === 'pending';
  const stored = order.message ?? '';
  const message = pending && launch && !launch.atOnce && driver.beforeLaunch ? driver.beforeLaunch(stored) : stored;
  const internal = message === '' || driver.isInternal(message);
  // The code is for the app to pick the order up; once it has, there is nothing left to scan.
  const showQr = pending && order.flow === 'qr' && !order.seenOnDevice;
  return {
    message:
      internal && !pending ? interaction.t('error.generic') : message ? driver.text(message, interaction.locale) : '',
    internal: internal && !pending,
    qrContent: showQr ? driver.qrContent(order, Date.now()) : undefined,
    launch: pending ? launch : undefined,
    sameDeviceInstead: showQr && platform === 'desktop' && driver.offersSameDevice(platform),
    userMessage,
  };
}

/**
 * Finishes a completed order. The result is read first and used up only when the login goes on,
 * so a question to the person ("is this prepared account yours?") can wait for its answer.
 */
async function complete(
  ctx: Context,
  services: EidLoginServices,
  interaction: InteractionContext,
  driver: EidDriver,
  typed: 'ask' | 'yes' | 'no' = 'ask',
): Promise<void> {
  const options = { bindsReturn: driver.bindsReturn };
  const completion = await services.eidOrders.peekResult<EidCompletion>(interaction.uid, driver.id, options);
  if (!completion) return ctx.redirect(`/interaction/${interaction.uid}/${driver.id}`);
  const { rules } = interaction.policy;
  const essential = interaction.policy.essentialAcrs;
  const refuse = async (reason: string, message: string) => {
    await services.audit.record({
      type: 'login.eid',
      outcome: 'failure',
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { method: driver.id, reason, acr: completion.acr, ...completion.evidence },
    });
    choiceScreen(ctx, interaction, driver, { error: message });
  };
  const strongEnough =
    (!rules.minimumAcr || reaches(completion.acr, rules.minimumAcr)) &&
    (!essential?.length || essential.some((acr) => reaches(completion.acr, acr)));
  if (!strongEnough) return refuse('acr_too_low', interaction.t('eid.levelTooLow'));
  const { person } = completion;
  const resolution = await resolveLoginAccount(
    services,
    {
      kind: 'national_id',
      proof: {
        type: 'se_personal_number',
        value: person.personalNumber,
        givenName: person.givenName,
        familyName: person.familyName,
      },
      typed,
    },
    rules,
    // Only a Portvakt session already in this browser lets the login merge accounts (see resolve.ts).
    {
      sessionAccountId: interaction.details.session?.accountId,
      via: driver.id,
      clientId: interaction.client.clientId,
      ip: interaction.ip,
    },
  );
  if (resolution.kind === 'confirm') return confirmScreen(ctx, interaction, driver, resolution.account);
  // Used up now: one approval finishes one login, even when two requests race here.
  if (!(await services.eidOrders.takeResult(interaction.uid, driver.id, options)))
    return ctx.redirect(`/interaction/${interaction.uid}/${driver.id}`);
  if (resolution.kind === 'refused') return refuse('unknown', interaction.t('eid.noAccount'));
  if (resolution.kind === 'unusable')
    return refuse(
      resolution.state,
      accountStateMessage(resolution.message, interaction.locale, supportOf(interaction, services.config.accounts)),
    );
  if (resolution.kind === 'created') {
    await services.audit.record({
      type: 'account.created',
      outcome: 'success',
      accountId: resolution.account.id,
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { via: driver.id, provisioning: 'jit' },
    });
  }
  await services.audit.record({
    type: 'login.eid',
    outcome: 'success',
    accountId: resolution.account.id,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { method: driver.id, acr: completion.acr, ...completion.evidence },
  });
  await advance(ctx, services, interaction, {
    method: driver.id,
    accountId: resolution.account.id,
    acr: reportedAcr(completion.acr, essential),
    amr: completion.amr,
  });
}
