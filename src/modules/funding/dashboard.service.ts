// Consumption figures for the academy and national dashboards, from the ledger alone.
// allocated = allocate + adjust + reallocation entries into establishment and pool rights;
// consumed = net order flows (debits minus cancellation and rejection credits) minus top-ups net of
// their refunds to the co-funders, i.e. what orders took from the public drawing right;
// rate = consumed / allocated.
import { sql, type Kysely } from 'kysely';
import type { Database, LedgerKind } from '../../db/schema.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { loadCampaign } from './campaign.service.js';
import { canViewAcademyDashboard, canViewNationalDashboard } from './funding.policy.js';
import { ACADEMY_REMAINDER_POOL } from './funding.repository.js';

export interface ConsumptionRow {
  key: string;
  label: string;
  allocatedCents: number;
  consumedCents: number;
  rate: number;
}

export interface TimePoint {
  day: string;
  consumedCents: number;
}

function rate(consumed: number, allocated: number): number {
  return allocated > 0 ? consumed / allocated : 0;
}

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

async function series(
  db: Kysely<Database>,
  campaignId: number,
  academyId: number | null,
): Promise<{ key: string; day: string; consumedCents: number }[]> {
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
  const rows = await query.execute();
  return rows.map((row) => ({ key: row.key, day: row.day, consumedCents: Number(row.consumed) }));
}

/** Cumulative consumption by day, summed over every key. */
export function cumulative(points: readonly { day: string; consumedCents: number }[]): TimePoint[] {
  const byDay = new Map<string, number>();
  for (const point of points) byDay.set(point.day, (byDay.get(point.day) ?? 0) + point.consumedCents);
  let total = 0;
  return [...byDay]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, consumed]) => {
      total += consumed;
      return { day, consumedCents: total };
    });
}

/**
 * The academy's remainder in this campaign: what it received (rights returned at closing, credits
 * arriving after it, a remainder carried from the previous campaign), what it moved out (reallocated
 * to establishments or carried to the next campaign) and what is left. null before any remainder.
 */
export interface RemainderFigures {
  receivedCents: number;
  movedOutCents: number;
  availableCents: number;
}

async function remainderFigures(
  db: Kysely<Database>,
  campaignId: number,
  academyId: number,
): Promise<RemainderFigures | null> {
  const row = await db
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
  if (!row) return null;
  return {
    receivedCents: Number(row.received),
    movedOutCents: Number(row.moved_out),
    availableCents: Number(row.balance_cents),
  };
}

export async function academyDashboard(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  academyId: number,
) {
  authorize(canViewAcademyDashboard(actor, academyId), 'Vous ne suivez pas cette académie.');
  const campaign = await loadCampaign(db, campaignId);
  const rows = await db
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
  const establishments: ConsumptionRow[] = rows.map((row) => ({
    key: row.uai ?? `pool-${row.id}`,
    label: row.name ? `${row.name} (${row.uai})` : `Mutualisation « ${row.pool_name} »`,
    allocatedCents: Number(row.allocated),
    consumedCents: Number(row.consumed),
    rate: rate(Number(row.consumed), Number(row.allocated)),
  }));
  const byType = new Map<string, { allocated: number; consumed: number }>();
  for (const row of rows) {
    const type = row.type ?? 'pool';
    const entry = byType.get(type) ?? { allocated: 0, consumed: 0 };
    entry.allocated += Number(row.allocated);
    entry.consumed += Number(row.consumed);
    byType.set(type, entry);
  }
  const types: ConsumptionRow[] = [...byType].map(([type, v]) => ({
    key: type,
    label: type,
    allocatedCents: v.allocated,
    consumedCents: v.consumed,
    rate: rate(v.consumed, v.allocated),
  }));
  return {
    campaign,
    establishments,
    types,
    overTime: cumulative(await series(db, campaignId, academyId)),
    remainder: await remainderFigures(db, campaignId, academyId),
  };
}

export async function nationalDashboard(db: Kysely<Database>, actor: Actor, campaignId: number) {
  authorize(canViewNationalDashboard(actor), 'Réservé à l’administration nationale.');
  const campaign = await loadCampaign(db, campaignId);
  const rows = await db
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
  const academies = rows.map((row) => ({
    key: row.code,
    label: row.name,
    shareCents: Number(row.share_cents),
    allocatedCents: Number(row.allocated),
    consumedCents: Number(row.consumed),
    rate: rate(Number(row.consumed), Number(row.allocated)),
  }));
  const points = await series(db, campaignId, null);
  const overTimeByAcademy = new Map<string, TimePoint[]>();
  for (const academy of academies) {
    overTimeByAcademy.set(academy.key, cumulative(points.filter((p) => p.key === academy.key)));
  }
  return { campaign, academies, overTime: cumulative(points), overTimeByAcademy };
}
