// Property: after any sequence of orders (one or two lines, in several establishments and academies),
// cancellations, deliveries and rejections through the real use cases, the incrementally kept
// aggregates equal the straightforward GROUP BY over the orders, for every dimension and for periods:
// the whole history, each month, each calendar year and each school year kept by the fold (read both
// directly and through aggregateBy), and ranges counted from the months; the consumption per academy
// equals the sum over the whole ledger (the dashboards' definitions). Orders fall on both sides of a
// new year and of a new school year in French time (UTC still says the day before).
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { deliverLine, rejectLine } from '../../src/modules/orders/fulfilment.service.js';
import { cancelOrder } from '../../src/modules/orders/orders.service.js';
import { placeOrder } from '../../src/modules/orders/place-order.js';
import {
  academyConsumption,
  aggregateBy,
  aggregateOfPeriod,
  consumptionFromLedger,
  aggregateByMonth,
  bestSellers,
  establishmentSpending,
  foldStatistics,
  groupByFromOrders,
  periodKeyOf,
  type StatsPeriod,
  type AggregateRow,
  type OrderDimension,
} from '../../src/modules/statistics/statistics.repository.js';
import * as yearsMigration from '../../src/db/migrations/2026-12-05T1800-order-statistics-years.js';
import * as spansMigration from '../../src/db/migrations/2026-12-05T2100-order-statistics-spans.js';
import { StatisticsFolder } from '../../src/modules/statistics/statistics-folder.js';
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

// French months: 2025-08 (school year 2024-2025), 2025-09 and 2025-12 (2025-2026, calendar 2025), 2026-01,
// 2026-02 and 2026-04 (2025-2026, calendar 2026), 2026-09 (2026-2027). Five of them are on the eve in UTC.
const months = [
  '2025-08-31T21:30:00Z',
  '2025-08-31T22:30:00Z',
  '2025-12-31T22:30:00Z',
  '2025-12-31T23:30:00Z',
  '2026-02-15T10:00:00Z',
  '2026-03-31T22:30:00Z',
  '2026-08-31T22:30:00Z',
];
const frenchMonths = ['2025-08', '2025-09', '2025-12', '2026-01', '2026-02', '2026-04', '2026-09'];

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
      month: fc.nat(months.length - 1),
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
  // Orders are placed back in 2025: the offers must be valid then.
  await db
    .updateTable('offers')
    .set({ valid_from: '2024-01-01', valid_until: null })
    .where(
      'id',
      'in',
      offers.map((offer) => offer.id),
    )
    .execute();
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

// Every precomputed key the orders above can fill, with its range of months.
const keyed: { key: string; period: StatsPeriod }[] = [
  { key: 'year-2025', period: { from: '2025-01', to: '2025-12' } },
  { key: 'year-2026', period: { from: '2026-01', to: '2026-12' } },
  { key: 'school-2024-2025', period: { from: '2024-09', to: '2025-08' } },
  { key: 'school-2025-2026', period: { from: '2025-09', to: '2026-08' } },
  { key: 'school-2026-2027', period: { from: '2026-09', to: '2027-08' } },
  ...frenchMonths.map((month) => ({ key: month, period: { from: month, to: month } })),
];
// Ranges read through aggregateBy: precomputed or counted from the months, depending on the data.
const periods: StatsPeriod[] = [
  {},
  { from: '2026-02' },
  { from: '2026-01', to: '2026-02' },
  { to: '2026-01' },
  { from: '2025-10', to: '2026-03' },
  { from: '2025-12', to: '2026-01' },
  ...keyed.map(({ period }) => period),
];
const dimensions: OrderDimension[] = ['academy', 'type', 'level', 'discipline', 'producer', 'resource'];

