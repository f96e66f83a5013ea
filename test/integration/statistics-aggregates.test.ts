// Property: after any sequence of orders (one or two lines, in several establishments and academies),
// cancellations, deliveries and rejections through the real use cases, the incrementally kept
// aggregates equal the straightforward GROUP BY over the orders, for every dimension and for periods;
// the consumption per academy equals the sum over the whole ledger (the dashboards' definitions).
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { deliverLine, rejectLine } from '../../src/modules/orders/fulfilment.service.js';
import { cancelOrder } from '../../src/modules/orders/orders.service.js';
import { placeOrder } from '../../src/modules/orders/place-order.js';
import {
  academyConsumption,
  aggregateBy,
  consumptionFromLedger,
  aggregateByMonth,
  foldStatistics,
  groupByFromOrders,
  type AggregateRow,
  type OrderDimension,
} from '../../src/modules/statistics/statistics.repository.js';
import { clock } from '../../src/shared/clock.js';
import { AppError } from '../../src/shared/errors.js';
import {
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

type Operation =
  | { kind: 'order'; school: number; offer: number; quantity: number; twoLines: boolean; month: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'deliver'; pick: number; line: number }
  | { kind: 'reject'; pick: number; line: number }
  | { kind: 'fold' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      school: fc.nat(3),
      offer: fc.nat(4),
      quantity: fc.integer({ min: 1, max: 3 }),
      twoLines: fc.boolean(),
      month: fc.nat(2),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(50) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(50), line: fc.nat(1) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('reject' as const), pick: fc.nat(50), line: fc.nat(1) }),
  },
  // A read in the middle: the fold must also be right when it runs between changes.
  { weight: 1, arbitrary: fc.constant({ kind: 'fold' as const }) },
);

const months = ['2026-01-15T10:00:00Z', '2026-02-15T10:00:00Z', '2026-03-31T22:30:00Z'];

let database: DatabaseHandle;
let db: Kysely<Database>;
let offers: TestOffer[];
let campaignId: number;
let publisher: TestUser;
let schools: { id: number; uai: string; head: TestUser }[];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  offers = await validOffers(db, 5);
  campaignId = (await createCampaign(db)).id;
  publisher = await createUser(db, {
    grants: [...new Set(offers.map((offer) => offer.producerId))].map((producerId) => ({
      role: 'publisher' as const,
      producerId,
    })),
  });
  const academies = [await createAcademy(db), await createAcademy(db)];
  schools = [];
  for (let i = 0; i < 4; i++) {
    const academy = academies[i % 2]!;
    const establishment = await createEstablishment(db, { academy });
    await createDrawingRight(db, {
      campaignId,
      academyId: academy.id,
      establishmentId: establishment.id,
      allocationCents: 100_000_000,
    });
    const head = await createUser(db, { grants: [{ role: 'head', establishmentId: establishment.id }] });
    schools.push({ id: establishment.id, uai: establishment.uai, head });
  }
});
afterAll(async () => {
  clock.reset();
  await database?.close();
});

const sorted = (rows: AggregateRow[]) =>
  [...rows].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

async function expectExact() {
  const dimensions: OrderDimension[] = ['academy', 'type', 'level', 'discipline', 'producer', 'resource'];
  const periods = [{}, { from: '2026-02' }, { from: '2026-01', to: '2026-02' }, { to: '2026-01' }];
  await db.transaction().execute(async (trx) => {
    await foldStatistics(trx);
    for (const period of periods) {
      for (const dimension of dimensions) {
        expect(
          sorted(await aggregateBy(trx, dimension, period)),
          `${dimension} ${JSON.stringify(period)}`,
        ).toEqual(sorted(await groupByFromOrders(trx, dimension, period)));
      }
      expect(await aggregateByMonth(trx, period)).toEqual(
        sorted(await groupByFromOrders(trx, 'month', period)),
      );
    }
    const byAcademy = (rows: { academy_id: number }[]) =>
      [...rows].sort((a, b) => a.academy_id - b.academy_id);
    expect(byAcademy(await academyConsumption(trx, campaignId))).toEqual(
      byAcademy(await consumptionFromLedger(trx, campaignId)),
    );
  });
}

const delivery = { licenceKey: 'CLE-TEST', accessUrl: 'https://acces.example/r', shipmentNumber: 'COLIS-1' };

describe('order statistics aggregates (fast-check)', () => {
  it('equal the GROUP BY over the orders after any orders, cancellations and rejections', async () => {
    let run = 0;
    const orders: { id: number; school: number; lines: number[] }[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        run += 1;
        for (const [index, op] of operations.entries()) {
          try {
            if (op.kind === 'fold') {
              await db.transaction().execute((trx) => foldStatistics(trx));
            } else if (op.kind === 'order') {
              clock.set(new Date(months[op.month]!));
              const school = schools[op.school]!;
              const picked = [offers[op.offer % offers.length]!];
              if (op.twoLines) picked.push(offers[(op.offer + 1) % offers.length]!);
              const result = await placeOrder(
                db,
                school.head.actor,
                {
                  establishment: school.uai,
                  lines: picked.map((offer) => ({
                    offer: offer.id,
                    seats: seatsFor(offer, op.quantity),
                    quantity: op.quantity,
                  })),
                },
                `stats-${run}-${index}`,
              );
              orders.push({
                id: result.order.id,
                school: op.school,
                lines: result.order.lines.map((line) => line.id),
              });
            } else if (orders.length > 0) {
              const order = orders[op.pick % orders.length]!;
              if (op.kind === 'cancel') await cancelOrder(db, schools[order.school]!.head.actor, order.id);
              else {
                const line = order.lines[op.line % order.lines.length]!;
                if (op.kind === 'deliver') await deliverLine(db, publisher.actor, order.id, line, delivery);
                else await rejectLine(db, publisher.actor, order.id, line, 'Refus de test');
              }
            }
          } catch (error) {
            // Refusals (a line already settled, an order no longer cancellable) change nothing.
            if (!(error instanceof AppError)) throw error;
          } finally {
            clock.reset();
          }
        }
        await expectExact();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25) },
    );
    // The runs did exercise every path.
    const statuses = await db.selectFrom('order_lines').select('status').distinct().execute();
    expect(statuses.map((row) => row.status).sort()).toEqual([
      'cancelled',
      'delivered',
      'pending',
      'rejected',
    ]);
  });
});
