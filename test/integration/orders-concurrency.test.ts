// Concurrency on real PostgreSQL: parallel orders over HTTP against one drawing right. PGlite runs one
// transaction at a time, so a race that overspends would pass there: these tests need PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import {
  authHeaders,
  balanceOf,
  createOrdersWorld,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
if (!onPostgres) {
  console.log(
    'orders-concurrency: skipped on PGlite, which serializes every transaction; run with DATABASE_URL set to a PostgreSQL server.',
  );
}

describe.skipIf(!onPostgres)('50 parallel orders against one drawing right (PostgreSQL)', () => {
  let server: TestServer;
  let offer: TestOffer;
  beforeAll(async () => {
    server = await startTestServer();
    offer = (await validOffers(server.database.db, 1))[0]!;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function post(world: OrdersWorld, key: string, quantity = 1) {
    const response = await fetch(`${server.url}/api/orders`, {
      method: 'POST',
      headers: authHeaders(world.head, { 'content-type': 'application/json', 'idempotency-key': key }),
      body: JSON.stringify({
        establishment: world.establishment.uai,
        lines: [{ offer: offer.id, seats: seatsFor(offer, quantity), quantity }],
      }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { id?: number; error?: { code: string } },
    };
  }

  async function checkLedger(world: OrdersWorld) {
    const db = server.database.db;
    const balance = await balanceOf(db, world.drawingRightId);
    expect(await ledgerBalance(db, world.drawingRightId)).toBe(balance);
    expect(balance).toBeGreaterThanOrEqual(0);
    const negative = await db
      .selectFrom('ledger_entries')
      .select('id')
      .where('drawing_right_id', '=', world.drawingRightId)
      .where('balance_after_cents', '<', 0)
      .execute();
    expect(negative).toEqual([]);
    return balance;
  }

  it('accepts exactly floor(balance / price) orders; the others get BUDGET_EXCEEDED', async () => {
    const affordable = 12;
    const allocation = offer.priceCents * affordable + Math.floor(offer.priceCents / 2);
    const world = await createOrdersWorld(server.database.db, { allocationCents: allocation });
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => post(world, `parallele-${i}`)));
    const accepted = replies.filter((reply) => reply.status === 201);
    const refused = replies.filter((reply) => reply.status === 409);
    expect(accepted).toHaveLength(affordable);
    expect(refused).toHaveLength(50 - affordable);
    expect(refused.every((reply) => reply.body.error?.code === 'BUDGET_EXCEEDED')).toBe(true);
    const balance = await checkLedger(world);
    expect(balance).toBe(allocation - affordable * offer.priceCents);
    const orders = await server.database.db
      .selectFrom('orders')
      .select('id')
      .where('establishment_id', '=', world.establishment.id)
      .execute();
    expect(orders).toHaveLength(affordable);
    const debits = await server.database.db
      .selectFrom('ledger_entries')
      .select('order_id')
      .where('drawing_right_id', '=', world.drawingRightId)
      .where('kind', '=', 'order-debit')
      .execute();
    expect(new Set(debits.map((d) => d.order_id))).toEqual(new Set(orders.map((o) => o.id)));
  });

  it('100 parallel orders over 10 drawing rights: each accepts exactly what it affords', async () => {
    // The API writes orders arriving together in shared statements (group commit): rights locked in
    // id order, one order per right and statement. Nothing may deadlock, overdraw or get lost.
    const affordable = [2, 5, 7, 10, 0, 3, 9, 1, 4, 6];
    const worlds = await Promise.all(
      affordable.map((units) =>
        createOrdersWorld(server.database.db, { allocationCents: offer.priceCents * units }),
      ),
    );
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => post(worlds[i % 10]!, `reparti-${i}`)),
    );
    expect(
      replies.every((reply) => reply.status === 201 || reply.body.error?.code === 'BUDGET_EXCEEDED'),
    ).toBe(true);
    for (const [w, world] of worlds.entries()) {
      const accepted = replies.filter((reply, i) => i % 10 === w && reply.status === 201);
      expect(accepted).toHaveLength(affordable[w]!);
      expect(await checkLedger(world)).toBe(0);
    }
  });

  it('orders of different amounts never overdraw, and the ledger stays consistent', async () => {
    const allocation = offer.priceCents * 40;
    const world = await createOrdersWorld(server.database.db, { allocationCents: allocation });
    const quantities = Array.from({ length: 50 }, (_, i) => 1 + ((i * 7) % 5));
    const replies = await Promise.all(quantities.map((quantity, i) => post(world, `mix-${i}`, quantity)));
    const spent = replies.reduce(
      (sum, reply, i) => sum + (reply.status === 201 ? quantities[i]! * offer.priceCents : 0),
      0,
    );
    expect(
      replies.every((reply) => reply.status === 201 || reply.body.error?.code === 'BUDGET_EXCEEDED'),
    ).toBe(true);
    expect(spent).toBeLessThanOrEqual(allocation);
    const balance = await checkLedger(world);
    expect(balance).toBe(allocation - spent);
    // Only debits here, so the balance only went down: what is left is less than any refused order
    // (each was refused when the balance was already below its amount).
    const refusedQuantities = quantities.filter((_, i) => replies[i]!.status === 409);
    expect(refusedQuantities.length).toBeGreaterThan(0);
    expect(balance).toBeLessThan(Math.min(...refusedQuantities) * offer.priceCents);
  });

  it('records once 20 concurrent submissions of the same idempotency key', async () => {
    const world = await createOrdersWorld(server.database.db, { allocationCents: offer.priceCents * 100 });
    const replies = await Promise.all(Array.from({ length: 20 }, () => post(world, 'double-clic')));
    expect(replies.every((reply) => reply.status === 201 || reply.status === 200)).toBe(true);
    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1);
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    expect(await checkLedger(world)).toBe(offer.priceCents * 99);
  });
});
