// Calendar years and school years as precomputed periods of the order statistics
// (src/modules/statistics/README.md). From now on the fold counts every line under its month, 'all',
// its calendar year ('year-2026') and its school year, September to August ('school-2025-2026'), with
// per-establishment rows, so a year's distinct establishments are a counter like the whole history's.
// No table changes: the keys are new values of `period`, which a range of months never takes in (they
// start with a letter).
//
// Backfill: what the fold had already summed is in the month rows, and a year's figures are exact sums of
// its months' per establishment (an order belongs to one month, by its creation in French time), so the
// year rows are built from them; order_stats counts the establishments whose year row has a live line.
// Changes still queued are folded later by the new fold, which writes the four periods. Under the
// fold's advisory lock, so no fold runs in between.
import { sql, type Kysely } from 'kysely';

const FOLD_LOCK = 0x73746174; // statistics.repository.ts

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`.execute(db);
  await sql`
    INSERT INTO order_stat_establishments (dimension, period, value, establishment_id, orders, lines, amount_cents)
    SELECT s.dimension, k.period, s.value, s.establishment_id, sum(s.orders), sum(s.lines), sum(s.amount_cents)
    FROM order_stat_establishments s
    CROSS JOIN LATERAL (SELECT left(s.period, 4)::int - (substr(s.period, 6, 2) < '09')::int AS start) y
    CROSS JOIN LATERAL (VALUES ('year-' || left(s.period, 4)),
                               ('school-' || y.start || '-' || (y.start + 1))) AS k(period)
    WHERE s.period BETWEEN '0000-00' AND '9999-99'
    GROUP BY s.dimension, k.period, s.value, s.establishment_id
    HAVING sum(s.orders) <> 0 OR sum(s.lines) <> 0 OR sum(s.amount_cents) <> 0
    ORDER BY 1, 2, 3, 4`.execute(db);
  await sql`
    INSERT INTO order_stats (dimension, period, value, orders, lines, amount_cents, establishments)
    SELECT dimension, period, value, sum(orders), sum(lines), sum(amount_cents),
           count(*) FILTER (WHERE lines > 0)
    FROM order_stat_establishments
    WHERE period LIKE 'year-%' OR period LIKE 'school-%'
    GROUP BY dimension, period, value
    ORDER BY 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`.execute(db);
  await sql`DELETE FROM order_stats WHERE period LIKE 'year-%' OR period LIKE 'school-%'`.execute(db);
  await sql`DELETE FROM order_stat_establishments WHERE period LIKE 'year-%' OR period LIKE 'school-%'`.execute(
    db,
  );
}
