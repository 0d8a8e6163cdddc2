// What the demo's mail server and Twilio simulator "delivered": kept in memory, newest first, and
// bounded so a long-running demo does not grow without end. Development and tests only.

export type OutboxKind = 'email' | 'sms';

export interface OutboxEntry {
  readonly id: string;
  readonly kind: OutboxKind;
  /** A bare e-mail address or an E.164 number. */
  readonly to: string;
  readonly from: string;
  readonly subject?: string;
  readonly text: string;
  readonly html?: string;
  readonly receivedAt: Date;
}

export type NewOutboxEntry = Omit<OutboxEntry, 'id' | 'receivedAt'>;

export interface OutboxFilter {
  to?: string;
  kind?: OutboxKind;
}

type Waiter = { matches: (entry: OutboxEntry) => boolean; resolve: (entry: OutboxEntry) => void };

export class Outbox {
  readonly #entries: OutboxEntry[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #max: number;
  readonly #now: () => Date;
  #sequence = 0;

  constructor(options: { maxEntries?: number; now?: () => Date } = {}) {
    this.#max = options.maxEntries ?? 500;
    this.#now = options.now ?? (() => new Date());
  }

  add(entry: NewOutboxEntry): OutboxEntry {
    this.#sequence += 1;
    const stored: OutboxEntry = Object.freeze({
      ...entry,
      to: normaliseRecipient(entry.to),
      id: String(this.#sequence),
      receivedAt: this.#now(),
    });
    this.#entries.unshift(stored);
    this.#entries.length = Math.min(this.#entries.length, this.#max);
    for (const waiter of this.#waiters) {
      if (!waiter.matches(stored)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(stored);
    }
    return stored;
  }

  /** Newest first. */
  list(filter: OutboxFilter = {}): OutboxEntry[] {
    return this.#entries.filter(matcher(filter));
  }

  get(id: string): OutboxEntry | undefined {
    return this.#entries.find((entry) => entry.id === id);
  }

  get size(): number {
    return this.#entries.length;
  }

  clear(): void {
    this.#entries.length = 0;
  }

  /** The next entry matching `filter` that arrives from now on; rejects after `timeoutMs`. */
  next(filter: OutboxFilter, timeoutMs = 5_000): Promise<OutboxEntry> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches: matcher(filter),
        resolve: (entry) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no ${filter.kind ?? 'message'} arrived in the outbox within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}

/** Addresses compare without case, numbers without spaces. */
export function normaliseRecipient(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, '');
}

function matcher(filter: OutboxFilter): (entry: OutboxEntry) => boolean {
  const to = filter.to === undefined || filter.to.trim() === '' ? undefined : normaliseRecipient(filter.to);
  return (entry) => (to === undefined || entry.to === to) && (filter.kind === undefined || entry.kind === filter.kind);
}
