// SIMULATOR ONLY: the BankID order state machine. Never used in production configuration.
//
//   pending/outstandingTransaction --(autostart link opened)--> pending/started
//   pending/outstandingTransaction|started --(app has the order)--> pending/userSign
//        (phone orders: pending/userCallConfirm first; mrtd orders: pending/userMrtd first)
//   pending/userSign --approve--> complete          --cancel--> failed/userCancel
//   outstandingTransaction for startTimeout (30 s)  --> failed/startFailed   (QR and autostart orders)
//   any pending state for the order lifetime (3 min) --> failed/expiredTransaction
//   a new order for the same person                  --> the old one failed/cancelled, the new one 400 alreadyInProgress
// A final result is collectable once; after that, and after the retention time, collect and cancel
// answer 400 invalidParameters "No such order". Cancel removes a pending order at once (what a later
// collect returns is UNCONFIRMED; this simulator says "No such order").
//
// Time moves only through the injected clock: transitions are worked out whenever an order is touched.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { parseQrContent, qrAuthCode, qrSeconds } from '../../src/eid/bankid/qr.ts';
import type { BankIdCompletionData, RiskLevel } from '../../src/eid/bankid/types.ts';
import type { DemoPerson } from './persons.ts';

export type OrderKind = 'auth' | 'sign' | 'phoneAuth' | 'phoneSign';

export interface OrderRequest {
  kind: OrderKind;
  endUserIp: string;
  requirement: {
    pinCode?: boolean | undefined;
    mrtd?: boolean | undefined;
    cardReader?: string | undefined;
    certificatePolicies?: string[] | undefined;
    personalNumber?: string | undefined;
    risk?: 'low' | 'moderate' | undefined;
  };
  /** requirement.personalNumber, or the phone order's personalNumber. */
  personalNumber?: string | undefined;
  userVisibleData?: string | undefined;
  userVisibleDataFormat?: string | undefined;
  userNonVisibleData?: string | undefined;
  returnUrl?: string | undefined;
  returnRisk?: boolean | undefined;
  callInitiator?: 'user' | 'RP' | undefined;
  web?: Record<string, string> | undefined;
  app?: Record<string, string> | undefined;
  /** Subject of the relying party's client certificate, as BankID puts it in srvInfo. */
  relyingParty: { name: string; displayName: string };
}

export interface Order {
  request: OrderRequest;
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
  createdAt: number;
  status: 'pending' | 'failed' | 'complete';
  hintCode: string;
  finishedAt?: number;
  completionData?: BankIdCompletionData;
  /** Whoever's app has the order. */
  person?: DemoPerson;
  deviceIp?: string;
  /** How the app reached the order. */
  via?: 'qr' | 'autostart' | 'phone';
  /** The `redirect` launch parameter, when the app was opened by the autostart link. */
  redirect?: string;
  /** Opaque handle for the app page's forms; the orderRef stays between BankID and the RP. */
  appSession: string;
  mrtdPassed?: boolean;
  scheduled?: { at: number; action: 'approve' | 'userCancel' | 'declineCall' } | undefined;
}

export interface Timing {
  startTimeoutMs: number;
  lifetimeMs: number;
  completeRetentionMs: number;
  failedRetentionMs: number;
  /** How long a scripted person takes to approve, cancel or decline. */
  scriptDelayMs: number;
  /** How old a scanned QR code may be. */
  qrMaxAgeSeconds: number;
}

export const DEFAULT_TIMING: Timing = {
  startTimeoutMs: 30_000,
  lifetimeMs: 180_000,
  completeRetentionMs: 180_000,
  failedRetentionMs: 300_000,
  scriptDelayMs: 2_000,
  qrMaxAgeSeconds: 5,
};

/** An API error as BankID sends it. */
export class SimulatedApiError extends Error {
  constructor(
    readonly errorCode: string,
    readonly status: number,
    readonly details: string,
  ) {
    super(`${errorCode}: ${details}`);
  }
}

/** Something the person's app refuses; shown on the app page, the order is left as it was. */
export class AppRefusal extends Error {}

export type CompletionBuilder = (order: Order, person: DemoPerson, now: number) => BankIdCompletionData;

