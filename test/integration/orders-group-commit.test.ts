// Group commit of API orders (OrderWriteBatcher over insertOrders): orders that wait while the writes
// are busy go together in one statement, at most one per drawing right; each is written whole or not
// at all with its own outcome; one failing order never fails the others; and, whatever orders arrive
// together, no right is overdrawn and every balance equals its ledger. Runs on PGlite and PostgreSQL.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { OrderWriteBatcher } from '../../src/modules/orders/order-write-batcher.js';
import {
  insertOrders,
  type OrderWrite,
  type OrderWriteOutcome,
} from '../../src/modules/orders/orders.repository.js';
import { snapshotLines } from '../../src/modules/orders/orders.service.js';
import { todayInFrance } from '../../src/modules/orders/orders.money.js';
import {
  balanceOf,
  createAcademy,
  createCampaign,
  createDrawingRight,
  createEstablishment,
  createUser,
  seatsFor,
  validOffers,
  type TestOffer,
} from '../support/factories-orders.js';
import { createTestDatabase } from '../support/database.js';

interface Right {
  id: number;
  establishment: { id: number; uai: string; academyId: number; name: string; type: string };
}

describe('group commit of orders', () => {
  let database: DatabaseHandle;
  let offer: TestOffer;
  let academy: { id: number; departmentCode: string };
  let campaignId: number;
  let headId: number;
  let revision: number;
  const today = todayInFrance();
  let keys = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    offer = (await validOffers(database.db, 1))[0]!;
    academy = await createAcademy(database.db);
    campaignId = (await createCampaign(database.db)).id;
    headId = (await createUser(database.db, [{ role: 'national-admin' }])).id;
    const row = await database.db
      .selectFrom('catalogue_revision')
      .select('revision')
      .executeTakeFirstOrThrow();
    revision = Number(row.revision);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function createRight(allocationCents: number): Promise<Right> {
    const establishment = { ...(await createEstablishment(database.db, academy)), type: 'college' };
    const id = await createDrawingRight(database.db, {
      campaignId,
      academyId: academy.id,
      establishmentId: establishment.id,
      allocationCents,
    });
    return { id, establishment };
  }

  /** An order of `quantity` units of the test offer on this right, as placeOrder would decide it. */
  async function orderOn(right: Right, quantity = 1, key = `groupe-${++keys}`): Promise<OrderWrite> {
    const lines = await snapshotLines(
      database.db,
      [{ offer: offer.id, seats: seatsFor(offer, quantity), quantity }],
      right.establishment,
      today,
    );
    return {
      establishmentId: right.establishment.id,
      drawingRightId: right.id,
      totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
      topUp: undefined,
      idempotencyKey: key,
      placedBy: headId,
      lines,
      today,
      catalogueRevision: revision,
    };
  }

  /** Every written order whole: its lines, its debit entry and its audit row; the ledger consistent. */
  async function expectWhole(orderIds: readonly number[], rights: readonly Right[]) {
    const db = database.db;
    for (const id of orderIds) {
      const order = await db
        .selectFrom('orders')
        .select(['total_cents'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const lines = await db.selectFrom('order_lines').select('id').where('order_id', '=', id).execute();
      const debit = await db
        .selectFrom('ledger_entries')
        .select('amount_cents')
        .where('order_id', '=', id)
        .where('kind', '=', 'order-debit')
        .execute();
      const audit = await db
        .selectFrom('audit_log')
        .select('id')
        .where('subject_type', '=', 'order')
        .where('subject_id', '=', String(id))
        .where('action', '=', 'order.submitted')
        .execute();
      expect(lines).toHaveLength(1);
      expect(debit.map((entry) => Number(entry.amount_cents))).toEqual([-Number(order.total_cents)]);
      expect(audit).toHaveLength(1);
    }
    for (const right of rights) {
      const balance = await balanceOf(db, right.id);
      expect(balance).toBeGreaterThanOrEqual(0);
      expect(await ledgerBalance(db, right.id)).toBe(balance);
    }
  }

  const writtenIds = (outcomes: readonly OrderWriteOutcome[]) =>
    outcomes.flatMap((outcome) => (outcome.written ? [outcome.id] : []));

  it('writes the orders that wait for a busy write together, in one statement', async () => {
    const rights = await Promise.all(Array.from({ length: 6 }, () => createRight(offer.priceCents * 10)));
    const orders = await Promise.all(rights.map((right) => orderOn(right)));
    const batcher = new OrderWriteBatcher(database.db, { maxStatements: 1, maxOrders: 64 });
    // The first finds the write free and goes alone; the five others wait and go together.
    const outcomes = await Promise.all(orders.map((order) => batcher.write(order)));
    expect(batcher.stats).toEqual({ statements: 2, orders: 6 });
    expect(outcomes.every((outcome) => outcome.written)).toBe(true);
    expect(new Set(writtenIds(outcomes)).size).toBe(6);
    await expectWhole(writtenIds(outcomes), rights);
    for (const right of rights) {
      expect(await balanceOf(database.db, right.id)).toBe(offer.priceCents * 9);
    }
  });

  it('never puts two orders on one drawing right in the same statement, and caps a statement', async () => {
    const [hot, a, b] = await Promise.all([
      createRight(offer.priceCents * 3),
      createRight(offer.priceCents * 10),
      createRight(offer.priceCents * 10),
    ]);
    const orders = await Promise.all([
      orderOn(hot),
      orderOn(hot),
      orderOn(a),
      orderOn(hot),
      orderOn(b),
      orderOn(hot),
    ]);
    const batcher = new OrderWriteBatcher(database.db, { maxStatements: 1, maxOrders: 2 });
    const outcomes = await Promise.all(orders.map((order) => batcher.write(order)));
    // [hot] alone, then [hot, a], [hot, b], [hot]: one order per right, two at most.
    expect(batcher.stats).toEqual({ statements: 4, orders: 6 });
    // The hot right affords three: the fourth order on it is refused with the balance that was left.
    expect(outcomes.map((outcome) => outcome.written)).toEqual([true, true, true, true, true, false]);
    expect(outcomes[5]).toEqual({ written: false, balanceCents: 0, rightStatus: 'active', factsHold: true });
    await expectWhole(writtenIds(outcomes), [hot, a, b]);
  });

  it('a reused idempotency key fails its own order only; the others of its statement are written', async () => {
    const rights = await Promise.all(Array.from({ length: 4 }, () => createRight(offer.priceCents * 10)));
    const first = await orderOn(rights[2]!, 1, 'deja-servie');
    expect((await insertOrders(database.db, [first]))[0]!.written).toBe(true);
    const batcher = new OrderWriteBatcher(database.db, { maxStatements: 1, maxOrders: 64 });
    const orders = await Promise.all([
      orderOn(rights[0]!),
      orderOn(rights[1]!),
      orderOn(rights[2]!, 1, 'deja-servie'),
      orderOn(rights[3]!),
    ]);
    const settled = await Promise.allSettled(orders.map((order) => batcher.write(order)));
    expect(settled.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const reason = (settled[2] as PromiseRejectedResult).reason as { code?: string };
    expect(reason.code).toBe('23505');
    const written = settled.flatMap((result) =>
      result.status === 'fulfilled' && result.value.written ? [result.value.id] : [],
    );
    expect(written).toHaveLength(3);
    await expectWhole(written, rights);
    expect(await balanceOf(database.db, rights[2]!.id)).toBe(offer.priceCents * 9);
  });

  it('writes nothing for an order whose catalogue revision is stale, and says the facts changed', async () => {
    const right = await createRight(offer.priceCents * 10);
    const stale = { ...(await orderOn(right)), catalogueRevision: revision - 1 };
    const [outcome] = await insertOrders(database.db, [stale]);
    expect(outcome).toEqual({
      written: false,
      balanceCents: offer.priceCents * 10,
      rightStatus: 'active',
      factsHold: false,
    });
    expect(await balanceOf(database.db, right.id)).toBe(offer.priceCents * 10);
  });

  it('property: orders arriving together never overdraw; each refusal is for lack of money', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ right: fc.nat(2), quantity: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 1,
          maxLength: 24,
        }),
        fc.integer({ min: 1, max: 3 }),
        async (wanted, maxStatements) => {
          const rights = await Promise.all([5, 7, 3].map((units) => createRight(offer.priceCents * units)));
          const orders = await Promise.all(wanted.map((w) => orderOn(rights[w.right]!, w.quantity)));
          const batcher = new OrderWriteBatcher(database.db, { maxStatements, maxOrders: 8 });
          const outcomes = await Promise.all(orders.map((order) => batcher.write(order)));
          for (const [i, outcome] of outcomes.entries()) {
            // Refused only when what was left could not pay it.
            if (!outcome.written) expect(outcome.balanceCents).toBeLessThan(orders[i]!.totalCents);
          }
          rights.forEach((right, r) => {
            const spent = orders.reduce(
              (sum, order, i) =>
                sum + (wanted[i]!.right === r && outcomes[i]!.written ? order.totalCents : 0),
              0,
            );
            expect(spent).toBeLessThanOrEqual([5, 7, 3][r]! * offer.priceCents);
          });
          await expectWhole(writtenIds(outcomes), rights);
          expect(batcher.stats.orders).toBe(orders.length);
        },
      ),
      { numRuns: 15 },
    );
  });
});
