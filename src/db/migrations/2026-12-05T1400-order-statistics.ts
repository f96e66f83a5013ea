// Public order statistics, kept incrementally and exact (src/modules/statistics/README.md).
// - order_stat_changes: the queue. Statement-level triggers with transition tables append one row per
//   order line whose "live" state may have changed (inserted; status moved between live and not;
//   its order left or entered draft), with the state it had before (was_live). Nothing else runs on
//   the order write path.
// - ledger_stat_changes: every ledger entry appended, for the consumption per academy.
// - The fold (statistics.repository.ts, foldStatistics) empties both queues into the aggregates, in one
//   statement under an advisory lock; every read folds first, so what it reads is exact.
// - order_stat_offer_dims: what an offer counts under (its resources, their types, levels and
//   disciplines), frozen the first time one of its lines is folded, so that taking a line back always
//   subtracts exactly what was added.
// - order_stat_establishments: per dimension value, period ('all' or 'YYYY-MM', French time) and
//   establishment: orders, live lines, amount. order_stats: the same summed over establishments, with
//   the number of establishments that have a live line (kept when a row above crosses zero).
// - academy_consumption: allocated and consumed per campaign and academy (dashboard.repository.ts's
//   definitions), summed from the ledger.
// - statistics_settings: the national administration's choice to publish each establishment's spending.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE order_stat_changes (
      id bigserial PRIMARY KEY,
      line_id integer NOT NULL,
      was_live boolean NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE ledger_stat_changes (
      entry_id bigint PRIMARY KEY
    )`.execute(db);
  await sql`
    CREATE TABLE order_stat_offer_dims (
      offer_id integer NOT NULL,
      dimension text NOT NULL,
      value text NOT NULL,
      PRIMARY KEY (offer_id, dimension, value)
    )`.execute(db);
  await sql`
    CREATE TABLE order_stat_establishments (
      dimension text NOT NULL,
      period text NOT NULL,
      value text NOT NULL,
      establishment_id integer NOT NULL,
      orders integer NOT NULL,
      lines integer NOT NULL,
      amount_cents bigint NOT NULL,
      PRIMARY KEY (dimension, period, value, establishment_id)
    )`.execute(db);
  await sql`
    CREATE TABLE order_stats (
      dimension text NOT NULL,
      period text NOT NULL,
      value text NOT NULL,
      orders integer NOT NULL,
      lines integer NOT NULL,
      amount_cents bigint NOT NULL,
      establishments integer NOT NULL,
      PRIMARY KEY (dimension, period, value)
    )`.execute(db);
  await sql`
    CREATE TABLE academy_consumption (
      campaign_id integer NOT NULL,
      academy_id integer NOT NULL,
      allocated_cents bigint NOT NULL,
      consumed_cents bigint NOT NULL,
      PRIMARY KEY (campaign_id, academy_id)
    )`.execute(db);
  await sql`
    CREATE TABLE statistics_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      publish_establishment_spending boolean NOT NULL DEFAULT false,
      updated_by integer REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`INSERT INTO statistics_settings (id) VALUES (1)`.execute(db);

  // A line is live when it is pending or delivered and its order is not a draft.
  await sql`
    CREATE FUNCTION order_lines_stat_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO order_stat_changes (line_id, was_live) SELECT id, false FROM new_lines;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER order_lines_stat_insert AFTER INSERT ON order_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION order_lines_stat_insert()`.execute(
    db,
  );
  await sql`
    CREATE FUNCTION order_lines_stat_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO order_stat_changes (line_id, was_live)
      SELECT o.id, o.status IN ('pending', 'delivered') AND ord.status <> 'draft'
      FROM old_lines o JOIN new_lines n ON n.id = o.id JOIN orders ord ON ord.id = n.order_id
      WHERE (o.status IN ('pending', 'delivered')) <> (n.status IN ('pending', 'delivered'));
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER order_lines_stat_update AFTER UPDATE ON order_lines
    REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION order_lines_stat_update()`.execute(db);
  await sql`
    CREATE FUNCTION orders_stat_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO order_stat_changes (line_id, was_live)
      SELECT l.id, l.status IN ('pending', 'delivered') AND o.status <> 'draft'
      FROM old_orders o JOIN new_orders n ON n.id = o.id JOIN order_lines l ON l.order_id = n.id
      WHERE (o.status = 'draft') <> (n.status = 'draft');
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER orders_stat_update AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders
    FOR EACH STATEMENT EXECUTE FUNCTION orders_stat_update()`.execute(db);
  await sql`
    CREATE FUNCTION ledger_entries_stat_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ledger_stat_changes (entry_id) SELECT id FROM new_entries;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER ledger_entries_stat_insert AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_stat_insert()`.execute(
    db,
  );

  // What exists already is folded by the first read.
  await sql`INSERT INTO order_stat_changes (line_id, was_live) SELECT id, false FROM order_lines`.execute(db);
  await sql`INSERT INTO ledger_stat_changes (entry_id) SELECT id FROM ledger_entries`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER ledger_entries_stat_insert ON ledger_entries`.execute(db);
  await sql`DROP TRIGGER orders_stat_update ON orders`.execute(db);
  await sql`DROP TRIGGER order_lines_stat_update ON order_lines`.execute(db);
  await sql`DROP TRIGGER order_lines_stat_insert ON order_lines`.execute(db);
  await sql`DROP FUNCTION ledger_entries_stat_insert, orders_stat_update, order_lines_stat_update, order_lines_stat_insert`.execute(
    db,
  );
  await sql`DROP TABLE statistics_settings, academy_consumption, order_stats, order_stat_establishments,
    order_stat_offer_dims, ledger_stat_changes, order_stat_changes`.execute(db);
}
