// Distinct establishments over any range of months, exact and read from a small table
// (src/modules/statistics/README.md, "Any range of months").
// - order_stat_presence: per dimension value and establishment, the months ('YYYY-MM', sorted) in which
//   it has a live line.
// - order_stat_spans: per dimension value and month, how many establishments have a live line that
//   month whose previous month with one was `previous` ('' when none). An establishment counts in a
//   range [a, b] exactly once, at its first month in the range, the one whose previous month is before
//   a: so the range's distinct establishments are the sum of the rows with a ≤ period ≤ b and
//   previous < a. Keyed by previous first, so that sum is a few index ranges.
// The fold keeps both from the month rows' zero crossings, and from the months' changes it also counts
// the establishments of the whole history, the calendar years and the school years in order_stats. So
// order_stat_establishments keeps only month rows, except the total's (each establishment's spending,
// read per period): the other rows of the whole history and the years are deleted.
// Backfill: presence and spans are built from the month rows the fold had kept, under its advisory lock
// (order_stats is unchanged: its counts are the same). Down puts the deleted rows back from the months.
import { sql, type Kysely } from 'kysely';

const FOLD_LOCK = 0x73746174; // statistics.repository.ts

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE order_stat_presence (
      dimension text NOT NULL,
      value text NOT NULL,
      establishment_id integer NOT NULL,
      months text[] NOT NULL,
      PRIMARY KEY (dimension, value, establishment_id)
    )`.execute(db);
  await sql`
    CREATE TABLE order_stat_spans (
      dimension text NOT NULL,
      previous text NOT NULL,
      period text NOT NULL,
      value text NOT NULL,
      establishments integer NOT NULL,
      PRIMARY KEY (dimension, previous, period, value)
    )`.execute(db);
  await sql`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`.execute(db);
  await sql`
    INSERT INTO order_stat_presence (dimension, value, establishment_id, months)
    SELECT dimension, value, establishment_id, array_agg(period ORDER BY period)
    FROM order_stat_establishments
    WHERE period BETWEEN '0000-00' AND '9999-99' AND lines > 0
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`.execute(db);
  await sql`
    INSERT INTO order_stat_spans (dimension, previous, period, value, establishments)
    SELECT p.dimension, coalesce(p.months[m.i - 1], ''), m.month, p.value, count(*)
    FROM order_stat_presence p, unnest(p.months) WITH ORDINALITY AS m(month, i)
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4`.execute(db);
  await sql`
    DELETE FROM order_stat_establishments
    WHERE dimension <> 'total' AND NOT (period BETWEEN '0000-00' AND '9999-99')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`.execute(db);
  // A kept period's figures per establishment are the sums of its months' (an order belongs to one).
  await sql`
    INSERT INTO order_stat_establishments (dimension, period, value, establishment_id, orders, lines, amount_cents)
    SELECT s.dimension, k.period, s.value, s.establishment_id, sum(s.orders), sum(s.lines), sum(s.amount_cents)
    FROM order_stat_establishments s
    CROSS JOIN LATERAL (SELECT left(s.period, 4)::int - (substr(s.period, 6, 2) < '09')::int AS start) y
    CROSS JOIN LATERAL (VALUES ('all'), ('year-' || left(s.period, 4)),
                               ('school-' || y.start || '-' || (y.start + 1))) AS k(period)
    WHERE s.dimension <> 'total' AND s.period BETWEEN '0000-00' AND '9999-99'
    GROUP BY s.dimension, k.period, s.value, s.establishment_id
    HAVING sum(s.orders) <> 0 OR sum(s.lines) <> 0 OR sum(s.amount_cents) <> 0
    ORDER BY 1, 2, 3, 4`.execute(db);
  await sql`DROP TABLE order_stat_spans, order_stat_presence`.execute(db);
}
