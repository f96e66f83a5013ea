// Use cases of the public statistics. Every read first folds what the order and ledger writes queued
// (statistics.repository.ts), in the same transaction: the figures are exact at the moment of reading.
// Public (no sign-in) except the publication setting, which the national administration changes.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { periodChoices as choicesFor, type PeriodChoice } from './stat-periods.js';
import { canChangePublication } from './statistics.policy.js';
import {
  academyConsumption,
  aggregateBy,
  aggregateByMonth,
  bestSellers as bestSellerRows,
  establishmentSpending,
  establishmentsByIds,
  foldStatistics,
  labelsOf,
  listAcademies,
  listCampaigns,
  monthExtent,
  ratingDistribution,
  readSettings,
  writeSettings,
  type AggregateRow,
  type StatsBy,
  type StatsPeriod,
} from './statistics.repository.js';

export type { StatsBy, StatsPeriod } from './statistics.repository.js';
export type { PeriodChoice } from './stat-periods.js';

type Db = Kysely<Database>;

export interface StatsRow {
  key: string;
  label: string;
  orders: number;
  lines: number;
  establishments: number;
  amount_cents: number;
}

const monthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** '2026-03' → "mars 2026". */
export function monthLabel(month: string): string {
  const time = Date.parse(`${month}-01T00:00:00Z`);
  return Number.isNaN(time) ? month : monthFormat.format(time);
}

/** Reads after folding the queued changes, in one transaction. */
async function folded<T>(db: Db, read: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await foldStatistics(trx);
    return read(trx);
  });
}

async function labelled(
  db: Db,
  dimension: Parameters<typeof labelsOf>[1],
  rows: readonly AggregateRow[],
): Promise<StatsRow[]> {
  const labels = await labelsOf(
    db,
    dimension,
    rows.map((row) => row.value),
  );
  return rows.map(({ value, ...counts }) => ({ key: value, label: labels.get(value) ?? value, ...counts }));
}

const byAmount = (a: StatsRow, b: StatsRow) =>
  b.amount_cents - a.amount_cents || b.orders - a.orders || a.label.localeCompare(b.label, 'fr');

/**
 * Orders by academy, type, level, discipline, producer or month over a period of whole months: orders,
 * live lines (neither cancelled nor rejected), establishments and amount in cents. Months in
 * chronological order, the others the largest amount first.
 */
export async function orderStatistics(db: Db, by: StatsBy, period: StatsPeriod): Promise<StatsRow[]> {
  return folded(db, async (trx) => {
    if (by === 'month') {
      const rows = await aggregateByMonth(trx, period);
      return rows.map(({ value, ...counts }) => ({ key: value, label: monthLabel(value), ...counts }));
    }
    return (await labelled(trx, by, await aggregateBy(trx, by, period))).sort(byAmount);
  });
}

/**
 * The periods the pages offer in one click: the whole history, the school years (September to August)
 * and the calendar years that have orders, all read as kept by the fold. Pages ask it right after
 * their own figures, which folded the queue: it reads the months as they are, without folding again.
 */
export async function periodChoices(db: Db): Promise<PeriodChoice[]> {
  return choicesFor(await monthExtent(db));
}

export const BEST_SELLERS = 20;

/** The resources bought most: by orders, and by number of establishments. */
export async function bestSellers(
  db: Db,
  period: StatsPeriod,
): Promise<{ byOrders: StatsRow[]; byEstablishments: StatsRow[] }> {
  return folded(db, async (trx) => {
    const rows = await bestSellerRows(trx, period, BEST_SELLERS);
    return {
      byOrders: await labelled(trx, 'resource', rows.byOrders),
      byEstablishments: await labelled(trx, 'resource', rows.byEstablishments),
    };
  });
}

export interface ConsumptionView {
  campaigns: { id: number; name: string }[];
  campaignId: number | null;
  rows: {
    key: string;
    label: string;
    allocated_cents: number;
    consumed_cents: number;
    rate: number | null;
  }[];
  total: { allocated_cents: number; consumed_cents: number; rate: number | null };
}

const rateOf = (consumed: number, allocated: number) => (allocated > 0 ? consumed / allocated : null);

