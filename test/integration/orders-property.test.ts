// Property: whatever sequence of orders (one or two lines, with or without a co-funder's top-up),
// cancellations, deliveries and rejections runs against a drawing right, its balance never goes below
// zero, equals the sum of its ledger entries, and equals a simple model: the top-up pays an order's
// last euros, so each order costs the state max(0, live lines − top-up), live lines being those
// neither cancelled nor rejected. Per order, the state never gets back more than total − top-up and
// the co-funder never more than its top-up.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { deliverLine, rejectLine } from '../../src/modules/orders/fulfilment.service.js';
import { cancelOrder } from '../../src/modules/orders/orders.service.js';
import { placeOrder } from '../../src/modules/orders/place-order.js';
import { statusFromLines, type LineStatus } from '../../src/modules/orders/orders.workflow.js';
import { AppError } from '../../src/shared/errors.js';
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
  type TestUser,
} from '../support/factories/index.js';
import { createTestDatabase } from '../support/database.js';
import type { DatabaseHandle } from '../../src/db/database.js';

type Operation =
  | { kind: 'order'; offer: number; quantity: number; twoLines: boolean; topUpPercent: number | null }
  | { kind: 'cancel'; pick: number }
  | { kind: 'deliver'; pick: number; line: number }
  | { kind: 'reject'; pick: number; line: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      offer: fc.nat(2),
      quantity: fc.integer({ min: 1, max: 4 }),
      twoLines: fc.boolean(),
      // Top-up as a share of the total, when the head declares one.
      topUpPercent: fc.option(fc.integer({ min: 1, max: 100 }), { freq: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(50) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(50), line: fc.nat(1) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('reject' as const), pick: fc.nat(50), line: fc.nat(1) }),
  },
);

let database: DatabaseHandle;
let db: Kysely<Database>;
let offers: TestOffer[];
let academy: { id: number; departmentCode: string };
let campaignId: number;
let publisher: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  offers = await validOffers(db, 3, { delivery: 'licence-key' }).catch(() => validOffers(db, 3));
  academy = await createAcademy(db);
  campaignId = (await createCampaign(db, { allowCoFunding: true })).id;
  publisher = await createUser(db, {
    grants: [...new Set(offers.map((offer) => offer.producerId))].map((producerId) => ({
      role: 'publisher' as const,
      producerId,
    })),
  });
});
afterAll(async () => {
  await database?.close();
});

const deliveryInput = {
  licenceKey: 'CLE-TEST',
  accessUrl: 'https://acces.example/r',
  shipmentNumber: 'COLIS-1',
};

