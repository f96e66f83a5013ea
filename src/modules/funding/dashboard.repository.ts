// Queries of the funding dashboards: consumption figures summed from the ledger (see
// dashboard.service.ts for what allocated and consumed mean). Each takes the database handle first.
import { sql } from 'kysely';
import type { LedgerKind } from '../../db/schema.js';
import { ACADEMY_REMAINDER_POOL, type Db } from './funding.repository.js';

const allocatedExpr = sql<number>`coalesce(sum(le.amount_cents) filter (where le.kind in ('allocate', 'adjust') or (le.kind = 'reallocation' and le.amount_cents > 0)), 0)`;
// Order flows on the public drawing right (consumedExpr lists the same kinds). A top-up-refund
// (negative) takes back the part of a top-up the credits returned with the lines: consumption stays
// the state-funded part of the orders.
const orderKinds: LedgerKind[] = [
  'order-debit',
  'cancellation-credit',
  'rejection-credit',
  'top-up',
  'top-up-refund',
];
const consumedExpr = sql<number>`coalesce(-sum(le.amount_cents) filter (where le.kind in ('order-debit', 'cancellation-credit', 'rejection-credit', 'top-up', 'top-up-refund')), 0)`;

/** Order flows by academy code and UTC day, oldest day first (one academy's, or all). */
export async function consumptionByDay(db: Db, campaignId: number, academyId: number | null) {
  let query = db
    .selectFrom('ledger_entries as le')
    .innerJoin('drawing_rights as dr', 'dr.id', 'le.drawing_right_id')
    .innerJoin('academies as a', 'a.id', 'dr.academy_id')
    .select([
      'a.code as key',
      sql<string>`to_char(le.created_at at time zone 'UTC', 'YYYY-MM-DD')`.as('day'),
      sql<number>`-sum(le.amount_cents)`.as('consumed'),
    ])
    .where('dr.campaign_id', '=', campaignId)
    .where('le.kind', 'in', orderKinds)
    .groupBy(['a.code', sql`2`])
    .orderBy(sql`2`);
  if (academyId !== null) query = query.where('dr.academy_id', '=', academyId);
  return query.execute();
}

/** The academy remainder right's balance, with what it received and moved out in total. */
export async function remainderTotals(db: Db, campaignId: number, academyId: number) {
  return db
    .selectFrom('drawing_rights as dr')
    .innerJoin('ledger_entries as le', 'le.drawing_right_id', 'dr.id')
    .select([
      'dr.balance_cents',
      sql<number>`coalesce(sum(le.amount_cents) filter (where le.amount_cents > 0), 0)`.as('received'),
      sql<number>`coalesce(-sum(le.amount_cents) filter (where le.amount_cents < 0), 0)`.as('moved_out'),
    ])
    .where('dr.campaign_id', '=', campaignId)
    .where('dr.academy_id', '=', academyId)
    .where('dr.pool_name', '=', ACADEMY_REMAINDER_POOL)
    .groupBy(['dr.id', 'dr.balance_cents'])
    .executeTakeFirst();
}

/** Allocated and consumed per drawing right of the academy (establishments and pools), by UAI. */
export async function consumptionByRight(db: Db, campaignId: number, academyId: number) {
  return db
    .selectFrom('ledger_entries as le')
    .innerJoin('drawing_rights as dr', 'dr.id', 'le.drawing_right_id')
    .leftJoin('establishments as e', 'e.id', 'dr.establishment_id')
    .select([
      'dr.id',
      'dr.pool_name',
      'e.uai',
      'e.name',
      'e.type',
      allocatedExpr.as('allocated'),
      consumedExpr.as('consumed'),
    ])
    .where('dr.campaign_id', '=', campaignId)
    .where('dr.academy_id', '=', academyId)
    .where((eb) => eb.or([eb('dr.pool_name', 'is', null), eb('dr.pool_name', '<>', ACADEMY_REMAINDER_POOL)]))
    .groupBy(['dr.id', 'dr.pool_name', 'e.uai', 'e.name', 'e.type'])
    .orderBy('e.uai')
    .execute();
}

/** Share, allocated and consumed per participating academy, by code. */
export async function consumptionByAcademy(db: Db, campaignId: number) {
  return db
    .selectFrom('campaign_academies as ca')
    .innerJoin('academies as a', 'a.id', 'ca.academy_id')
    .leftJoin('drawing_rights as dr', (join) =>
      join.onRef('dr.academy_id', '=', 'ca.academy_id').onRef('dr.campaign_id', '=', 'ca.campaign_id'),
    )
    .leftJoin('ledger_entries as le', 'le.drawing_right_id', 'dr.id')
    .select([
      'a.code',
      'a.name',
      'ca.share_cents',
      allocatedExpr.as('allocated'),
      consumedExpr.as('consumed'),
    ])
    .where('ca.campaign_id', '=', campaignId)
    .groupBy(['a.code', 'a.name', 'ca.share_cents'])
    .orderBy('a.code')
    .execute();
}
