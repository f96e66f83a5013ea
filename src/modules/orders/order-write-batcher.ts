// Group commit for the order API: when orders arrive faster than the database writes them, the ones
// waiting are written together, in one statement (insertOrders), instead of one statement each.
//
// Why: most of what PostgreSQL spends on an order is per statement (executing a plan of a dozen steps,
// the commit and its WAL flush, the round trip), not per row. Measured on insertOrders, eight orders
// per statement cost PostgreSQL a quarter to a third of the CPU per order of one order per statement
// (ARCHITECTURE.md, "Group commit").
//
// How: at most `maxStatements` statements run at once. An order that finds a free slot is written at
// once, alone: no added latency when the API is quiet. Orders that arrive while every slot is busy
// wait in a queue, and each slot that frees takes the oldest of them, up to `maxOrders`, whatever
// their drawing rights: orders on one hot right share a statement too, and so one lock of its row.
//
// What stays true: each order is written whole or not at all, with its own outcome (written, or not
// written with the balance that refused it). A statement that fails (a reused idempotency key raises a
// unique violation for the whole statement) is retried order by order, so one bad order never fails
// the others, and its own caller gets its own error.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { insertOrders, type OrderWrite, type OrderWriteOutcome } from './orders.repository.js';

export interface OrderWriteBatcherOptions {
  /** Statements writing orders at once (each holds one pooled connection). */
  maxStatements: number;
  /** Orders in one statement at most. */
  maxOrders: number;
}

interface Waiting {
  order: OrderWrite;
  resolve: (outcome: OrderWriteOutcome) => void;
  reject: (error: unknown) => void;
}

export class OrderWriteBatcher {
  readonly #waiting: Waiting[] = [];
  #running = 0;
  /** Statements that ran and the orders they carried: how orders were grouped (tests read it). */
  readonly stats = { statements: 0, orders: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: OrderWriteBatcherOptions,
  ) {}

  /** Writes one order, alone or with others waiting at the same time; resolves once it is committed. */
  write(order: OrderWrite): Promise<OrderWriteOutcome> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ order, resolve, reject });
      this.#startStatements();
    });
  }

  #startStatements(): void {
    while (this.#running < this.options.maxStatements && this.#waiting.length > 0) {
      // The oldest waiting orders, up to maxOrders.
      const group = this.#waiting.splice(0, this.options.maxOrders);
      this.#running++;
      void this.#writeGroup(group).finally(() => {
        this.#running--;
        this.#startStatements();
      });
    }
  }

  async #writeGroup(group: readonly Waiting[]): Promise<void> {
    try {
      const outcomes = await insertOrders(
        this.db,
        group.map((waiting) => waiting.order),
      );
      this.stats.statements++;
      this.stats.orders += group.length;
      group.forEach((waiting, i) => waiting.resolve(outcomes[i]!));
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // Nothing of the group was written: write each order alone, each with its own outcome.
      await Promise.all(
        group.map(async (waiting) => {
          try {
            const [outcome] = await insertOrders(this.db, [waiting.order]);
            waiting.resolve(outcome!);
          } catch (alone) {
            waiting.reject(alone);
          }
        }),
      );
    }
  }
}
