// Queries of the public statistics: the fold that empties the change queues into the aggregates (exact
// at every read, see README.md), the reads of the aggregates, and the straightforward GROUP BY over the
// orders and the ledger (the baseline of bench:stats and the reference of the property test).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { precomputedPeriod, type MonthExtent } from './stat-periods.js';

type Db = Kysely<Database>;

export type OrderDimension = 'academy' | 'type' | 'level' | 'discipline' | 'producer' | 'resource';
export type StatsBy = Exclude<OrderDimension, 'resource'> | 'month';

export interface StatsPeriod {
  /** 'YYYY-MM', inclusive; undefined: from the start. */
  from?: string | undefined;
  /** 'YYYY-MM', inclusive; undefined: up to now. */
  to?: string | undefined;
}

export interface AggregateRow {
  value: string;
  orders: number;
  lines: number;
  establishments: number;
  amount_cents: number;
}

/** Serializes folds (a constant: "stat" in ASCII). */
const FOLD_LOCK = 0x73746174;
// A line counts when it is pending or delivered and its order is not a draft.
const LIVE = sql`(l.status IN ('pending', 'delivered') AND o.status <> 'draft')`;
const MONTH = sql`to_char(o.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM')`;
/**
 * The precomputed periods a month ('YYYY-MM') also counts under (stat-periods.ts says the same in
 * TypeScript): its calendar year and its school year (September to August).
 */
const keysOf = (month: RawBuilder<unknown>) => {
  const start = sql`(left(${month}, 4)::int - (substr(${month}, 6, 2) < '09')::int)`;
  return {
    year: sql`'year-' || left(${month}, 4)`,
    school: sql`'school-' || ${start} || '-' || (${start} + 1)`,
  };
};

/**
 * Folds the queued changes into the aggregates, in the caller's transaction (which must hold nothing
 * else of these tables). Cheap when the queues are empty: one probe each. A reader waits for a fold
 * in flight elsewhere, then folds what is left; the background folder (`wait: false`) leaves it to
 * that fold. True when something was folded.
 */