async function expectExact() {
  await db.transaction().execute(async (trx) => {
    await foldStatistics(trx);
    // The rows the fold keeps for each key, read as they are.
    for (const { key, period } of keyed) {
      for (const dimension of dimensions) {
        expect(sorted(await aggregateOfPeriod(trx, dimension, key)), `${dimension} ${key}`).toEqual(
          sorted(await groupByFromOrders(trx, dimension, period)),
        );
      }
      expect(await aggregateOfPeriod(trx, 'total', key), `total ${key}`).toEqual(
        (await totalOf(trx, period)).filter((row) => row.lines > 0),
      );
    }
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
      const resources = await groupByFromOrders(trx, 'resource', period);
      const best = await bestSellers(trx, period, 3);
      for (const rankBy of ['orders', 'establishments'] as const) {
        const rank = (row: AggregateRow) =>
          rankBy === 'orders' ? [row.orders, row.establishments] : [row.establishments, row.orders];
        const expected = [...resources]
          .sort((a, b) => {
            const [a1, a2] = rank(a);
            const [b1, b2] = rank(b);
            return b1! - a1! || b2! - a2! || Number(a.value) - Number(b.value);
          })
          .slice(0, 3);
        expect(
          rankBy === 'orders' ? best.byOrders : best.byEstablishments,
          `best ${rankBy} ${JSON.stringify(period)}`,
        ).toEqual(expected);
      }
      const spending = await establishmentSpending(trx, period, { limit: 100, offset: 0 });
      const expectedSpending = await spendingOf(trx, period);
      expect(spending.total, `spending ${JSON.stringify(period)}`).toBe(expectedSpending.length);
      expect(spending.rows, `spending ${JSON.stringify(period)}`).toEqual(expectedSpending);
    }
    const byAcademy = (rows: { academy_id: number }[]) =>
      [...rows].sort((a, b) => a.academy_id - b.academy_id);
    expect(byAcademy(await academyConsumption(trx, campaignId))).toEqual(
      byAcademy(await consumptionFromLedger(trx, campaignId)),
    );
  });
}

/** The whole period as one row (value ''), from the orders. */
async function totalOf(trx: Kysely<Database>, period: StatsPeriod): Promise<AggregateRow[]> {
  const result = await sql<AggregateRow>`
    SELECT '' AS value, count(DISTINCT l.order_id)::int AS orders, count(*)::int AS lines,
           count(DISTINCT o.establishment_id)::int AS establishments, sum(l.line_total_cents)::int AS amount_cents
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE l.status IN ('pending', 'delivered') AND o.status <> 'draft'
      AND to_char(o.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM')
          BETWEEN ${period.from ?? '0000-00'} AND ${period.to ?? '9999-99'}`.execute(trx);
  return result.rows.map((row) => ({ ...row, amount_cents: Number(row.amount_cents ?? 0) }));
}