export type CollectAnswer =
  | { orderRef: string; status: 'pending' | 'failed'; hintCode: string }
  | { orderRef: string; status: 'complete'; completionData: BankIdCompletionData };

const RISK_RANK: Record<RiskLevel, number> = { low: 0, moderate: 1, high: 2 };

export class OrderBook {
  readonly #orders = new Map<string, Order>();

  constructor(
    private readonly persons: () => readonly DemoPerson[],
    private readonly timing: Timing,
    private readonly now: () => number,
    private readonly complete: CompletionBuilder,
  ) {}

  // ---- relying party side ------------------------------------------------------------------

  create(request: OrderRequest): Order {
    this.#sweep();
    const now = this.now();
    if (request.personalNumber !== undefined) {
      const running = this.#pendingFor(request.personalNumber);
      if (running.length > 0) {
        // The RP started a second order for someone who has one running: the old one is cancelled
        // and the new one refused (as ActiveLogin models it; the exact two-sided behaviour is UNCONFIRMED).
        for (const order of running) this.#fail(order, 'cancelled', now);
        throw new SimulatedApiError('alreadyInProgress', 400, 'Order already in progress for pno');
      }
    }
    const order: Order = {
      request,
      orderRef: randomUUID(),
      autoStartToken: randomUUID(),
      qrStartToken: randomUUID(),
      qrStartSecret: randomUUID(),
      createdAt: now,
      status: 'pending',
      hintCode: 'outstandingTransaction',
      appSession: randomBytes(24).toString('base64url'),
    };
    this.#orders.set(order.orderRef, order);
    return order;
  }

  collect(orderRef: string): CollectAnswer {
    const order = this.#live(orderRef);
    if (!order) throw noSuchOrder();
    if (order.status === 'pending') return { orderRef, status: 'pending', hintCode: order.hintCode };
    // A final result is served once.
    this.#orders.delete(orderRef);
    if (order.status === 'complete') return { orderRef, status: 'complete', completionData: order.completionData! };
    return { orderRef, status: 'failed', hintCode: order.hintCode };
  }

  cancel(orderRef: string): void {
    const order = this.#live(orderRef);
    if (!order || order.status !== 'pending') throw noSuchOrder();
    this.#orders.delete(orderRef);
  }

  // ---- the person's app ----------------------------------------------------------------------

  /** The app scans an animated QR code. */
  scanQr(content: string, personalNumber: string, deviceIp: string): Order {
    const person = this.#person(personalNumber);
    const parsed = parseQrContent(content);
    if (!parsed) throw new AppRefusal('That is not a BankID QR code.');
    const order = [...this.#orders.values()].find(
      (candidate) => candidate.qrStartToken === parsed.qrStartToken && !isPhone(candidate),
    );
    if (!order || !this.#refresh(order)) throw new AppRefusal('The QR code does not belong to any order.');
    if (order.status !== 'pending') throw new AppRefusal('The order has already ended.');
    if (order.hintCode !== 'outstandingTransaction') throw new AppRefusal('The QR code has already been used.');
    const expected = Buffer.from(qrAuthCode(order.qrStartSecret, parsed.seconds), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(parsed.qrAuthCode, 'hex')))
      throw new AppRefusal('The QR code is not valid.');
    // The RP's clock starts when it receives the answer, a moment after this one: allow one second ahead.
    const elapsed = qrSeconds(order.createdAt, this.now());
    if (parsed.seconds > elapsed + 1) throw new AppRefusal('The QR code is not valid.');
    if (elapsed - parsed.seconds > this.timing.qrMaxAgeSeconds)
      throw new AppRefusal('The QR code is too old. Scan the one on the screen now.');
    if (person.behaviour === 'noBankId')
      throw new AppRefusal('There is no usable BankID in this app (scripted: noBankId).');
    this.#pickUp(order, person, deviceIp, 'qr');
    return order;
  }

