// seedDemoOrders: orders in every state, through the use cases, with a consistent ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { DEMO_TOP_UP, seedDemoCampaignOrders, seedDemoOrders } from '../../src/demo/orders.js';
import { orderStatuses } from '../../src/modules/orders/orders.workflow.js';
import { createTestDatabase } from '../support/database.js';
import { balanceOf, createOrdersWorld, type OrdersWorld } from '../support/factories/index.js';

let database: DatabaseHandle;
let worlds: OrdersWorld[];
beforeAll(async () => {
  database = await createTestDatabase();
  // The first campaign allows co-funding (as the demo's does), the second does not.
  worlds = [
    await createOrdersWorld(database.db, { allowCoFunding: true }),
    await createOrdersWorld(database.db),
  ];
});
afterAll(async () => {
  await database?.close();
});

describe('seedDemoOrders', () => {
  it('creates one order in every state and one co-funded order, once, with the ledger right', async () => {
    const heads = worlds.map((world) => ({ establishmentId: world.establishment.id, userId: world.head.id }));
    const counts = await seedDemoOrders(database.db, { heads });
    // One order per status, plus the co-funded one (submitted).
    for (const status of orderStatuses) expect(counts[status], status).toBe(status === 'submitted' ? 2 : 1);
    const stored = await database.db.selectFrom('orders').select('status').execute();
    expect(new Set(stored.map((row) => row.status))).toEqual(new Set(orderStatuses));
    const again = await seedDemoOrders(database.db, { heads });
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
    for (const world of worlds) {
      expect(await ledgerBalance(database.db, world.drawingRightId)).toBe(
        await balanceOf(database.db, world.drawingRightId),
      );
    }
    // The co-funded order: only where the campaign allows co-funding, placed like the others (half its
    // total from the local authority, the rest debited from the drawing right).
    const topUps = await database.db
      .selectFrom('order_top_ups as t')
      .innerJoin('orders as o', 'o.id', 't.order_id')
      .select([
        'o.establishment_id',
        'o.status',
        'o.total_cents',
        't.funder',
        't.amount_cents',
        't.reference',
      ])
      .execute();
    expect(topUps).toHaveLength(1);
    const [topUp] = topUps;
    expect(topUp!.establishment_id).toBe(worlds[0]!.establishment.id);
    expect(topUp!.status).toBe('submitted');
    expect(topUp!.funder).toBe(DEMO_TOP_UP.funder);
    expect(topUp!.reference).toBe(DEMO_TOP_UP.reference);
    expect(topUp!.amount_cents).toBe(Math.floor(Number(topUp!.total_cents) / 2));
    const subscriptions = await database.db.selectFrom('subscriptions').select('id').execute();
    expect(subscriptions.length).toBeGreaterThanOrEqual(1);
  });

  it('places the past campaign’s orders through placeOrder, dated February to July, once', async () => {
    const world = await createOrdersWorld(database.db);
    const options = { campaignId: world.campaign.id, placedBy: world.head.id, excluded: [], seed: 7 };
    const placed = await seedDemoCampaignOrders(database.db, { ...options, today: '2026-12-05' });
    expect(placed).toBeGreaterThan(0);
    const rows = await database.db
      .selectFrom('orders as o')
      .innerJoin('ledger_entries as le', 'le.order_id', 'o.id')
      .select(['o.created_at as ordered', 'le.created_at as entered', 'o.drawing_right_id'])
      .where('o.idempotency_key', 'like', 'demo-campaign-%')
      .where('le.kind', '=', 'order-debit')
      .execute();
    expect(rows).toHaveLength(placed);
    for (const row of rows) {
      const ordered = new Date(row.ordered).toISOString();
      expect(ordered >= '2026-02-01' && ordered < '2026-07-11', ordered).toBe(true);
      expect(new Date(row.entered).toISOString()).toBe(ordered);
      expect(await ledgerBalance(database.db, row.drawing_right_id)).toBe(
        await balanceOf(database.db, row.drawing_right_id),
      );
    }
    expect(await seedDemoCampaignOrders(database.db, { ...options, today: '2026-12-05' })).toBe(0);
  });
});