/** Each establishment's live orders, lines and amount over the period, from the orders. */
async function spendingOf(trx: Kysely<Database>, period: StatsPeriod) {
  const result = await sql<{ establishment_id: number; orders: number; lines: number; amount_cents: number }>`
    SELECT o.establishment_id, count(DISTINCT l.order_id)::int AS orders, count(*)::int AS lines,
           sum(l.line_total_cents)::int AS amount_cents
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE l.status IN ('pending', 'delivered') AND o.status <> 'draft'
      AND to_char(o.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM')
          BETWEEN ${period.from ?? '0000-00'} AND ${period.to ?? '9999-99'}
    GROUP BY o.establishment_id ORDER BY 4 DESC, 1`.execute(trx);
  return result.rows;
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
                // The clock alone does not date an order: the database's now() does, unless told.
                { placedAt: new Date(months[op.month]!) },
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
    // Every month was ordered in, so the reads below took the precomputed keys.
    const ordered = await sql<{ month: string }>`
      SELECT DISTINCT to_char(created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS month FROM orders
      WHERE status <> 'draft' ORDER BY 1`.execute(db);
    expect(ordered.rows.map((row) => row.month)).toEqual(expect.arrayContaining(frenchMonths));
    await db.transaction().execute(async (trx) => {
      await foldStatistics(trx);
      expect(await periodKeyOf(trx, {})).toBe('all');
      expect(await periodKeyOf(trx, { from: '2025-01', to: '2025-12' })).toBe('year-2025');
      expect(await periodKeyOf(trx, { from: '2026-01', to: '2026-12' })).toBe('year-2026');
      expect(await periodKeyOf(trx, { from: '2025-09', to: '2026-08' })).toBe('school-2025-2026');
      expect(await periodKeyOf(trx, { from: '2026-02', to: '2026-02' })).toBe('2026-02');
      expect(await periodKeyOf(trx, { from: '2025-10', to: '2026-03' })).toBeNull();
    });
  });

  it('an upgraded database gets its years from the months already folded, and stays exact', async () => {
    // As before the migration: the fold had kept months and the whole history only; one order is
    // still queued.
    await db.transaction().execute((trx) => foldStatistics(trx));
    await spansMigration.down(db as Kysely<unknown>);
    await yearsMigration.down(db as Kysely<unknown>);
    const left = await sql<{ n: string }>`
      SELECT count(*) AS n FROM order_stats WHERE period LIKE 'year-%' OR period LIKE 'school-%'`.execute(db);
    expect(Number(left.rows[0]!.n)).toBe(0);
    clock.set(new Date(months[3]!));
    try {
      await placeOrder(
        db,
        schools[0]!.head.actor,
        {
          establishment: schools[0]!.uai,
          lines: [{ offer: offers[0]!.id, seats: seatsFor(offers[0]!, 1), quantity: 1 }],
        },
        'stats-upgrade',
        { placedAt: new Date(months[3]!) },
      );
    } finally {
      clock.reset();
    }
    await yearsMigration.up(db as Kysely<unknown>);
    await spansMigration.up(db as Kysely<unknown>);
    await expectExact();
  });

  it('the background folder empties the queues, and leaves them to a fold already in flight', async () => {
    const queued = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM order_stat_changes`.execute(db)).rows[0]!.n);
    const order = () =>
      placeOrder(
        db,
        schools[1]!.head.actor,
        {
          establishment: schools[1]!.uai,
          lines: [{ offer: offers[1]!.id, seats: seatsFor(offers[1]!, 1), quantity: 1 }],
        },
        `stats-folder-${Math.random()}`,
      );
    if (database.kind === 'postgresql') {
      // Another transaction folds (holds the lock): the folder does not wait, and folds nothing.
      await order();
      const folder = new StatisticsFolder(db, { intervalMs: 10, log: { warn: () => {} } });
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const holder = db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${0x73746174})`.execute(trx);
        locked();
        await released;
      });
      await holding;
      expect(await folder.foldOnce()).toBe(false);
      expect(await queued()).toBeGreaterThan(0);
      release();
      await holder;
    } else {
      console.info(
        'PGlite has one connection: no fold can be in flight beside the folder (PostgreSQL lane).',
      );
    }
    await order();
    expect(await queued()).toBeGreaterThan(0);
    const folder = new StatisticsFolder(db, { intervalMs: 10, log: { warn: () => {} } });
    folder.start();
    try {
      for (let waited = 0; (await queued()) > 0 && waited < 10_000; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await folder.stop();
    }
    expect(await queued()).toBe(0);
    await expectExact();
  });

  it('an upgraded database gets its spans from the months already folded, exactly as the fold keeps them', async () => {
    // Rows the fold brought back to nothing are left in place; the backfill writes none.
    const kept = async () => ({
      presence: (
        await sql`SELECT dimension, value, establishment_id, months FROM order_stat_presence
                  WHERE months <> '{}' ORDER BY 1, 2, 3`.execute(db)
      ).rows,
      spans: (
        await sql`SELECT dimension, previous, period, value, establishments FROM order_stat_spans
                  WHERE establishments <> 0 ORDER BY 1, 2, 3, 4`.execute(db)
      ).rows,
      // Down puts back the whole history's and the years' rows per establishment, up takes them away.
      establishments: (
        await sql`SELECT * FROM order_stat_establishments ORDER BY dimension, period, value, establishment_id`.execute(
          db,
        )
      ).rows,
      stats: (await sql`SELECT * FROM order_stats ORDER BY dimension, period, value`.execute(db)).rows,
    });
    await db.transaction().execute((trx) => foldStatistics(trx));
    const folded = await kept();
    expect(folded.spans.length).toBeGreaterThan(0);
    await spansMigration.down(db as Kysely<unknown>);
    await spansMigration.up(db as Kysely<unknown>);
    expect(await kept()).toEqual(folded);
    await expectExact();
  });
});
