// The catalogue's change log: every insert, update and delete of a resource, whoever writes it (API,
// CLI, import, harvest or plain SQL), adds a row that app nodes apply to their search index in sequence
// order; a change to the vocabulary (facet_values) or the producers, or a TRUNCATE, adds a row without
// a resource, which asks for a full rebuild. NOTIFY wakes the nodes listening on PostgreSQL.
//
// The statement-level triggers that bumped the single catalogue_revision row on resources and
// producers are dropped: that one hot row serialized every catalogue writer. Offers keep theirs until
// orders check offer versions instead.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalogue_changes (
      seq bigserial PRIMARY KEY,
      resource_id integer,
      kind text NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`CREATE INDEX catalogue_changes_changed_at_idx ON catalogue_changes (changed_at)`.execute(db);

  await sql`
    CREATE FUNCTION log_resource_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO catalogue_changes (resource_id, kind)
      VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, lower(TG_OP));
      PERFORM pg_notify('catalogue_changes', '');
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER resources_log_change AFTER INSERT OR UPDATE OR DELETE ON resources
    FOR EACH ROW EXECUTE FUNCTION log_resource_change()`.execute(db);

  await sql`
    CREATE FUNCTION log_catalogue_reload() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO catalogue_changes (resource_id, kind) VALUES (NULL, lower(TG_TABLE_NAME || ' ' || TG_OP));
      PERFORM pg_notify('catalogue_changes', '');
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER resources_log_truncate AFTER TRUNCATE ON resources
    FOR EACH STATEMENT EXECUTE FUNCTION log_catalogue_reload()`.execute(db);
  for (const table of ['facet_values', 'producers']) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_log_change`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
      ON ${sql.table(table)} FOR EACH STATEMENT EXECUTE FUNCTION log_catalogue_reload()`.execute(db);
  }

  for (const table of ['resources', 'producers']) {
    await sql`DROP TRIGGER ${sql.id(`${table}_bump_revision`)} ON ${sql.table(table)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['resources', 'producers']) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_bump_revision`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_revision()`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS catalogue_changes`.execute(db);
  for (const [table, trigger] of [
    ['resources', 'resources_log_change'],
    ['resources', 'resources_log_truncate'],
    ['facet_values', 'facet_values_log_change'],
    ['producers', 'producers_log_change'],
  ] as const) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS log_resource_change`.execute(db);
  await sql`DROP FUNCTION IF EXISTS log_catalogue_reload`.execute(db);
}
