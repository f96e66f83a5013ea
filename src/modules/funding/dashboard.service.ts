// Consumption figures for the academy and national dashboards, from the ledger alone.
// allocated = allocate + adjust + reallocation entries into establishment and pool rights;
// consumed = net order flows (debits minus cancellation and rejection credits) minus top-ups net of
// their refunds to the co-funders, i.e. what orders took from the public drawing right;
// rate = consumed / allocated.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { loadCampaign } from './campaign.service.js';
import { canViewAcademyDashboard, canViewNationalDashboard } from './funding.policy.js';
import { findCampaignAcademy } from './funding.repository.js';
import {
  consumptionByAcademy,
  consumptionByDay,
  consumptionByRight,
  remainderTotals,
} from './dashboard.repository.js';

export interface ConsumptionRow {
  key: string;
  label: string;
  allocatedCents: number;
  consumedCents: number;
  rate: number;
}

/** An academy's line of the national dashboard: its dotation (share of the envelope) too. */
export interface AcademyConsumptionRow extends ConsumptionRow {
  shareCents: number;
}

export interface TimePoint {
  day: string;
  consumedCents: number;
}

function rate(consumed: number, allocated: number): number {
  return allocated > 0 ? consumed / allocated : 0;
}

async function series(
  db: Kysely<Database>,
  campaignId: number,
  academyId: number | null,
): Promise<{ key: string; day: string; consumedCents: number }[]> {
  const rows = await consumptionByDay(db, campaignId, academyId);
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
  const row = await remainderTotals(db, campaignId, academyId);
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
  // The academy's dotation (its share of the national envelope); null when it does not take part.
  const shareCents = (await findCampaignAcademy(db, campaignId, academyId))?.shareCents ?? null;
  const rows = await consumptionByRight(db, campaignId, academyId);
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
    shareCents,
    establishments,
    types,
    overTime: cumulative(await series(db, campaignId, academyId)),
    remainder: await remainderFigures(db, campaignId, academyId),
  };
}

export async function nationalDashboard(db: Kysely<Database>, actor: Actor, campaignId: number) {
  authorize(canViewNationalDashboard(actor), 'Réservé à l’administration nationale.');
  const campaign = await loadCampaign(db, campaignId);
  const rows = await consumptionByAcademy(db, campaignId);
  const academies: AcademyConsumptionRow[] = rows.map((row) => ({
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
