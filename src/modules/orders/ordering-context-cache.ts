// Keeps, for a few seconds, what an order is decided on (the establishment, the drawing rights it may
// spend, the offers): a head or an API client placing several orders in a row reads them once.
//
// Why it is safe: nothing read from here is trusted at write time. The order statement
// (insertOrders) re-checks the balance, that the right is active, that its campaign is open and
// before its deadline, and that the order's offers still have the versions read here; when any of
// these changed it writes nothing and placeOrder decides again on fresh data. What the statement does
// not re-check (an establishment moved into a pool, its type changed by an import) can be stale for at
// most the time to live.
import { TtlCache } from '../../shared/ttl-cache.js';
import type { OrderingContext } from './orders.repository.js';

export class OrderingContextCache extends TtlCache<OrderingContext> {
  static keyOf(uai: string, offerIds: readonly number[]): string {
    return `${uai}|${[...offerIds].sort((a, b) => a - b).join(',')}`;
  }
}
