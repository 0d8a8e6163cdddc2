// BankID on the same device is bound to the starting browser: the order's returnUrl carries a
// nonce, the app opens it when the person is done, and only a request with that nonce in the
// browser that holds the login lets the order finish. An approval made on another device (a
// forwarded start link) completes at BankID but never here; the starting page just keeps waiting.
import type { EidOrder, EidOrders } from '../../adapters/eid-orders.ts';
import type { EidDriver } from './driver.ts';

export type ReturnCheck = { kind: 'order'; order: EidOrder } | { kind: 'wrong_browser' };

/** Reads the `nonce` of a status request: a wrong one is refused, the right one marks the return. */
export async function checkReturn(orders: EidOrders, order: EidOrder, nonce: string | undefined): Promise<ReturnCheck> {
  if (nonce === undefined) return { kind: 'order', order };
  if (nonce !== order.returnNonce) return { kind: 'wrong_browser' };
  if (!order.returned) await orders.markReturned(order.uid, order.method, nonce);
  return { kind: 'order', order: { ...order, returned: true } };
}

/** Done at the service, but the app has not yet brought the person back to this browser. */
export function awaitsReturn(driver: EidDriver, order: EidOrder): boolean {
  return driver.bindsReturn && order.flow === 'sameDevice' && order.state === 'complete' && !order.returned;
}

/** How the screens show an order: one waiting for the return still looks pending, with its own message. */
export function shownState(driver: EidDriver, order: EidOrder): EidOrder {
  return awaitsReturn(driver, order) ? { ...order, state: 'pending', message: undefined } : order;
}