describe('ledger property (fast-check)', () => {
  it('never overdraws and always agrees with the ledger and the model', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30_000 }),
        fc.array(operation, { minLength: 1, maxLength: 14 }),
        async (allocation, operations) => {
          run += 1;
          const establishment = await createEstablishment(db, { academy });
          const right = await createDrawingRight(db, {
            campaignId,
            academyId: academy.id,
            establishmentId: establishment.id,
            allocationCents: allocation,
          });
          const head = await createUser(db, {
            grants: [{ role: 'head', establishmentId: establishment.id }],
          });
          const orders: {
            id: number;
            topUp: number;
            lines: { id: number; total: number; status: LineStatus }[];
            status: string;
          }[] = [];
          // What the state's right still holds: each order costs it the part of its live lines the
          // top-up does not pay.
          const live = (order: (typeof orders)[number]) =>
            order.lines
              .filter((l) => l.status !== 'cancelled' && l.status !== 'rejected')
              .reduce((sum, l) => sum + l.total, 0);
          const model = () =>
            orders.reduce((left, order) => left - Math.max(0, live(order) - order.topUp), allocation);
          for (const [index, op] of operations.entries()) {
            try {
              if (op.kind === 'order') {
                const picked = [offers[op.offer % offers.length]!];
                if (op.twoLines) picked.push(offers[(op.offer + 1) % offers.length]!);
                const total = picked.reduce((sum, offer) => sum + offer.priceCents * op.quantity, 0);
                const topUp =
                  op.topUpPercent === null ? 0 : Math.max(1, Math.floor((total * op.topUpPercent) / 100));
                const fits = total - topUp <= model();
                try {
                  const result = await placeOrder(
                    db,
                    head.actor,
                    {
                      establishment: establishment.uai,
                      lines: picked.map((offer) => ({
                        offer: offer.id,
                        seats: seatsFor(offer, op.quantity),
                        quantity: op.quantity,
                      })),
                      ...(topUp > 0
                        ? {
                            topUp: { funder: 'local-authority' as const, amountCents: topUp, reference: 'P' },
                          }
                        : {}),
                    },
                    `p-${run}-${index}`,
                  );
                  expect(fits).toBe(true);
                  orders.push({
                    id: result.order.id,
                    topUp,
                    status: 'submitted',
                    lines: result.order.lines.map((line) => ({
                      id: line.id,
                      total: line.lineTotalCents,
                      status: 'pending',
                    })),
                  });
                } catch (error) {
                  expect(error).toBeInstanceOf(AppError);
                  expect((error as AppError).code).toBe('BUDGET_EXCEEDED');
                  expect(fits).toBe(false);
                }
              } else if (orders.length > 0) {
                const order = orders[op.pick % orders.length]!;
                if (op.kind === 'cancel') {
                  const cancellable = order.status === 'submitted' || order.status === 'transmitted';
                  try {
                    await cancelOrder(db, head.actor, order.id);
                    expect(cancellable).toBe(true);
                    for (const l of order.lines) if (l.status === 'pending') l.status = 'cancelled';
                    order.status = 'cancelled';
                  } catch (error) {
                    expect((error as AppError).code).toBe('INVALID_TRANSITION');
                    expect(cancellable).toBe(false);
                  }
                } else {
                  const line = order.lines[op.line % order.lines.length]!;
                  const pending = line.status === 'pending';
                  try {
                    if (op.kind === 'deliver')
                      await deliverLine(db, publisher.actor, order.id, line.id, deliveryInput);
                    else await rejectLine(db, publisher.actor, order.id, line.id, 'Refus de test');
                    expect(pending).toBe(true);
                    line.status = op.kind === 'deliver' ? 'delivered' : 'rejected';
                    order.status = statusFromLines(order.lines.map((l) => l.status));
                  } catch (error) {
                    expect((error as AppError).code).toBe('INVALID_TRANSITION');
                    expect(pending).toBe(false);
                  }
                }
              }
            } finally {
              const balance = await balanceOf(db, right);
              expect(balance).toBeGreaterThanOrEqual(0);
              expect(balance).toBe(model());
            }
          }
          expect(await ledgerBalance(db, right)).toBe(await balanceOf(db, right));
          // Per order: money given back to the state ≤ total − top-up, to the co-funder ≤ top-up, and
          // order_top_ups.refunded_cents is exactly the refunds in the ledger.
          const flows = await db
            .selectFrom('ledger_entries')
            .select([
              'order_id',
              sql<number>`coalesce(sum(amount_cents) filter (where kind in ('cancellation-credit', 'rejection-credit')), 0)`.as(
                'credits',
              ),
              sql<number>`coalesce(-sum(amount_cents) filter (where kind = 'top-up-refund'), 0)`.as(
                'refunds',
              ),
            ])
            .where('drawing_right_id', '=', right)
            .groupBy('order_id')
            .execute();
          const topUps = await db
            .selectFrom('order_top_ups')
            .select(['order_id', 'amount_cents', 'refunded_cents'])
            .where('order_id', 'in', [0, ...orders.map((order) => order.id)])
            .execute();
          for (const order of orders) {
            const flow = flows.find((row) => row.order_id === order.id);
            const credits = Number(flow?.credits ?? 0);
            const refunds = Number(flow?.refunds ?? 0);
            const total = order.lines.reduce((sum, l) => sum + l.total, 0);
            expect(refunds).toBeGreaterThanOrEqual(0);
            expect(refunds).toBeLessThanOrEqual(order.topUp);
            expect(credits - refunds).toBeLessThanOrEqual(total - order.topUp);
            const stored = topUps.find((row) => row.order_id === order.id);
            expect(Number(stored?.refunded_cents ?? 0)).toBe(refunds);
            expect(Number(stored?.amount_cents ?? 0)).toBe(order.topUp);
          }
          const stored = await db
            .selectFrom('orders')
            .select(['id', 'status'])
            .where('establishment_id', '=', establishment.id)
            .execute();
          for (const order of orders)
            expect(stored.find((row) => row.id === order.id)?.status).toBe(order.status);
        },
      ),
      { numRuns: 25 },
    );
  });
});
