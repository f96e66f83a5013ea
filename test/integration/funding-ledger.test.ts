// The ledger under random sequences of operations (fast-check) and under concurrent debits: a balance
// never goes negative, always equals the sum of its entries, and a refused debit writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalance, postLedgerEntry } from '../../src/modules/funding/ledger.repository.js';
import { academyIdOf, createEstablishment } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let campaignId: number;
let academyId: number;

beforeAll(async () => {
  server = await startTestServer({ referenceData: true });
  const db = server.database.db;
  academyId = await academyIdOf(db, 'nantes');
  const row = await db
    .insertInto('campaigns')
    .values({
      name: 'Ledger',
      envelope_cents: 0,
      rules: '{}',
      ordering_deadline: '2099-01-01',
      remainder_policy: 'return-to-academy',
      status: 'open',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  campaignId = row.id;
});
afterAll(async () => {
  await server?.close();
});

async function newRight(): Promise<number> {
  const db = server.database.db;
  const establishment = await createEstablishment(db, { departmentCode: '44', type: 'ecole', pupils: 200 });
  const row = await db
    .insertInto('drawing_rights')
    .values({
      campaign_id: campaignId,
      academy_id: academyId,
      establishment_id: establishment.id,
      pool_name: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type Op = { kind: 'allocate' | 'adjust' | 'order-debit' | 'cancellation-credit' | 'close'; amount: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('allocate' as const), amount: fc.integer({ min: 1, max: 250_000 }) }),
  fc.record({ kind: fc.constant('adjust' as const), amount: fc.integer({ min: -100_000, max: 100_000 }) }),
  fc.record({ kind: fc.constant('order-debit' as const), amount: fc.integer({ min: 1, max: 200_000 }) }),
  fc.record({
    kind: fc.constant('cancellation-credit' as const),
    amount: fc.integer({ min: 1, max: 50_000 }),
  }),
  fc.record({ kind: fc.constant('close' as const), amount: fc.constant(0) }),
);

async function entryCount(rightId: number): Promise<number> {
  const row = await server.database.db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('drawing_right_id', '=', rightId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('ledger properties', () => {
  it('random sequences never overdraw and the balance is the sum of the entries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const db = server.database.db;
        const rightId = await newRight();
        let model = 0;
        for (const op of ops) {
          const amount = op.kind === 'order-debit' ? -op.amount : op.kind === 'close' ? -model : op.amount;
          if (op.kind === 'close' && model === 0) continue;
          const before = await entryCount(rightId);
          const result = await db.transaction().execute((trx) =>
            postLedgerEntry(trx, {
              drawingRightId: rightId,
              kind: op.kind,
              amountCents: amount,
            }),
          );
          if (model + amount < 0) {
            expect(result.posted).toBe(false);
            expect(await entryCount(rightId)).toBe(before);
          } else {
            expect(result).toMatchObject({ posted: true, balanceAfterCents: model + amount });
            model += amount;
          }
          const stored = await db
            .selectFrom('drawing_rights')
            .select('balance_cents')
            .where('id', '=', rightId)
            .executeTakeFirstOrThrow();
          expect(Number(stored.balance_cents)).toBe(model);
          expect(Number(stored.balance_cents)).toBeGreaterThanOrEqual(0);
          expect(await ledgerBalance(db, rightId)).toBe(model);
        }
      }),
      { numRuns: process.env.DATABASE_URL ? 40 : 25 },
    );
  });

  it('50 concurrent debits accept exactly the affordable subset', async () => {
    const db = server.database.db;
    const rightId = await newRight();
    await db
      .transaction()
      .execute((trx) =>
        postLedgerEntry(trx, { drawingRightId: rightId, kind: 'allocate', amountCents: 100_000 }),
      );
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        db
          .transaction()
          .execute((trx) =>
            postLedgerEntry(trx, { drawingRightId: rightId, kind: 'order-debit', amountCents: -7_000 }),
          ),
      ),
    );
    expect(results.filter((r) => r.posted)).toHaveLength(14);
    expect(await ledgerBalance(db, rightId)).toBe(2_000);
    expect(await entryCount(rightId)).toBe(15);
  });
});

describe('publication under concurrency', () => {
  it('two simultaneous publications of the same academy write one set of rights', async () => {
    const db = server.database.db;
    const { createUser, draftSplitCampaign } = await import('../support/factories/index.js');
    const { setBeneficiaries } = await import('../../src/modules/funding/allocation.service.js');
    const { publishAllocations } = await import('../../src/modules/funding/publication.service.js');
    const reims = await academyIdOf(db, 'reims');
    const admin = await createUser(db, { grants: [{ role: 'national-admin' }] });
    const staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: reims }] });
    const schools = [];
    for (let i = 0; i < 5; i++)
      schools.push(await createEstablishment(db, { departmentCode: '51', type: 'ecole', pupils: 200 }));
    const campaign = await draftSplitCampaign(db, admin.actor, [reims]);
    await setBeneficiaries(
      db,
      staff.actor,
      campaign,
      reims,
      schools.map((s) => s.id),
    );
    const results = await Promise.allSettled([
      publishAllocations(db, staff.actor, campaign, reims),
      publishAllocations(db, staff.actor, campaign, reims),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rights = await db
      .selectFrom('drawing_rights')
      .select('id')
      .where('campaign_id', '=', campaign)
      .execute();
    expect(rights).toHaveLength(5);
    const entries = await db
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.sum<number>('amount_cents').as('sum'))
      .where(
        'drawing_right_id',
        'in',
        rights.map((r) => r.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(entries.sum)).toBe(5 * 50_000);
  });
});
