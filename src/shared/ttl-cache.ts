// A small in-process cache whose entries expire: the one mechanism behind the session cache and the
// ordering-context cache. Bounded: when full, the oldest entry goes (a Map iterates in insertion order).
export interface TtlCacheOptions {
  /** How long an entry lives; 0 or less stores nothing. */
  ttlMs: number;
  maxEntries: number;
  /** The clock, in ms (tests pass their own). */
  now?: () => number;
}

export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly options: TtlCacheOptions) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.#now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Stores the value for the time to live, or until `notAfter` (ms) when that comes first. */
  set(key: string, value: V, notAfter = Number.POSITIVE_INFINITY): void {
    if (this.options.ttlMs <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.options.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, { value, expiresAt: Math.min(this.#now() + this.options.ttlMs, notAfter) });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Deletes every entry whose value matches. */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) {
      if (matches(entry.value)) this.#entries.delete(key);
    }
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}
