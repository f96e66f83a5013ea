// Ordering and closing speak of the same day, the French one. At 00:30 in Paris the UTC day is still
// the day before: a deadline of the 14th is past for orders, and closing must accept it too (it once
// used the UTC day and refused until 02:00 Paris time in summer). The clock is set for the whole
// process, so the server answering the requests reads the same instant.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/shared/clock.js';
import {
  authHeaders,
  balanceOf,
  createOrdersWorld,
  seatsFor,
  validOffers,
  type OrdersWorld,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DEADLINE = '2026-06-14';
/** 23:30 on the 14th in Paris (summer time, UTC+2): the deadline's own day. */
const LAST_HALF_HOUR = '2026-06-14T21:30:00Z';
/** 00:30 on the 15th in Paris, while the UTC day is still the 14th. */
const HALF_PAST_MIDNIGHT = '2026-06-14T22:30:00Z';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => clock.reset());
afterAll(async () => {
  clock.reset();
  await server?.close();
});

async function order(world: OrdersWorld, key: string) {
  const [offer] = await validOffers(server.database.db, 1);
  return server.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: authHeaders(world.head, { 'idempotency-key': key }),
    payload: {
      establishment: world.establishment.uai,
      lines: [{ offer: offer!.id, seats: seatsFor(offer!), quantity: 1 }],
    },
  });
}

function close(world: OrdersWorld) {
  return server.app.inject({
    method: 'POST',
    url: `/api/campaigns/${world.campaign.id}/close`,
    headers: authHeaders(world.admin),
  });
}

describe('one day for ordering and closing, the French one', () => {
  it('on the deadline day in Paris, orders are accepted and closing is refused', async () => {
    const world = await createOrdersWorld(server.database.db, { deadline: DEADLINE });
    clock.set(LAST_HALF_HOUR);

    const placed = await order(world, 'paris-2330');
    expect(placed.statusCode, placed.body).toBe(201);

    const closed = await close(world);
    expect(closed.statusCode, closed.body).toBe(409);
    expect(closed.json<{ error: { code: string } }>().error.code).toBe('INVALID_TRANSITION');
  });

  it('at 00:30 in Paris the deadline is past for orders, and closing accepts that same day', async () => {
    const db = server.database.db;
    const world = await createOrdersWorld(db, { deadline: DEADLINE, allocationCents: 100_000 });
    clock.set(HALF_PAST_MIDNIGHT);
    // The UTC day is still the deadline: only the French day makes it past.
    expect(clock.now().toISOString().slice(0, 10)).toBe(DEADLINE);
    expect(clock.today()).toBe('2026-06-15');

    const refused = await order(world, 'paris-0030');
    expect(refused.statusCode, refused.body).toBe(409);
    const error = refused.json<{ error: { code: string; details?: { deadline?: string } } }>().error;
    expect(error.code).toBe('CAMPAIGN_CLOSED');
    expect(error.details?.deadline).toBe(DEADLINE);
    expect(await balanceOf(db, world.drawingRightId)).toBe(100_000);

    const closed = await close(world);
    expect(closed.statusCode, closed.body).toBe(200);
    const status = await db
      .selectFrom('campaigns')
      .select('status')
      .where('id', '=', world.campaign.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('closed');
    expect(await balanceOf(db, world.drawingRightId)).toBe(0);
  });
});
