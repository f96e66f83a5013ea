// A cancellation after the campaign closed: the closed right stays at zero and the money joins the
// academy's remainder, where the academy can reallocate it. Every euro stays traceable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import {
  authHeaders,
  balanceOf,
  createOrdersWorld,
  seatsFor,
  validOffers,
  closeCampaignAfterDeadline,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('credits after the campaign closed', () => {
  it('go to the academy remainder, never to the closed right', async () => {
    const db = server.database.db;
    const world = await createOrdersWorld(db, { allocationCents: 100_000 });
    const [offer] = await validOffers(db, 1);
    const placed = await server.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: authHeaders(world.head, { 'idempotency-key': 'after-close-1' }),
      payload: {
        establishment: world.establishment.uai,
        lines: [{ offer: offer!.id, seats: seatsFor(offer!), quantity: 1 }],
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const orderId = placed.json<{ id: number }>().id;
    const totalCents = 100_000 - (await balanceOf(db, world.drawingRightId));
    expect(totalCents).toBeGreaterThan(0);

    // The deadline passes and the national administration closes the campaign.
    const { closed, remainderRightId } = await closeCampaignAfterDeadline(server.app, db, world);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await balanceOf(db, world.drawingRightId)).toBe(0);
    const remainderBefore = await balanceOf(db, remainderRightId!);

    const cancelled = await server.app.inject({
      method: 'POST',
      url: `/api/orders/${orderId}/cancel`,
      headers: authHeaders(world.head),
    });
    expect(cancelled.statusCode, cancelled.body).toBeLessThan(300);
    expect(await balanceOf(db, world.drawingRightId)).toBe(0);
    expect(await balanceOf(db, remainderRightId!)).toBe(remainderBefore + totalCents);
    for (const id of [world.drawingRightId, remainderRightId!]) {
      expect(await ledgerBalance(db, id)).toBe(await balanceOf(db, id));
    }
    const credit = await db
      .selectFrom('ledger_entries')
      .select(['drawing_right_id', 'kind', 'amount_cents'])
      .where('order_id', '=', orderId)
      .where('kind', '=', 'cancellation-credit')
      .executeTakeFirstOrThrow();
    expect(credit).toEqual({
      drawing_right_id: remainderRightId!,
      kind: 'cancellation-credit',
      amount_cents: totalCents,
    });
  });
});