/** Allocated drawing rights against what orders consumed, per academy (the 2012 report's table). */
export async function consumptionByAcademy(db: Db, campaignId: number | undefined): Promise<ConsumptionView> {
  return folded(db, async (trx) => {
    const campaigns = await listCampaigns(trx);
    const chosen =
      campaigns.find((c) => c.id === campaignId) ?? (campaignId === undefined ? campaigns[0] : undefined);
    if (!chosen)
      return {
        campaigns,
        campaignId: null,
        rows: [],
        total: { allocated_cents: 0, consumed_cents: 0, rate: null },
      };
    const [figures, academies] = await Promise.all([academyConsumption(trx, chosen.id), listAcademies(trx)]);
    const nameOf = new Map(academies.map((a) => [a.id, a]));
    const rows = figures
      .filter((row) => row.allocated_cents !== 0 || row.consumed_cents !== 0)
      .map((row) => ({
        key: nameOf.get(row.academy_id)?.code ?? String(row.academy_id),
        label: nameOf.get(row.academy_id)?.name ?? String(row.academy_id),
        allocated_cents: row.allocated_cents,
        consumed_cents: row.consumed_cents,
        rate: rateOf(row.consumed_cents, row.allocated_cents),
      }))
      .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
    const allocated = rows.reduce((sum, row) => sum + row.allocated_cents, 0);
    const consumed = rows.reduce((sum, row) => sum + row.consumed_cents, 0);
    return {
      campaigns,
      campaignId: chosen.id,
      rows,
      total: { allocated_cents: allocated, consumed_cents: consumed, rate: rateOf(consumed, allocated) },
    };
  });
}

export interface PublishedSpending {
  published: boolean;
  rows: {
    uai: string;
    name: string;
    type: string;
    academy: string;
    orders: number;
    lines: number;
    amount_cents: number;
  }[];
  total: number;
  page: number;
  pageSize: number;
}

export const SPENDING_PAGE_SIZE = 50;

/**
 * Each establishment's spending (live order lines), only when the national administration has chosen
 * to publish it; otherwise nothing about any establishment.
 */
export async function publishedEstablishmentSpending(
  db: Db,
  period: StatsPeriod,
  options: { academyId?: number | undefined; page: number },
): Promise<PublishedSpending> {
  return folded(db, async (trx) => {
    const settings = await readSettings(trx);
    const empty = { rows: [], total: 0, page: options.page, pageSize: SPENDING_PAGE_SIZE };
    if (!settings.publish_establishment_spending) return { published: false, ...empty };
    const { rows, total } = await establishmentSpending(trx, period, {
      academyId: options.academyId,
      limit: SPENDING_PAGE_SIZE,
      offset: (options.page - 1) * SPENDING_PAGE_SIZE,
    });
    const establishments = new Map(
      (
        await establishmentsByIds(
          trx,
          rows.map((row) => row.establishment_id),
        )
      ).map((e) => [e.id, e]),
    );
    return {
      published: true,
      rows: rows.map((row) => {
        const e = establishments.get(row.establishment_id)!;
        return {
          uai: e.uai,
          name: e.name,
          type: e.type,
          academy: e.academy,
          orders: row.orders,
          lines: row.lines,
          amount_cents: row.amount_cents,
        };
      }),
      total,
      page: options.page,
      pageSize: SPENDING_PAGE_SIZE,
    };
  });
}

export async function academiesForFilter(db: Db) {
  return listAcademies(db);
}

export async function publicationSetting(db: Db): Promise<{ publishEstablishmentSpending: boolean }> {
  const settings = await readSettings(db);
  return { publishEstablishmentSpending: settings.publish_establishment_spending };
}

/** The national administration publishes (or stops publishing) each establishment's spending. */
export async function setPublication(db: Db, actor: Actor, publish: boolean): Promise<void> {
  authorize(canChangePublication(actor), 'Seule l’administration nationale choisit ce qui est publié.');
  await db.transaction().execute(async (trx) => {
    await writeSettings(trx, publish, actor.userId);
    await audit(trx, {
      actorUserId: actor.userId,
      action: publish ? 'statistics.spending-published' : 'statistics.spending-unpublished',
      subjectType: 'statistics-settings',
      subjectId: '1',
    });
  });
}

export interface RatingsView {
  available: boolean;
  rows: { rating: number; reviews: number; resources: number }[];
}

/** How many published reviews gave each rating from 1 to 5. */
export async function ratingsDistribution(db: Db): Promise<RatingsView> {
  const rows = await ratingDistribution(db);
  return {
    available: true,
    rows: [1, 2, 3, 4, 5].map(
      (rating) => rows.find((row) => row.rating === rating) ?? { rating, reviews: 0, resources: 0 },
    ),
  };
}
