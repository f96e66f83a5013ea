// Property: whatever sequence of orders, cancellations, deliveries and rejections runs against a
// drawing right, its balance never goes below zero, equals the sum of its ledger entries, and equals
// a simple model (allocation − accepted orders + credits of cancelled and rejected lines).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { deliverLine, rejectLine } from '../../src/modules/orders/fulfilment.service.js';
import { cancelOrder, placeOrder } from '../../src/modules/orders/orders.service.js';
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
} from '../support/factories-orders.js';
import { createTestDatabase } from '../support/database.js';
import type { DatabaseHandle } from '../../src/db/database.js';

type Operation =
  | { kind: 'order'; offer: number; quantity: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'deliver'; pick: number }
  | { kind: 'reject'; pick: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      offer: fc.nat(2),
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), pick: fc.nat(50) }) },
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
  campaignId = (await createCampaign(db)).id;
  publisher = await createUser(
    db,
    [...new Set(offers.map((offer) => offer.producerId))].map((producerId) => ({
      role: 'publisher' as const,
      producerId,
    })),
  );
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
          const establishment = await createEstablishment(db, academy);
          const right = await createDrawingRight(db, {
            campaignId,
            academyId: academy.id,
            establishmentId: establishment.id,
            allocationCents: allocation,
          });
          const head = await createUser(db, [{ role: 'head', establishmentId: establishment.id }]);
          let model = allocation;
          const orders: {
            id: number;
            lines: { id: number; total: number; status: LineStatus }[];
            status: string;
          }[] = [];
          for (const [index, op] of operations.entries()) {
            try {
              if (op.kind === 'order') {
                const offer = offers[op.offer % offers.length]!;
                const total = offer.priceCents * op.quantity;
                const fits = total <= model;
                try {
                  const result = await placeOrder(
                    db,
                    head.actor,
                    {
                      establishment: establishment.uai,
                      lines: [
                        { offer: offer.id, seats: seatsFor(offer, op.quantity), quantity: op.quantity },
                      ],
                    },
                    `p-${run}-${index}`,
                  );
                  expect(fits).toBe(true);
                  model -= total;
                  orders.push({
                    id: result.order.id,
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
                const line = order.lines[0]!;
                if (op.kind === 'cancel') {
                  const cancellable = order.status === 'submitted' || order.status === 'transmitted';
                  try {
                    await cancelOrder(db, head.actor, order.id);
                    expect(cancellable).toBe(true);
                    for (const l of order.lines) {
                      if (l.status === 'pending') {
                        model += l.total;
                        l.status = 'cancelled';
                      }
                    }
                    order.status = 'cancelled';
                  } catch (error) {
                    expect((error as AppError).code).toBe('INVALID_TRANSITION');
                    expect(cancellable).toBe(false);
                  }
                } else {
                  const pending = line.status === 'pending';
                  try {
                    if (op.kind === 'deliver')
                      await deliverLine(db, publisher.actor, order.id, line.id, deliveryInput);
                    else await rejectLine(db, publisher.actor, order.id, line.id, 'Refus de test');
                    expect(pending).toBe(true);
                    line.status = op.kind === 'deliver' ? 'delivered' : 'rejected';
                    if (op.kind === 'reject') model += line.total;
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
              expect(balance).toBe(model);
            }
          }
          expect(await ledgerBalance(db, right)).toBe(await balanceOf(db, right));
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
