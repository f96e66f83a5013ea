// seedDemoOrders: orders in every state, through the use cases, with a consistent ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { seedDemoOrders } from '../../src/modules/orders/demo-orders.js';
import { orderStatuses } from '../../src/modules/orders/orders.workflow.js';
import { createTestDatabase } from '../support/database.js';
import { balanceOf, createOrdersWorld, type OrdersWorld } from '../support/factories-orders.js';

let database: DatabaseHandle;
let worlds: OrdersWorld[];
beforeAll(async () => {
  database = await createTestDatabase();
  worlds = [await createOrdersWorld(database.db), await createOrdersWorld(database.db)];
});
afterAll(async () => {
  await database?.close();
});

describe('seedDemoOrders', () => {
  it('creates one order in every state, once, with the ledger right', async () => {
    const heads = worlds.map((world) => ({ establishmentId: world.establishment.id, userId: world.head.id }));
    const counts = await seedDemoOrders(database.db, { heads });
    for (const status of orderStatuses) expect(counts[status], status).toBe(1);
    const stored = await database.db.selectFrom('orders').select('status').execute();
    expect(new Set(stored.map((row) => row.status))).toEqual(new Set(orderStatuses));
    const again = await seedDemoOrders(database.db, { heads });
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
    for (const world of worlds) {
      expect(await ledgerBalance(database.db, world.drawingRightId)).toBe(
        await balanceOf(database.db, world.drawingRightId),
      );
    }
    const subscriptions = await database.db.selectFrom('subscriptions').select('id').execute();
    expect(subscriptions.length).toBeGreaterThanOrEqual(1);
  });
});
