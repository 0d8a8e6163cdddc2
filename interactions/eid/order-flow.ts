// The one eID order flow, whatever screen hosts it (a login, an invitation): start an order at the
// service with a return nonce, ask how it is going no more often than the service allows, and
// cancel it both here and at the service. The host decides where the order is kept (its key),
// where the app brings the person back, and what the person sees.
import { randomBytes } from 'node:crypto';
import type { EidOrder } from '../../adapters/eid-orders.ts';
import type { Locale } from '../../src/config/schema.ts';
import type { Translate } from '../../src/i18n/translate.ts';
import type { InteractionServices } from '../context.ts';
import type { EidCompletion, EidDriver, EidStartInput } from './driver.ts';

export type OrderServices = Pick<InteractionServices, 'eidOrders' | 'logger' | 'config'>;

/**
 * How long polls may go unanswered in a row before Portvakt gives the order up: long enough to ride
 * out a maintenance answer, a slow moment or a dropped connection, short of the order's own life.
 */
export const UNANSWERED_POLLS_MS = 30_000;

export interface OrderHost {
  /** Where the order is kept: the interaction's uid, or `invitation:<id>`. */
  key: string;
  /** The host's status page, on this origin; the app returns there with the order's nonce. */
  statusPath: string;
  ip: string;
  userAgent: string;
  deviceId: string;
  userMessage?: EidStartInput['userMessage'];
}

export type StartOutcome = { started: true } | { started: false; message: string };

/** A new order for the host; one still pending there is cancelled at the service first. */
export async function startOrder(
  services: OrderServices,
  driver: EidDriver,
  host: OrderHost,
  flow: 'qr' | 'sameDevice',
): Promise<StartOutcome> {
  const previous = await services.eidOrders.find(host.key, driver.id);
  if (previous?.state === 'pending') await driver.cancel(previous).catch(() => undefined);
  const returnNonce = randomBytes(16).toString('base64url');
  const issuer = new URL(services.config.issuer);
  try {
    const started = await driver.start({
      flow,
      ip: host.ip,
      userAgent: host.userAgent,
      deviceId: host.deviceId,
      returnUrl: `${issuer.origin}${host.statusPath}?nonce=${returnNonce}`,
      userMessage: host.userMessage,
      referringDomain: issuer.hostname,
    });
    await services.eidOrders.begin(
      {
        uid: host.key,
        method: driver.id,
        ref: started.ref,
        flow,
        secret: started.secret,
        launchToken: started.launchToken,
        returnNonce,
        startedAt: Date.now(),
      },
      started.lifetimeSeconds,
    );
    return { started: true };
  } catch (error) {
    services.logger.warn({ err: error, method: driver.id, key: host.key }, 'eID order could not be started');
    return { started: false, message: driver.messageForError(error) };
  }
}

/** Asks the service about a pending order, unless another request (on any instance) did so too recently. */
export async function refreshOrder(services: OrderServices, driver: EidDriver, order: EidOrder): Promise<EidOrder> {
  if (
    order.state !== 'pending' ||
    !(await services.eidOrders.claimPoll(order.uid, order.method, driver.pollIntervalMs))
  )
    return order;
  let change: { state: EidOrder['state']; message: string; seenOnDevice?: boolean; result?: EidCompletion };
  try {
    const poll = await driver.poll(order);
    change =
      poll.state === 'complete'
        ? { state: 'complete', message: poll.message, result: poll.completion }
        : {
            state: poll.state,
            message: poll.message,
            seenOnDevice: poll.state === 'pending' && poll.seenOnDevice === true,
          };
  } catch (error) {
    const unansweredFor = order.failingSince === undefined ? 0 : Date.now() - order.failingSince;
    if (driver.pollMayRetry(error) && unansweredFor < UNANSWERED_POLLS_MS) {
      services.logger.warn({ err: error, method: driver.id }, 'eID status not answered; asking again');
      await services.eidOrders.update(order.uid, order.method, {
        state: 'pending',
        message: order.message,
        unanswered: true,
      });
      return { ...order, failingSince: order.failingSince ?? Date.now() };
    }
    services.logger.warn({ err: error, method: driver.id }, 'eID status could not be read; the order is given up');
    // The order may still be alive at the service: end it there too, so no app asks the person later.
    await driver
      .cancel(order)
      .catch((cause: unknown) =>
        services.logger.warn({ err: cause, method: driver.id }, 'cancel at the eID service failed'),
      );
    change = { state: 'failed', message: driver.messageForError(error) };
  }
  await services.eidOrders.update(order.uid, order.method, change);
  return {
    ...order,
    state: change.state,
    message: change.message,
    seenOnDevice: order.seenOnDevice || change.seenOnDevice === true,
  };
}

/** Cancels the host's pending order here and at the service; false when none was pending. */
export async function cancelOrder(services: OrderServices, driver: EidDriver, key: string): Promise<boolean> {
  const order = await services.eidOrders.find(key, driver.id);
  if (order?.state !== 'pending') return false;
  await services.eidOrders.update(key, driver.id, { state: 'cancelled' });
  await driver
    .cancel(order)
    .catch((error: unknown) =>
      services.logger.warn({ err: error, method: driver.id }, 'cancel at the eID service failed'),
    );
  return true;
}

/** What the person reads for a driver's message: the service's own words, or Portvakt's generic error. */
export function orderMessageText(driver: EidDriver, message: string, locale: Locale, t: Translate): string {
  return driver.isInternal(message) ? t('error.generic') : driver.text(message, locale);
}
