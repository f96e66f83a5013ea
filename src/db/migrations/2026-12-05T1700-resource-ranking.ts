// What search ranks and filters on besides the notice: ratings, adoption, appraisals, the RIP label.
// - resource_rankings: one row per resource that has any of them (none: all zero/false). rating_count
//   and rating_sum over its published reviews (the average is rating_sum / rating_count, "note ≥ 4" is
//   rating_sum >= 4 * rating_count), adopters (establishments with a live order line on an offer that
//   covers it), has_appraisal, rip_label (an appraisal awarded it).
// - resource_adopters: per resource and establishment, its live order lines (pending or delivered, its
//   order not a draft: the statistics' definition); adopters counts the rows above zero, changed only
//   when a row crosses zero.
// Statement-level triggers with transition tables keep both exact in the transaction that writes
// reviews, appraisals, order lines or orders: one statement of order lines costs one upsert per table,
// whatever its size, rows taken in key order (two statements never deadlock on them). A resource whose
// ranking really changed gets a row in catalogue_changes (and a NOTIFY), so every node's search index
// reads it again within a second, as for a write of the resource itself. A separate table rather than
// columns of resources: an UPDATE of resources would recompute its tsvector and move its OAI-PMH
// datestamp (neither changes with a rating), and would lock the catalogue row on the order path.
// An offer's resources (offer_resources) are written with the offer and never change, so a line taken
// back subtracts from the resources it was added to.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE resource_rankings (
      resource_id integer PRIMARY KEY REFERENCES resources (id),
      rating_count integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
      rating_sum integer NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
      adopters integer NOT NULL DEFAULT 0,
      has_appraisal boolean NOT NULL DEFAULT false,
      rip_label boolean NOT NULL DEFAULT false
    )`.execute(db);
  await sql`
    CREATE TABLE resource_adopters (
      resource_id integer NOT NULL,
      establishment_id integer NOT NULL,
      live_lines integer NOT NULL,
      PRIMARY KEY (resource_id, establishment_id)
    )`.execute(db);

  await sql`
    CREATE FUNCTION log_ranking_changes(resource_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF coalesce(cardinality(resource_ids), 0) = 0 THEN RETURN; END IF;
      INSERT INTO catalogue_changes (resource_id, kind)
      SELECT DISTINCT id, 'ranking' FROM unnest(resource_ids) AS id ORDER BY id;
      PERFORM pg_notify('catalogue_changes', '');
    END $$`.execute(db);

  // Reviews and appraisals: the affected resources' figures computed again from their rows (a handful
  // each), written and logged only where they differ.
  await sql`
    CREATE FUNCTION refresh_review_rankings(resource_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE changed integer[];
    BEGIN
      WITH figures AS (
        SELECT a.id AS resource_id, count(r.id)::integer AS rating_count,
               coalesce(sum(r.rating), 0)::integer AS rating_sum
        FROM (SELECT DISTINCT id FROM unnest(resource_ids) AS id) a
        LEFT JOIN reviews r ON r.resource_id = a.id AND r.moderation_state = 'published'
        GROUP BY a.id
      ), written AS (
        INSERT INTO resource_rankings AS k (resource_id, rating_count, rating_sum)
        SELECT resource_id, rating_count, rating_sum FROM figures ORDER BY resource_id
        ON CONFLICT (resource_id) DO UPDATE
          SET rating_count = excluded.rating_count, rating_sum = excluded.rating_sum
          WHERE (k.rating_count, k.rating_sum) IS DISTINCT FROM (excluded.rating_count, excluded.rating_sum)
        RETURNING k.resource_id
      )
      SELECT array_agg(resource_id) INTO changed FROM written;
      PERFORM log_ranking_changes(changed);
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION refresh_appraisal_rankings(resource_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE changed integer[];
    BEGIN
      WITH figures AS (
        SELECT a.id AS resource_id, count(p.id) > 0 AS has_appraisal,
               coalesce(bool_or(p.rip_awarded_on IS NOT NULL), false) AS rip_label
        FROM (SELECT DISTINCT id FROM unnest(resource_ids) AS id) a
        LEFT JOIN appraisals p ON p.resource_id = a.id
        GROUP BY a.id
      ), written AS (
        INSERT INTO resource_rankings AS k (resource_id, has_appraisal, rip_label)
        SELECT resource_id, has_appraisal, rip_label FROM figures ORDER BY resource_id
        ON CONFLICT (resource_id) DO UPDATE
          SET has_appraisal = excluded.has_appraisal, rip_label = excluded.rip_label
          WHERE (k.has_appraisal, k.rip_label) IS DISTINCT FROM (excluded.has_appraisal, excluded.rip_label)
        RETURNING k.resource_id
      )
      SELECT array_agg(resource_id) INTO changed FROM written;
      PERFORM log_ranking_changes(changed);
    END $$`.execute(db);

  // Order lines: deltas of live lines per (resource, establishment), applied in one upsert; adopters
  // moves where a row crosses zero.
  await sql`
    CREATE FUNCTION apply_adoption_deltas(resource_ids integer[], establishment_ids integer[], deltas integer[])
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE changed integer[];
    BEGIN
      IF coalesce(cardinality(resource_ids), 0) = 0 THEN RETURN; END IF;
      WITH d AS (
        SELECT u.resource_id, u.establishment_id, sum(u.delta)::integer AS delta
        FROM unnest(resource_ids, establishment_ids, deltas) AS u(resource_id, establishment_id, delta)
        GROUP BY u.resource_id, u.establishment_id
        HAVING sum(u.delta) <> 0
      ), upserted AS (
        INSERT INTO resource_adopters AS a (resource_id, establishment_id, live_lines)
        SELECT resource_id, establishment_id, delta FROM d ORDER BY resource_id, establishment_id
        ON CONFLICT (resource_id, establishment_id) DO UPDATE SET live_lines = a.live_lines + excluded.live_lines
        RETURNING a.resource_id, a.establishment_id, a.live_lines
      ), crossed AS (
        SELECT u.resource_id,
               sum(CASE WHEN u.live_lines > 0 AND u.live_lines - d.delta <= 0 THEN 1
                        WHEN u.live_lines <= 0 AND u.live_lines - d.delta > 0 THEN -1
                        ELSE 0 END)::integer AS change
        FROM upserted u JOIN d ON d.resource_id = u.resource_id AND d.establishment_id = u.establishment_id
        GROUP BY u.resource_id
      ), written AS (
        INSERT INTO resource_rankings AS k (resource_id, adopters)
        SELECT resource_id, change FROM crossed WHERE change <> 0 ORDER BY resource_id
        ON CONFLICT (resource_id) DO UPDATE SET adopters = k.adopters + excluded.adopters
        RETURNING k.resource_id
      )
      SELECT array_agg(resource_id) INTO changed FROM written;
      PERFORM log_ranking_changes(changed);
    END $$`.execute(db);

  await sql`
    CREATE FUNCTION order_lines_ranking_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM apply_adoption_deltas(array_agg(x.resource_id), array_agg(x.establishment_id), array_agg(1))
      FROM (
        SELECT orr.resource_id, o.establishment_id
        FROM new_lines l
        JOIN orders o ON o.id = l.order_id
        JOIN offer_resources orr ON orr.offer_id = l.offer_id
        WHERE l.status IN ('pending', 'delivered') AND o.status <> 'draft'
      ) x;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER order_lines_ranking_insert AFTER INSERT ON order_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION order_lines_ranking_insert()`.execute(
    db,
  );
  await sql`
    CREATE FUNCTION order_lines_ranking_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM apply_adoption_deltas(array_agg(x.resource_id), array_agg(x.establishment_id), array_agg(x.delta))
      FROM (
        SELECT orr.resource_id, o.establishment_id,
               CASE WHEN n.status IN ('pending', 'delivered') THEN 1 ELSE -1 END AS delta
        FROM old_lines ol
        JOIN new_lines n ON n.id = ol.id
        JOIN orders o ON o.id = n.order_id
        JOIN offer_resources orr ON orr.offer_id = n.offer_id
        WHERE (ol.status IN ('pending', 'delivered')) <> (n.status IN ('pending', 'delivered'))
          AND o.status <> 'draft'
      ) x;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER order_lines_ranking_update AFTER UPDATE ON order_lines
    REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION order_lines_ranking_update()`.execute(db);
  await sql`
    CREATE FUNCTION order_lines_ranking_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM apply_adoption_deltas(array_agg(x.resource_id), array_agg(x.establishment_id), array_agg(-1))
      FROM (
        SELECT orr.resource_id, o.establishment_id
        FROM old_lines l
        JOIN orders o ON o.id = l.order_id
        JOIN offer_resources orr ON orr.offer_id = l.offer_id
        WHERE l.status IN ('pending', 'delivered') AND o.status <> 'draft'
      ) x;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER order_lines_ranking_delete AFTER DELETE ON order_lines
    REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION order_lines_ranking_delete()`.execute(
    db,
  );
  // An order leaving draft brings its live lines in; one going back to draft takes them out.
  await sql`
    CREATE FUNCTION orders_ranking_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM apply_adoption_deltas(array_agg(x.resource_id), array_agg(x.establishment_id), array_agg(x.delta))
      FROM (
        SELECT orr.resource_id, n.establishment_id, CASE WHEN n.status = 'draft' THEN -1 ELSE 1 END AS delta
        FROM old_orders o
        JOIN new_orders n ON n.id = o.id
        JOIN order_lines l ON l.order_id = n.id
        JOIN offer_resources orr ON orr.offer_id = l.offer_id
        WHERE (o.status = 'draft') <> (n.status = 'draft') AND l.status IN ('pending', 'delivered')
      ) x;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER orders_ranking_update AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders
    FOR EACH STATEMENT EXECUTE FUNCTION orders_ranking_update()`.execute(db);

  for (const [table, refresh] of [
    ['reviews', 'refresh_review_rankings'],
    ['appraisals', 'refresh_appraisal_rankings'],
  ] as const) {
    await sql`
      CREATE FUNCTION ${sql.id(`${table}_ranking_insert`)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ${sql.id(refresh)}(array_agg(resource_id)) FROM new_rows;
        RETURN NULL;
      END $$`.execute(db);
    await sql`
      CREATE FUNCTION ${sql.id(`${table}_ranking_update`)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ${sql.id(refresh)}(array_agg(resource_id))
        FROM (SELECT resource_id FROM old_rows UNION SELECT resource_id FROM new_rows) x;
        RETURN NULL;
      END $$`.execute(db);
    await sql`
      CREATE FUNCTION ${sql.id(`${table}_ranking_delete`)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ${sql.id(refresh)}(array_agg(resource_id)) FROM old_rows;
        RETURN NULL;
      END $$`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_ranking_insert`)} AFTER INSERT ON ${sql.table(table)}
      REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${sql.id(`${table}_ranking_insert`)}()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_ranking_update`)} AFTER UPDATE ON ${sql.table(table)}
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${sql.id(`${table}_ranking_update`)}()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_ranking_delete`)} AFTER DELETE ON ${sql.table(table)}
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${sql.id(`${table}_ranking_delete`)}()`.execute(db);
  }

  // What exists already. The vocabulary's new facet values are written at start
  // (ensureVocabularyFacetValues), which asks every node for a full rebuild.
  await sql`
    INSERT INTO resource_adopters (resource_id, establishment_id, live_lines)
    SELECT orr.resource_id, o.establishment_id, count(*)::integer
    FROM order_lines l
    JOIN orders o ON o.id = l.order_id
    JOIN offer_resources orr ON orr.offer_id = l.offer_id
    WHERE l.status IN ('pending', 'delivered') AND o.status <> 'draft'
    GROUP BY orr.resource_id, o.establishment_id`.execute(db);
  await sql`
    INSERT INTO resource_rankings (resource_id, rating_count, rating_sum, adopters, has_appraisal, rip_label)
    SELECT id,
      (SELECT count(*) FROM reviews v WHERE v.resource_id = r.id AND v.moderation_state = 'published'),
      (SELECT coalesce(sum(v.rating), 0) FROM reviews v
        WHERE v.resource_id = r.id AND v.moderation_state = 'published'),
      (SELECT count(*) FROM resource_adopters a WHERE a.resource_id = r.id AND a.live_lines > 0),
      EXISTS (SELECT 1 FROM appraisals p WHERE p.resource_id = r.id),
      EXISTS (SELECT 1 FROM appraisals p WHERE p.resource_id = r.id AND p.rip_awarded_on IS NOT NULL)
    FROM resources r
    WHERE EXISTS (SELECT 1 FROM reviews v WHERE v.resource_id = r.id)
       OR EXISTS (SELECT 1 FROM resource_adopters a WHERE a.resource_id = r.id)
       OR EXISTS (SELECT 1 FROM appraisals p WHERE p.resource_id = r.id)`.execute(db);
  await sql`INSERT INTO catalogue_changes (resource_id, kind) VALUES (NULL, 'resource_rankings backfill')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, trigger] of [
    ['order_lines', 'order_lines_ranking_insert'],
    ['order_lines', 'order_lines_ranking_update'],
    ['order_lines', 'order_lines_ranking_delete'],
    ['orders', 'orders_ranking_update'],
    ['reviews', 'reviews_ranking_insert'],
    ['reviews', 'reviews_ranking_update'],
    ['reviews', 'reviews_ranking_delete'],
    ['appraisals', 'appraisals_ranking_insert'],
    ['appraisals', 'appraisals_ranking_update'],
    ['appraisals', 'appraisals_ranking_delete'],
  ] as const) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP FUNCTION IF EXISTS ${sql.id(trigger)}()`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS apply_adoption_deltas, refresh_review_rankings, refresh_appraisal_rankings,
    log_ranking_changes`.execute(db);
  await sql`DROP TABLE IF EXISTS resource_adopters, resource_rankings`.execute(db);
}
