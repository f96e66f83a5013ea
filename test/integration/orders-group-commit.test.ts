// Group commit of API orders (OrderWriteBatcher over insertOrders): orders that wait while the writes
// are busy go together in one statement, at most one per drawing right; each is written whole or not
// at all with its own outcome; one failing order never fails the others; and, whatever orders arrive
// together, no right is overdrawn and every balance equals its ledger. Runs on PGlite and PostgreSQL.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { OrderWriteBatcher } from '../../src/modules/orders/order-write-batcher.js';
import {
  insertOrders,
  type OrderWrite,
  type OrderWriteOutcome,
} from '../../src/modules/orders/orders.repository.js';
import { snapshotLines } from '../../src/modules/orders/order-decision.js';
import { placeOrder } from '../../src/modules/orders/place-order.js';
import type { AppError } from '../../src/shared/errors.js';
import { todayInFrance } from '../../src/shared/clock.js';
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
} from '../support/factories/index.js';
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
  let offerVersion: number;
  const today = todayInFrance();
  let keys = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    offer = (await validOffers(database.db, 1))[0]!;
    academy = await createAcademy(database.db);
    campaignId = (await createCampaign(database.db)).id;
    headId = (await createUser(database.db, { grants: [{ role: 'national-admin' }] })).id;
    const row = await database.db
      .selectFrom('offers')
      .select('version')
      .where('id', '=', offer.id)
      .executeTakeFirstOrThrow();
    offerVersion = row.version;
  });
  afterAll(async () => {
    await database?.close();
  });

  async function createRight(allocationCents: number): Promise<Right> {
    const establishment = { ...(await createEstablishment(database.db, { academy })), type: 'college' };
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
      offerVersions: [{ id: offer.id, version: offerVersion }],
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

  /** Checks that each entry's balance after follows from the one before; returns the last balance. */
  async function ledgerInOrder(right: Right): Promise<number> {
    const entries = await database.db
      .selectFrom('ledger_entries')
      .select(['amount_cents', 'balance_after_cents'])
      .where('drawing_right_id', '=', right.id)
      .orderBy('id')
      .execute();
    let balance = 0;
    for (const entry of entries) {
      balance += Number(entry.amount_cents);
      expect(Number(entry.balance_after_cents)).toBe(balance);
    }
    expect(await balanceOf(database.db, right.id)).toBe(balance);
    return balance;
  }

  const writtenIds = (outcomes: readonly OrderWriteOutcome[]) =>
    outcomes.flatMap((outcome) => (outcome.written ? [outcome.id] : []));

  /** One order on each of `count` new rights, all handed at once to a batcher writing one statement at a time. */
  async function oneOrderPerRight(count: number, maxOrders: number) {
    const rights = await Promise.all(Array.from({ length: count }, () => createRight(offer.priceCents * 10)));
    const orders = await Promise.all(rights.map((right) => orderOn(right)));
    const batcher = new OrderWriteBatcher(database.db, { maxStatements: 1, maxOrders });
    const outcomes = await Promise.all(orders.map((order) => batcher.write(order)));
    return { rights, batcher, outcomes };
  }

  it('writes the orders that wait for a busy write together, in one statement', async () => {
    // The first finds the write free and goes alone; the five others wait and go together.
    const { rights, batcher, outcomes } = await oneOrderPerRight(6, 64);
    expect(batcher.stats).toEqual({ statements: 2, orders: 6 });
    expect(outcomes.every((outcome) => outcome.written)).toBe(true);
    expect(new Set(writtenIds(outcomes)).size).toBe(6);
    await expectWhole(writtenIds(outcomes), rights);
    for (const right of rights) {
      expect(await balanceOf(database.db, right.id)).toBe(offer.priceCents * 9);
    }
  });

  it('orders on one drawing right share a statement, taken in order while the right affords them', async () => {
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
    const batcher = new OrderWriteBatcher(database.db, { maxStatements: 1, maxOrders: 64 });
    const outcomes = await Promise.all(orders.map((order) => batcher.write(order)));
    // The first alone, then the five others together, three of them on the hot right.
    expect(batcher.stats).toEqual({ statements: 2, orders: 6 });
    // The hot right affords three: the fourth order on it is refused with the balance that was left.
    expect(outcomes.map((outcome) => outcome.written)).toEqual([true, true, true, true, true, false]);
    expect(outcomes[5]).toEqual({ written: false, balanceCents: 0, rightStatus: 'active', factsHold: true });
    await expectWhole(writtenIds(outcomes), [hot, a, b]);
    expect(await ledgerInOrder(hot)).toBe(0);
  });

  it('writes top-ups in a group: each credit before its debit, the right’s ledger in order', async () => {
    const right = await createRight(offer.priceCents * 3);
    const coFunded = async (quantity: number, topUpUnits: number) => ({
      ...(await orderOn(right, quantity)),
      topUp:
        topUpUnits > 0
          ? {
              funder: 'local-authority',
              amountCents: offer.priceCents * topUpUnits,
              reference: `CT-${++keys}`,
            }
          : undefined,
    });
    // Each costs the right 1, 1, then 2 units: the third no longer fits.
    const orders = [await coFunded(2, 1), await coFunded(2, 1), await coFunded(2, 0)];
    const outcomes = await insertOrders(database.db, orders);
    expect(outcomes.map((outcome) => outcome.written)).toEqual([true, true, false]);
    expect(outcomes[2]).toMatchObject({ written: false, balanceCents: offer.priceCents });
    const written = writtenIds(outcomes);
    const topUps = await database.db
      .selectFrom('order_top_ups')
      .select(['order_id', 'amount_cents'])
      .where('order_id', 'in', written)
      .orderBy('order_id')
      .execute();
    expect(topUps.map((row) => Number(row.amount_cents))).toEqual([offer.priceCents, offer.priceCents]);
    const kinds = await database.db
      .selectFrom('ledger_entries')
      .select('kind')
      .where('drawing_right_id', '=', right.id)
      .orderBy('id')
      .execute();
    expect(kinds.map((row) => row.kind)).toEqual([
      'allocate',
      'top-up',
      'order-debit',
      'top-up',
      'order-debit',
    ]);
    expect(await ledgerInOrder(right)).toBe(offer.priceCents);
  });

  it('caps the orders of one statement', async () => {
    const { batcher, outcomes } = await oneOrderPerRight(5, 2);
    // [1] alone, then [2, 3] and [4, 5].
    expect(batcher.stats).toEqual({ statements: 3, orders: 5 });
    expect(outcomes.every((outcome) => outcome.written)).toBe(true);
  });

  it('stops at the first order of a right that does not fit: a later one is left for another try', async () => {
    const right = await createRight(offer.priceCents * 3);
    const orders = await Promise.all([orderOn(right, 2), orderOn(right, 2), orderOn(right, 1)]);
    const outcomes = await insertOrders(database.db, orders);
    expect(outcomes.map((outcome) => outcome.written)).toEqual([true, false, false]);
    // Both get what is left after the first: the second is short, the third would fit alone.
    expect(outcomes[1]).toEqual({
      written: false,
      balanceCents: offer.priceCents,
      rightStatus: 'active',
      factsHold: true,
    });
    expect(outcomes[2]).toEqual(outcomes[1]);
    const [again] = await insertOrders(database.db, [orders[2]]);
    expect(again!.written).toBe(true);
    expect(await balanceOf(database.db, right.id)).toBe(0);
    await expectWhole(writtenIds([outcomes[0]!, again!]), [right]);
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

  it('writes nothing for an order whose offer changed since the decision, and says the facts changed', async () => {
    const right = await createRight(offer.priceCents * 10);
    const stale = { ...(await orderOn(right)), offerVersions: [{ id: offer.id, version: offerVersion - 1 }] };
    const [outcome] = await insertOrders(database.db, [stale]);
    expect(outcome).toEqual({
      written: false,
      balanceCents: offer.priceCents * 10,
      rightStatus: 'active',
      factsHold: false,
    });
    expect(await balanceOf(database.db, right.id)).toBe(offer.priceCents * 10);
  });

  it('leaves an order alone when other offers and resources change, not when its own offer does', async () => {
    const right = await createRight(offer.priceCents * 10);
    const decided = await orderOn(right);
    // Writes elsewhere in the catalogue, after the decision: another offer, a resource.
    await sql`UPDATE offers SET label = label || ' (mis à jour)' WHERE id <> ${offer.id}
              AND id = (SELECT min(id) FROM offers WHERE id <> ${offer.id})`.execute(database.db);
    await sql`UPDATE resources SET title = title || ' !' WHERE id = (SELECT min(id) FROM resources)`.execute(
      database.db,
    );
    const [written] = await insertOrders(database.db, [decided]);
    expect(written).toMatchObject({ written: true });

    // A real change to its own offer (even one that keeps the price) refuses the next order decided before.
    const next = await orderOn(right);
    await sql`UPDATE offers SET label = label || ' (nouvelle édition)' WHERE id = ${offer.id}`.execute(
      database.db,
    );
    const [refused] = await insertOrders(database.db, [next]);
    expect(refused).toMatchObject({ written: false, factsHold: false });
    // An update that changes nothing keeps the version.
    const version = async () =>
      (
        await database.db
          .selectFrom('offers')
          .select('version')
          .where('id', '=', offer.id)
          .executeTakeFirstOrThrow()
      ).version;
    const before = await version();
    await sql`UPDATE offers SET label = label WHERE id = ${offer.id}`.execute(database.db);
    expect(await version()).toBe(before);
    offerVersion = before;
  });

  it('property: orders placed together through the API path never overdraw; a refusal is for lack of money', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ right: fc.nat(2), quantity: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 1,
          maxLength: 24,
        }),
        fc.integer({ min: 1, max: 3 }),
        async (wanted, maxStatements) => {
          const units = [5, 7, 3];
          const rights = await Promise.all(units.map((n) => createRight(offer.priceCents * n)));
          const heads = await Promise.all(
            rights.map((right) =>
              createUser(database.db, {
                grants: [{ role: 'head', establishmentId: right.establishment.id }],
              }),
            ),
          );
          const batcher = new OrderWriteBatcher(database.db, { maxStatements, maxOrders: 8 });
          const settled = await Promise.allSettled(
            wanted.map((w) =>
              placeOrder(
                database.db,
                heads[w.right]!.actor,
                {
                  establishment: rights[w.right]!.establishment.uai,
                  lines: [{ offer: offer.id, seats: seatsFor(offer, w.quantity), quantity: w.quantity }],
                },
                `propriete-${++keys}`,
                { writes: batcher },
              ),
            ),
          );
          const placed: number[] = [];
          for (const [i, result] of settled.entries()) {
            if (result.status === 'fulfilled') {
              placed.push(result.value.order.id);
              continue;
            }
            // Refused only when what was left could not pay it (balances only go down here).
            const error = result.reason as AppError;
            expect(error.code).toBe('BUDGET_EXCEEDED');
            const remaining = (error.details as { remainingCents: number }).remainingCents;
            expect(remaining).toBeLessThan(wanted[i]!.quantity * offer.priceCents);
          }
          for (const [r, right] of rights.entries()) {
            const spent = wanted.reduce(
              (sum, w, i) =>
                sum +
                (w.right === r && settled[i]!.status === 'fulfilled' ? w.quantity * offer.priceCents : 0),
              0,
            );
            expect(spent).toBeLessThanOrEqual(units[r]! * offer.priceCents);
            expect(await balanceOf(database.db, right.id)).toBe(units[r]! * offer.priceCents - spent);
          }
          await expectWhole(placed, rights);
          for (const right of rights) await ledgerInOrder(right);
        },
      ),
      { numRuns: 15 },
    );
  });
});