  /** The autostart link opened the app: BankID now knows the app started (`pending/started`). */
  launch(autoStartToken: string, redirect: string | undefined): Order {
    const order = [...this.#orders.values()].find(
      (candidate) => candidate.autoStartToken === autoStartToken && !isPhone(candidate),
    );
    if (!order || !this.#refresh(order)) throw new AppRefusal('The start link does not belong to any order.');
    if (order.status !== 'pending') throw new AppRefusal('The order has already ended.');
    if (order.hintCode === 'outstandingTransaction') {
      order.hintCode = 'started';
      order.via = 'autostart';
      if (redirect !== undefined) order.redirect = redirect;
    } else if (order.via !== 'autostart') {
      throw new AppRefusal('The order is already open in another app.');
    }
    return order;
  }

  /** After an autostart, the person picks the BankID to use on this device. */
  chooseIdentity(appSession: string, personalNumber: string, deviceIp: string): Order {
    const order = this.#session(appSession);
    const person = this.#person(personalNumber);
    if (order.status !== 'pending' || order.hintCode !== 'started' || order.person)
      throw new AppRefusal('The order is not waiting for a BankID.');
    // The app stays at "started" (searching) when it finds no BankID it can use.
    if (person.behaviour === 'noBankId')
      throw new AppRefusal('No usable BankID was found on this device (scripted: noBankId).');
    this.#pickUp(order, person, deviceIp, 'autostart');
    return order;
  }

  /** The person opens the app, which finds a phone order waiting for them. */
  openForPhone(personalNumber: string, deviceIp: string): Order {
    const person = this.#person(personalNumber);
    this.#sweep();
    const order = [...this.#orders.values()].find(
      (candidate) =>
        isPhone(candidate) &&
        candidate.status === 'pending' &&
        !candidate.person &&
        candidate.request.personalNumber === personalNumber,
    );
    if (!order) throw new AppRefusal('There is no phone order waiting for this person.');
    this.#pickUp(order, person, deviceIp, 'phone');
    return order;
  }

  act(appSession: string, action: 'approve' | 'cancel' | 'confirmCall' | 'declineCall' | 'mrtd'): Order {
    const order = this.#session(appSession);
    if (order.status !== 'pending') throw new AppRefusal('The order has already ended.');
    const now = this.now();
    switch (action) {
      case 'cancel':
        this.#fail(order, 'userCancel', now);
        break;
      case 'declineCall':
        if (order.hintCode !== 'userCallConfirm') throw new AppRefusal('The app is not asking about a call.');
        this.#fail(order, 'userDeclinedCall', now);
        break;
      case 'confirmCall':
        if (order.hintCode !== 'userCallConfirm') throw new AppRefusal('The app is not asking about a call.');
        order.hintCode = 'userSign';
        break;
      case 'mrtd':
        if (order.hintCode !== 'userMrtd') throw new AppRefusal('The app is not asking for an ID document.');
        order.mrtdPassed = order.person?.behaviour !== 'mrtdFail';
        order.hintCode = 'userSign';
        break;
      case 'approve':
        if (order.hintCode !== 'userSign') throw new AppRefusal('The app is not waiting for the security code.');
        this.#approve(order, now);
        break;
    }
    return order;
  }

  /** The order behind an app-page handle, with its time-based transitions applied. */
  bySession(appSession: string): Order | undefined {
    const order = [...this.#orders.values()].find((candidate) => candidate.appSession === appSession);
    return order && this.#refresh(order) ? order : undefined;
  }

  /** Orders still known (pending or awaiting collection), for the app page and tests. */
  list(): Order[] {
    this.#sweep();
    return [...this.#orders.values()];
  }

  // ---- internals -----------------------------------------------------------------------------

  #pickUp(order: Order, person: DemoPerson, deviceIp: string, via: 'qr' | 'autostart' | 'phone'): void {
    if (order.request.personalNumber !== undefined && order.request.personalNumber !== person.personalNumber) {
      throw new AppRefusal('This order requires a different person’s BankID.');
    }
    if (person.behaviour === 'neverStart')
      throw new AppRefusal('The app could not reach BankID (scripted: neverStart).');
    const now = this.now();
    // A newer order for the same person supersedes the older ones.
    for (const other of this.#pendingFor(person.personalNumber))
      if (other !== order) this.#fail(other, 'cancelled', now);
    order.person = person;
    order.deviceIp = deviceIp;
    order.via = via;
    if (person.behaviour === 'blockedCertificate') return this.#fail(order, 'certificateErr', now);
    if (person.behaviour === 'outdatedApp') return this.#fail(order, 'notSupportedByUserApp', now);
    const accepted = order.request.requirement.risk;
    if (accepted !== undefined && RISK_RANK[person.risk ?? 'low'] > RISK_RANK[accepted])
      return this.#fail(order, 'transactionRiskBlocked', now);
    if (isPhone(order)) order.hintCode = 'userCallConfirm';
    else if (order.request.requirement.mrtd) order.hintCode = 'userMrtd';
    else order.hintCode = 'userSign';
    const at = now + this.timing.scriptDelayMs;
    if (person.behaviour === 'autoApprove') order.scheduled = { at, action: 'approve' };
    if (person.behaviour === 'cancel') order.scheduled = { at, action: 'userCancel' };
    if (person.behaviour === 'declineCall' && isPhone(order)) order.scheduled = { at, action: 'declineCall' };
  }

  #approve(order: Order, at: number): void {
    order.status = 'complete';
    order.hintCode = '';
    order.finishedAt = at;
    order.scheduled = undefined;
    order.completionData = this.complete(order, order.person!, at);
  }

  #fail(order: Order, hintCode: string, at: number): void {
    order.status = 'failed';
    order.hintCode = hintCode;
    order.finishedAt = at;
    order.scheduled = undefined;
  }

  /** Applies every transition that has come due, in time order. False when the order is gone. */
  #refresh(order: Order): boolean {
    const now = this.now();
    while (order.status === 'pending') {
      const due: { at: number; apply: () => void }[] = [];
      const { scheduled } = order;
      if (scheduled) {
        due.push({
          at: scheduled.at,
          apply: () => {
            if (scheduled.action === 'userCancel') this.#fail(order, 'userCancel', scheduled.at);
            else if (scheduled.action === 'declineCall') this.#fail(order, 'userDeclinedCall', scheduled.at);
            else {
              if (order.hintCode === 'userMrtd') order.mrtdPassed = order.person?.behaviour !== 'mrtdFail';
              if (order.hintCode === 'userCallConfirm' || order.hintCode === 'userMrtd') order.hintCode = 'userSign';
              this.#approve(order, scheduled.at);
            }
          },
        });
      }
      if (order.hintCode === 'outstandingTransaction' && !isPhone(order)) {
        const at = order.createdAt + this.timing.startTimeoutMs;
        due.push({ at, apply: () => this.#fail(order, 'startFailed', at) });
      }
      const expiry = order.createdAt + this.timing.lifetimeMs;
      due.push({ at: expiry, apply: () => this.#fail(order, 'expiredTransaction', expiry) });
      const next = due.filter((event) => event.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      next.apply();
    }
    if (order.status !== 'pending') {
      const keep = order.status === 'complete' ? this.timing.completeRetentionMs : this.timing.failedRetentionMs;
      if (now - order.finishedAt! > keep) {
        this.#orders.delete(order.orderRef);
        return false;
      }
    }
    return true;
  }

  #sweep(): void {
    for (const order of [...this.#orders.values()]) this.#refresh(order);
  }

  #live(orderRef: string): Order | undefined {
    const order = this.#orders.get(orderRef);
    return order && this.#refresh(order) ? order : undefined;
  }

  #pendingFor(personalNumber: string): Order[] {
    this.#sweep();
    return [...this.#orders.values()].filter(
      (order) =>
        order.status === 'pending' &&
        (order.request.personalNumber === personalNumber || order.person?.personalNumber === personalNumber),
    );
  }

  #session(appSession: string): Order {
    const order = this.bySession(appSession);
    if (!order) throw new AppRefusal('The order is no longer available.');
    return order;
  }

  #person(personalNumber: string): DemoPerson {
    const person = this.persons().find((candidate) => candidate.personalNumber === personalNumber);
    if (!person) throw new AppRefusal('Choose one of the demo persons.');
    return person;
  }
}

function isPhone(order: Order): boolean {
  return order.request.kind === 'phoneAuth' || order.request.kind === 'phoneSign';
}

function noSuchOrder(): SimulatedApiError {
  return new SimulatedApiError('invalidParameters', 400, 'No such order');
}