export async function foldStatistics(trx: Db, options: { wait?: boolean } = {}): Promise<boolean> {
  const pending = await sql<{ lines: boolean; ledger: boolean }>`
    SELECT EXISTS (SELECT 1 FROM order_stat_changes ORDER BY id LIMIT 1) AS lines,
           EXISTS (SELECT 1 FROM ledger_stat_changes ORDER BY entry_id LIMIT 1) AS ledger`.execute(trx);
  const { lines, ledger } = pending.rows[0]!;
  if (!lines && !ledger) return false;
  // Probed through the primary keys: a sequential probe would walk the rows the last fold deleted
  // until vacuum. The lock is taken for the transaction; the statements below take their snapshot
  // after it, so they see every fold committed before, and no other fold writes meanwhile.
  if (options.wait === false) {
    const locked = await sql<{ locked: boolean }>`
      SELECT pg_try_advisory_xact_lock(${FOLD_LOCK}) AS locked`.execute(trx);
    if (!locked.rows[0]!.locked) return false;
  } else {
    await sql`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx);
  }
  if (lines) await foldOrderLines(trx);
  if (ledger) await foldLedger(trx);
  return true;
}

async function foldOrderLines(trx: Db): Promise<void> {
  await sql`
    WITH taken AS (
      -- Every queued row this statement sees (its min in the same snapshot), found through the primary
      -- key: a sequential scan would also walk the rows the last folds deleted, until vacuum.
      DELETE FROM order_stat_changes WHERE id >= (SELECT min(id) FROM order_stat_changes)
      RETURNING id, line_id, was_live
    ), first AS (
      -- A line's state at the last fold: before its first queued change.
      SELECT DISTINCT ON (line_id) line_id, was_live FROM taken ORDER BY line_id, id
    ), touched AS (
      SELECT DISTINCT l.order_id FROM first JOIN order_lines l ON l.id = first.line_id
    ), lines AS MATERIALIZED (
      -- Every line of a touched order, before and after: an order counts under a value while one of
      -- its lines with that value is live.
      SELECT l.id, l.offer_id, l.producer_id, l.order_id, l.line_total_cents AS amount,
             ${LIVE} AS live_after, coalesce(first.was_live, ${LIVE}) AS live_before,
             o.establishment_id, e.academy_id, ${MONTH} AS month
      FROM touched
      JOIN order_lines l ON l.order_id = touched.order_id
      JOIN orders o ON o.id = l.order_id
      JOIN establishments e ON e.id = o.establishment_id
      LEFT JOIN first ON first.line_id = l.id
    ), fresh AS (
      -- Offers never summed before: what they count under, from their resources now.
      SELECT DISTINCT n.offer_id, d.dimension, d.value
      FROM (SELECT DISTINCT offer_id FROM lines
            WHERE NOT EXISTS (SELECT 1 FROM order_stat_offer_dims f WHERE f.offer_id = lines.offer_id)) n
      CROSS JOIN LATERAL (
        SELECT 'offer', ''
        UNION ALL SELECT 'resource', r.id::text
          FROM offer_resources x JOIN resources r ON r.id = x.resource_id WHERE x.offer_id = n.offer_id
        UNION ALL SELECT 'type', t.value
          FROM offer_resources x JOIN resources r ON r.id = x.resource_id, unnest(r.types) AS t(value)
          WHERE x.offer_id = n.offer_id
        UNION ALL SELECT 'level', t.value
          FROM offer_resources x JOIN resources r ON r.id = x.resource_id, unnest(r.levels) AS t(value)
          WHERE x.offer_id = n.offer_id
        UNION ALL SELECT 'discipline', t.value
          FROM offer_resources x JOIN resources r ON r.id = x.resource_id, unnest(r.disciplines) AS t(value)
          WHERE x.offer_id = n.offer_id
      ) AS d(dimension, value)
    ), frozen AS (
      INSERT INTO order_stat_offer_dims (offer_id, dimension, value)
      SELECT offer_id, dimension, value FROM fresh ORDER BY 1, 2, 3
      ON CONFLICT DO NOTHING
    ), dims AS (
      SELECT offer_id, dimension, value FROM order_stat_offer_dims
      WHERE offer_id IN (SELECT offer_id FROM lines) AND dimension <> 'offer'
      UNION ALL
      SELECT offer_id, dimension, value FROM fresh WHERE dimension <> 'offer'
    ), line_values AS (
      SELECT l.*, 'total' AS dimension, '' AS value FROM lines l
      UNION ALL SELECT l.*, 'academy', l.academy_id::text FROM lines l
      UNION ALL SELECT l.*, 'producer', l.producer_id::text FROM lines l
      UNION ALL SELECT l.*, d.dimension, d.value FROM lines l JOIN dims d ON d.offer_id = l.offer_id
    ), per_order AS (
      SELECT establishment_id, month, dimension, value,
             (count(*) FILTER (WHERE live_after) - count(*) FILTER (WHERE live_before))::int AS lines,
             coalesce(sum(amount) FILTER (WHERE live_after), 0)
               - coalesce(sum(amount) FILTER (WHERE live_before), 0) AS amount,
             (coalesce(bool_or(live_after), false))::int - (coalesce(bool_or(live_before), false))::int AS orders
      FROM line_values GROUP BY order_id, establishment_id, month, dimension, value
    ), per_period AS MATERIALIZED (
      -- Each order's change under its month and the three kept periods of that month.
      SELECT dimension, p.period, value, establishment_id, orders, lines, amount
      FROM per_order
      CROSS JOIN LATERAL (VALUES (month), ('all'), (${keysOf(sql`month`).year}), (${keysOf(sql`month`).school}))
        AS p(period)
    ), per_establishment AS MATERIALIZED (
      -- Kept per establishment: each value's months (the distinct establishments come from them), and
      -- the total's every period (each establishment's spending).
      SELECT dimension, period, value, establishment_id,
             sum(orders)::int AS orders, sum(lines)::int AS lines, sum(amount) AS amount
      FROM per_period WHERE ${periodSql({})} OR dimension = 'total'
      GROUP BY dimension, period, value, establishment_id
      HAVING sum(orders) <> 0 OR sum(lines) <> 0 OR sum(amount) <> 0
    ), written AS (
      INSERT INTO order_stat_establishments AS s
        (dimension, period, value, establishment_id, orders, lines, amount_cents)
      SELECT dimension, period, value, establishment_id, orders, lines, amount
      FROM per_establishment ORDER BY 1, 2, 3, 4
      ON CONFLICT (dimension, period, value, establishment_id) DO UPDATE
        SET orders = s.orders + excluded.orders, lines = s.lines + excluded.lines,
            amount_cents = s.amount_cents + excluded.amount_cents
      RETURNING s.dimension, s.period, s.value, s.establishment_id, s.lines
    ), crossed AS (
      -- The month rows that crossed zero: the upsert returns each row's lines after the change (the
      -- row locked as it wrote it); before is after minus the change. No second probe of the table.
      -- Grouped rather than joined: the planner cannot estimate either side and would loop over both.
      SELECT dimension, period, value, establishment_id,
             (max(after) > 0)::int - ((max(after) - max(change)) > 0)::int AS crossing
      FROM (SELECT dimension, period, value, establishment_id, lines AS change, NULL::int AS after
            FROM per_establishment WHERE ${periodSql({})}
            UNION ALL
            SELECT dimension, period, value, establishment_id, NULL, lines FROM written
            WHERE ${periodSql({})}) AS sides
      GROUP BY dimension, period, value, establishment_id
    ), changed_months AS (
      -- Per value and establishment whose live months changed: its months before and after.
      SELECT c.dimension, c.value, c.establishment_id, coalesce(p.months, '{}') AS before,
             ARRAY(SELECT m FROM unnest(coalesce(p.months, '{}')) AS m WHERE m <> ALL (c.removed)
                   UNION SELECT unnest(c.added) ORDER BY 1) AS after
      FROM (SELECT dimension, value, establishment_id,
                   coalesce(array_agg(period) FILTER (WHERE crossing > 0), '{}') AS added,
                   coalesce(array_agg(period) FILTER (WHERE crossing < 0), '{}') AS removed
            FROM crossed WHERE crossing <> 0
            GROUP BY dimension, value, establishment_id) c
      LEFT JOIN order_stat_presence p USING (dimension, value, establishment_id)
    ), presence AS (
      INSERT INTO order_stat_presence AS p (dimension, value, establishment_id, months)
      SELECT dimension, value, establishment_id, after FROM changed_months ORDER BY 1, 2, 3
      ON CONFLICT (dimension, value, establishment_id) DO UPDATE SET months = excluded.months
    ), span_changes AS (
      -- Each live month paired with the previous one, before (taken away) and after (added): the pairs
      -- that did not change cancel out.
      SELECT dimension, value, m.month, coalesce(before[m.i - 1], '') AS previous, -1 AS change
      FROM changed_months, unnest(before) WITH ORDINALITY AS m(month, i)
      UNION ALL
      SELECT dimension, value, m.month, coalesce(after[m.i - 1], ''), 1
      FROM changed_months, unnest(after) WITH ORDINALITY AS m(month, i)
    ), spans AS (
      INSERT INTO order_stat_spans AS s (dimension, previous, period, value, establishments)
      SELECT dimension, previous, month, value, sum(change) FROM span_changes
      GROUP BY 1, 2, 3, 4 HAVING sum(change) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (dimension, previous, period, value) DO UPDATE
        SET establishments = s.establishments + excluded.establishments
    ), key_changes AS (
      -- An establishment counts under a value and period while it has a live month in the period: +1
      -- for each period it has one in after and not before, -1 the other way round.
      SELECT dimension, period, value, sum(side)::int AS establishments FROM (
        SELECT DISTINCT c.dimension, c.value, c.establishment_id, k.period, 1 AS side
        FROM changed_months c, unnest(c.after) AS m(month),
             LATERAL (VALUES (m.month), ('all'), (${keysOf(sql`m.month`).year}), (${keysOf(sql`m.month`).school}))
               AS k(period)
        UNION ALL
        SELECT DISTINCT c.dimension, c.value, c.establishment_id, k.period, -1
        FROM changed_months c, unnest(c.before) AS m(month),
             LATERAL (VALUES (m.month), ('all'), (${keysOf(sql`m.month`).year}), (${keysOf(sql`m.month`).school}))
               AS k(period)
      ) AS sides
      GROUP BY dimension, period, value HAVING sum(side) <> 0
    ), period_sums AS (
      SELECT dimension, period, value, sum(orders)::int AS orders, sum(lines)::int AS lines,
             sum(amount) AS amount
      FROM per_period GROUP BY dimension, period, value
      HAVING sum(orders) <> 0 OR sum(lines) <> 0 OR sum(amount) <> 0
    )
    INSERT INTO order_stats AS s (dimension, period, value, orders, lines, amount_cents, establishments)
    SELECT dimension, period, value, coalesce(orders, 0), coalesce(lines, 0), coalesce(amount, 0),
           coalesce(establishments, 0)
    FROM period_sums FULL JOIN key_changes USING (dimension, period, value) ORDER BY 1, 2, 3
    ON CONFLICT (dimension, period, value) DO UPDATE
      SET orders = s.orders + excluded.orders, lines = s.lines + excluded.lines,
          amount_cents = s.amount_cents + excluded.amount_cents,
          establishments = s.establishments + excluded.establishments`.execute(trx);
}

// The dashboards' definitions (funding/dashboard.repository.ts): allocated is what allocations,
// modulations and reallocations put on the rights; consumed is the state-funded part of the orders.
const ALLOCATED = sql`coalesce(sum(le.amount_cents) FILTER (WHERE le.kind IN ('allocate', 'adjust') OR (le.kind = 'reallocation' AND le.amount_cents > 0)), 0)`;
const CONSUMED = sql`coalesce(-sum(le.amount_cents) FILTER (WHERE le.kind IN ('order-debit', 'cancellation-credit', 'rejection-credit', 'top-up', 'top-up-refund')), 0)`;

async function foldLedger(trx: Db): Promise<void> {
  await sql`
    WITH taken AS (
      DELETE FROM ledger_stat_changes WHERE entry_id >= (SELECT min(entry_id) FROM ledger_stat_changes)
      RETURNING entry_id
    ), summed AS (
      SELECT dr.campaign_id, dr.academy_id, ${ALLOCATED} AS allocated, ${CONSUMED} AS consumed
      FROM taken JOIN ledger_entries le ON le.id = taken.entry_id
      JOIN drawing_rights dr ON dr.id = le.drawing_right_id
      GROUP BY dr.campaign_id, dr.academy_id
    )
    INSERT INTO academy_consumption AS s (campaign_id, academy_id, allocated_cents, consumed_cents)
    SELECT campaign_id, academy_id, allocated, consumed FROM summed ORDER BY 1, 2
    ON CONFLICT (campaign_id, academy_id) DO UPDATE
      SET allocated_cents = s.allocated_cents + excluded.allocated_cents,
          consumed_cents = s.consumed_cents + excluded.consumed_cents`.execute(trx);
}

const numeric = (row: { [K in keyof AggregateRow]: unknown }): AggregateRow => ({
  value: String(row.value),
  orders: Number(row.orders),
  lines: Number(row.lines),
  establishments: Number(row.establishments),
  amount_cents: Number(row.amount_cents),
});

/** The months of a range: precomputed keys ('all', 'year-…', 'school-…') start with a letter, never in it. */
const periodSql = (period: StatsPeriod) =>
  sql`period BETWEEN ${period.from ?? '0000-00'} AND ${period.to ?? '9999-99'}`;
const hasPeriod = (period: StatsPeriod) => period.from !== undefined || period.to !== undefined;

/** The first and last months with a live line (the monthly totals: one row per month). */
export async function monthExtent(db: Db): Promise<MonthExtent | null> {
  const result = await sql<{ first: string | null; last: string | null }>`
    SELECT min(period) AS first, max(period) AS last FROM order_stats
    WHERE dimension = 'total' AND ${periodSql({})} AND lines > 0`.execute(db);
  const { first, last } = result.rows[0] ?? { first: null, last: null };
  return first && last ? { first, last } : null;
}

/**
 * The precomputed period key that answers this range exactly (stat-periods.ts), or null: the whole
 * history, a month, a calendar year, a school year, once the range is clipped to the months that have
 * live lines.
 */
export async function periodKeyOf(db: Db, period: StatsPeriod): Promise<string | null> {
  return hasPeriod(period) ? precomputedPeriod(period, await monthExtent(db)) : 'all';
}

/** One precomputed period's rows of a dimension, as kept by the fold. */
export async function aggregateOfPeriod(
  db: Db,
  dimension: OrderDimension | 'total',
  key: string,
): Promise<AggregateRow[]> {
  const result = await sql<AggregateRow>`
    SELECT value, orders, lines, establishments, amount_cents FROM order_stats
    WHERE dimension = ${dimension} AND period = ${key} AND lines > 0`.execute(db);
  return result.rows.map(numeric);
}

/**
 * Per value of a dimension, over the whole history or the months of a period: read as kept when the
 * period is a precomputed one, else from the months' sums and the spans.
 */
export async function aggregateBy(
  db: Db,
  dimension: OrderDimension,
  period: StatsPeriod,
): Promise<AggregateRow[]> {
  const key = await periodKeyOf(db, period);
  return key === null ? aggregateOfMonths(db, dimension, period) : aggregateOfPeriod(db, dimension, key);
}

/**
 * Any other range: sums add up month by month; establishments are counted once over the range, from
 * the spans (README.md, "Any range of months").
 */
async function aggregateOfMonths(
  db: Db,
  dimension: OrderDimension,
  period: StatsPeriod,
): Promise<AggregateRow[]> {
  const from = period.from ?? '0000-00';
  const result = await sql<AggregateRow>`
    WITH sums AS (
      SELECT value, sum(orders) AS orders, sum(lines) AS lines, sum(amount_cents) AS amount_cents
      FROM order_stats WHERE dimension = ${dimension} AND ${periodSql(period)}
      GROUP BY value HAVING sum(lines) > 0
    ), counted AS (
      -- Each establishment once, at its first live month in the range: the one whose previous live
      -- month is before the range ('' when it has none, and '' sorts first).
      SELECT value, sum(establishments) AS establishments
      FROM order_stat_spans
      WHERE dimension = ${dimension} AND previous < ${from} AND ${periodSql(period)}
      GROUP BY value
    )
    SELECT sums.*, coalesce(counted.establishments, 0) AS establishments
    FROM sums LEFT JOIN counted USING (value)`.execute(db);
  return result.rows.map(numeric);
}

/** Per month of the period (French time), months without live lines left out. */
export async function aggregateByMonth(db: Db, period: StatsPeriod): Promise<AggregateRow[]> {
  const result = await sql<AggregateRow>`
    SELECT period AS value, orders, lines, establishments, amount_cents FROM order_stats
    WHERE dimension = 'total' AND ${periodSql(period)} AND lines > 0 ORDER BY period`.execute(db);
  return result.rows.map(numeric);
}

export interface BestSellerRows {
  byOrders: AggregateRow[];
  byEstablishments: AggregateRow[];
}

/**
 * The best sellers: the first `limit` resources by orders, and by establishments. A kept period reads
 * each ranking's first rows; any other range counts every resource once, then ranks it twice.
 */
export async function bestSellers(db: Db, period: StatsPeriod, limit: number): Promise<BestSellerRows> {
  const key = await periodKeyOf(db, period);
  if (key !== null) {
    const ranked = async (order: RawBuilder<unknown>) => {
      const result = await sql<AggregateRow>`
        SELECT value, orders, lines, establishments, amount_cents FROM order_stats
        WHERE dimension = 'resource' AND period = ${key} AND lines > 0
        ORDER BY ${order}, value::int LIMIT ${limit}`.execute(db);
      return result.rows.map(numeric);
    };
    return {
      byOrders: await ranked(sql`orders DESC, establishments DESC`),
      byEstablishments: await ranked(sql`establishments DESC, orders DESC`),
    };
  }
  const rows = await aggregateOfMonths(db, 'resource', period);
  const rankedBy = (first: 'orders' | 'establishments', second: 'orders' | 'establishments') =>
    [...rows]
      .sort((a, b) => b[first] - a[first] || b[second] - a[second] || Number(a.value) - Number(b.value))
      .slice(0, limit);
  return {
    byOrders: rankedBy('orders', 'establishments'),
    byEstablishments: rankedBy('establishments', 'orders'),
  };
}

export interface EstablishmentSpendingRow {
  establishment_id: number;
  orders: number;
  lines: number;
  amount_cents: number;
}

/** Each establishment's live orders and amount over the period, the largest first. */
export async function establishmentSpending(
  db: Db,
  period: StatsPeriod,
  options: { academyId?: number | undefined; limit: number; offset: number },
): Promise<{ rows: EstablishmentSpendingRow[]; total: number }> {
  const academy =
    options.academyId === undefined
      ? sql``
      : sql`AND s.establishment_id IN (SELECT id FROM establishments WHERE academy_id = ${options.academyId})`;
  // A precomputed period holds one row per establishment; any other range sums its months' rows.
  const key = await periodKeyOf(db, period);
  const where = key === null ? periodSql(period) : sql`period = ${key}`;
  const result = await sql<EstablishmentSpendingRow & { total: string }>`
    SELECT establishment_id, sum(orders) AS orders, sum(lines) AS lines, sum(amount_cents) AS amount_cents,
           count(*) OVER () AS total
    FROM order_stat_establishments s
    WHERE dimension = 'total' AND ${where} ${academy}
    GROUP BY establishment_id HAVING sum(lines) > 0
    ORDER BY sum(amount_cents) DESC, establishment_id
    LIMIT ${options.limit} OFFSET ${options.offset}`.execute(db);
  return {
    rows: result.rows.map((row) => ({
      establishment_id: row.establishment_id,
      orders: Number(row.orders),
      lines: Number(row.lines),
      amount_cents: Number(row.amount_cents),
    })),
    total: Number(result.rows[0]?.total ?? 0),
  };
}

export interface ConsumptionRow {
  academy_id: number;
  allocated_cents: number;
  consumed_cents: number;
}

export async function academyConsumption(db: Db, campaignId: number): Promise<ConsumptionRow[]> {
  const rows = await db
    .selectFrom('academy_consumption')
    .select(['academy_id', 'allocated_cents', 'consumed_cents'])
    .where('campaign_id', '=', campaignId)
    .execute();
  return rows.map((row) => ({
    academy_id: row.academy_id,
    allocated_cents: Number(row.allocated_cents),
    consumed_cents: Number(row.consumed_cents),
  }));
}

/** Campaigns that have drawing rights, newest first. */
export async function listCampaigns(db: Db) {
  return db
    .selectFrom('campaigns')
    .select(['id', 'name', 'status'])
    .where('status', '<>', 'draft')
    .orderBy('id', 'desc')
    .execute();
}

/** The labels of some values of a dimension (names, vocabulary labels, titles). */
export async function labelsOf(
  db: Db,
  dimension: OrderDimension,
  values: readonly string[],
): Promise<Map<string, string>> {
  if (values.length === 0) return new Map();
  const ids = values.map(Number).filter(Number.isInteger);
  let rows: { value: string; label: string }[] = [];
  if (dimension === 'academy') {
    rows = (await db.selectFrom('academies').select(['id', 'name']).where('id', 'in', ids).execute()).map(
      (row) => ({ value: String(row.id), label: row.name }),
    );
  } else if (dimension === 'producer') {
    rows = (await db.selectFrom('producers').select(['id', 'name']).where('id', 'in', ids).execute()).map(
      (row) => ({ value: String(row.id), label: row.name }),
    );
  } else if (dimension === 'resource') {
    rows = (await db.selectFrom('resources').select(['id', 'title']).where('id', 'in', ids).execute()).map(
      (row) => ({ value: String(row.id), label: row.title }),
    );
  } else {
    rows = (
      await db
        .selectFrom('facet_values')
        .select(['code', 'label'])
        .where('facet', '=', dimension)
        .where('code', 'in', [...values])
        .execute()
    ).map((row) => ({ value: row.code, label: row.label }));
  }
  return new Map(rows.map((row) => [row.value, row.label]));
}

export async function establishmentsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('establishments as e')
    .innerJoin('academies as a', 'a.id', 'e.academy_id')
    .select(['e.id', 'e.uai', 'e.name', 'e.type', 'a.name as academy'])
    .where('e.id', 'in', [...ids])
    .execute();
}

export async function listAcademies(db: Db) {
  return db.selectFrom('academies').select(['id', 'code', 'name']).orderBy('name').execute();
}

export async function readSettings(db: Db) {
  return db
    .selectFrom('statistics_settings')
    .select(['publish_establishment_spending', 'updated_at'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

export async function writeSettings(db: Db, publish: boolean, userId: number) {
  await db
    .updateTable('statistics_settings')
    .set({ publish_establishment_spending: publish, updated_by: userId, updated_at: sql`now()` })
    .where('id', '=', 1)
    .execute();
}

/** Published reviews' ratings, 1 to 5, with their counts. */
export async function ratingDistribution(db: Db) {
  const result = await sql<{ rating: number; reviews: string; resources: string }>`
    SELECT rating, count(*) AS reviews, count(DISTINCT resource_id) AS resources
    FROM reviews WHERE moderation_state = 'published' GROUP BY rating ORDER BY rating`.execute(db);
  return result.rows.map((row) => ({
    rating: Number(row.rating),
    reviews: Number(row.reviews),
    resources: Number(row.resources),
  }));
}

// ---- The straightforward GROUP BY (baseline and reference) ----

/** What the aggregates hold, computed from the orders themselves: one GROUP BY, no aggregate. */
export async function groupByFromOrders(
  db: Db,
  by: OrderDimension | 'month',
  period: StatsPeriod,
): Promise<AggregateRow[]> {
  const value =
    by === 'month'
      ? sql`${MONTH}`
      : by === 'academy'
        ? sql`e.academy_id::text`
        : by === 'producer'
          ? sql`l.producer_id::text`
          : sql`d.value`;
  const dims =
    by === 'month' || by === 'academy' || by === 'producer'
      ? sql``
      : by === 'resource'
        ? sql`JOIN LATERAL (SELECT x.resource_id::text AS value FROM offer_resources x WHERE x.offer_id = l.offer_id) d ON true`
        : sql`JOIN LATERAL (SELECT DISTINCT t.value FROM offer_resources x JOIN resources r ON r.id = x.resource_id,
                 unnest(r.${sql.ref(`${by}s`)}) AS t(value) WHERE x.offer_id = l.offer_id) d ON true`;
  const result = await sql<AggregateRow>`
    SELECT ${value} AS value, count(DISTINCT l.order_id) AS orders, count(*) AS lines,
           count(DISTINCT o.establishment_id) AS establishments, sum(l.line_total_cents) AS amount_cents
    FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN establishments e ON e.id = o.establishment_id
    ${dims}
    WHERE ${LIVE} AND ${MONTH} BETWEEN ${period.from ?? '0000-00'} AND ${period.to ?? '9999-99'}
    GROUP BY 1`.execute(db);
  return result.rows.map(numeric);
}

/** Allocated and consumed per academy of a campaign, summed from the whole ledger. */
export async function consumptionFromLedger(db: Db, campaignId: number): Promise<ConsumptionRow[]> {
  const result = await sql<ConsumptionRow>`
    SELECT dr.academy_id, ${ALLOCATED} AS allocated_cents, ${CONSUMED} AS consumed_cents
    FROM ledger_entries le JOIN drawing_rights dr ON dr.id = le.drawing_right_id
    WHERE dr.campaign_id = ${campaignId} GROUP BY dr.academy_id`.execute(db);
  return result.rows.map((row) => ({
    academy_id: row.academy_id,
    allocated_cents: Number(row.allocated_cents),
    consumed_cents: Number(row.consumed_cents),
  }));
}
