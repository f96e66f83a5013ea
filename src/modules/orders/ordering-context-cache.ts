// Keeps, for a few seconds, what an order is decided on (the establishment, the drawing rights it may
// spend, the offers): a head or an API client placing several orders in a row reads them once.
//
// Why it is safe: nothing read from here is trusted at write time. The order statement
// (insertOrderAndDebit) re-checks the balance, that the right is active, that its campaign is open and
// before its deadline, and that the catalogue revision is the one the offers were read at; when any of
// these changed it writes nothing and placeOrder decides again on fresh data. What the statement does
// not re-check (an establishment moved into a pool, its type changed by an import) can be stale for at
// most the time to live.
import type { OrderingContext } from './orders.repository.js';

interface Entry {
  context: OrderingContext;
  expiresAt: number;
}

export class OrderingContextCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly options: { ttlMs: number; maxEntries: number; now?: () => number }) {}

  static keyOf(uai: string, offerIds: readonly number[]): string {
    return `${uai}|${[...offerIds].sort((a, b) => a - b).join(',')}`;
  }

  get(key: string): OrderingContext | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.#now()) return entry.context;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, context: OrderingContext): void {
    if (this.options.ttlMs <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, { context, expiresAt: this.#now() + this.options.ttlMs });
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}
