// The simulator's authentication transactions and their life:
//
//   init ─▶ STARTED ─(app opens the link, or fetches a pushed request)─▶ DELIVERED_TO_MOBILE
//              │                                                           ├─ approve ─▶ APPROVED
//              │                                                           ├─ decline ─▶ CANCELED
//              │                                                           └─ report  ─▶ REJECTED
//              ├─ RP calls cancel (any pending state) ──────────────────────────────────▶ RP_CANCELED
//              ├─ 2 minutes after init (any pending state) ─────────────────────────────▶ EXPIRED
//              └─ a second transaction for the same person (any pending state) ─▶ both CANCELED
//
// Results stay readable for RETENTION_MS after init, then the authRef is unknown (error 1100).
import { randomBytes } from 'node:crypto';
import type { InitRequest } from './wire.ts';

export type SimStatus =
  'STARTED' | 'DELIVERED_TO_MOBILE' | 'APPROVED' | 'CANCELED' | 'RP_CANCELED' | 'EXPIRED' | 'REJECTED';

export const TRANSACTION_MS = 2 * 60_000;
/** How long Freja keeps results is not documented; ten minutes covers any sane polling. */
export const RETENTION_MS = 10 * 60_000;
/** After a person reports a request, new requests for them are refused (2000) for this long. */
export const REJECTION_LOCK_MS = TRANSACTION_MS;

export interface Transaction {
  readonly authRef: string;
  readonly createdAt: number;
  readonly request: InitRequest;
  personId: string | undefined;
  status: SimStatus;
  details?: string;
  requestedAttributes?: Record<string, unknown>;
}

export type BindOutcome = 'delivered' | 'unknown' | 'notActive' | 'notForYou' | 'conflict';

export class TransactionStore {
  readonly #byRef = new Map<string, Transaction>();
  readonly #rejectedUntil = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Starts a transaction; `personId` is known at once for SSN and EMAIL, later for INFERRED. */
  start(request: InitRequest, personId: string | undefined): Transaction {
    // Freja's references are long random base64 strings, `+` and `/` included.
    const authRef = randomBytes(48).toString('base64');
    const transaction: Transaction = { authRef, createdAt: this.#now(), request, personId, status: 'STARTED' };
    this.#byRef.set(authRef, transaction);
    if (personId !== undefined) this.#cancelBothIfBusy(transaction, personId);
    return transaction;
  }

  find(authRef: string): Transaction | undefined {
    const transaction = this.#byRef.get(authRef);
    if (!transaction) return undefined;
    const age = this.#now() - transaction.createdAt;
    if (age >= RETENTION_MS) {
      this.#byRef.delete(authRef);
      return undefined;
    }
    if (isPending(transaction) && age >= TRANSACTION_MS) transaction.status = 'EXPIRED';
    return transaction;
  }

  isLocked(personId: string): boolean {
    return (this.#rejectedUntil.get(personId) ?? 0) > this.#now();
  }

  rpCancel(authRef: string): boolean {
    const transaction = this.find(authRef);
    if (!transaction || !isPending(transaction)) return false;
    transaction.status = 'RP_CANCELED';
    return true;
  }

  /** The person's app fetches the transaction: by link or QR for INFERRED, by push otherwise. */
  bind(authRef: string, personId: string): BindOutcome {
    const transaction = this.find(authRef);
    if (!transaction) return 'unknown';
    if (!isPending(transaction)) return 'notActive';
    if (transaction.personId !== undefined && transaction.personId !== personId) return 'notForYou';
    if (transaction.personId === undefined) {
      transaction.personId = personId;
      if (this.#cancelBothIfBusy(transaction, personId)) return 'conflict';
    }
    transaction.status = 'DELIVERED_TO_MOBILE';
    return 'delivered';
  }

  /** The person's answer in the app; refused unless the transaction waits on this person. */
  answer(
    authRef: string,
    personId: string,
    outcome: 'APPROVED' | 'CANCELED' | 'REJECTED',
    signed?: Pick<Transaction, 'details' | 'requestedAttributes'>,
  ): boolean {
    const transaction = this.find(authRef);
    if (!transaction || transaction.status !== 'DELIVERED_TO_MOBILE' || transaction.personId !== personId) return false;
    transaction.status = outcome;
    if (signed) Object.assign(transaction, signed);
    if (outcome === 'REJECTED') this.#rejectedUntil.set(personId, this.#now() + REJECTION_LOCK_MS);
    return true;
  }

  /** Requests waiting in this person's app: the ones addressed to them by SSN or e-mail. */
  pendingFor(personId: string): Transaction[] {
    return [...this.#byRef.keys()]
      .map((authRef) => this.find(authRef))
      .filter(
        (transaction): transaction is Transaction =>
          transaction !== undefined && transaction.personId === personId && isPending(transaction),
      );
  }

  #cancelBothIfBusy(transaction: Transaction, personId: string): boolean {
    const others = this.pendingFor(personId).filter((other) => other !== transaction);
    if (others.length === 0) return false;
    for (const other of [...others, transaction]) other.status = 'CANCELED';
    return true;
  }
}

export function isPending(transaction: Transaction): boolean {
  return transaction.status === 'STARTED' || transaction.status === 'DELIVERED_TO_MOBILE';
}
