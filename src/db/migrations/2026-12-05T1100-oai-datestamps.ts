// OAI-PMH datestamps: resources.modified_at is the instant a resource last really changed (withdrawal
// included), kept by a BEFORE UPDATE trigger with clock_timestamp(), indexed with the id for the
// provider's keyset pages (ORDER BY modified_at, id). oai_secrets holds the key that signs resumption
// tokens, the same on every node (generated in JS on first use: PGlite has no pgcrypto).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE resources ADD COLUMN modified_at timestamptz NOT NULL DEFAULT now()`.execute(db);
  // Existing rows: their publication day at midnight UTC, or their withdrawal when later (never in the
  // future). The backfill is no change of the catalogue: the change log and the search trigger skip it.
  await sql`ALTER TABLE resources DISABLE TRIGGER USER`.execute(db);
  await sql`
    UPDATE resources SET modified_at = least(
      now(),
      greatest((published_on::timestamp AT TIME ZONE 'UTC'), coalesce(withdrawn_at, '-infinity'::timestamptz))
    )`.execute(db);
  await sql`ALTER TABLE resources ENABLE TRIGGER USER`.execute(db);
  // An UPDATE that sets modified_at itself keeps its value (a backfill, a restore); any other real
  // change of the row takes the instant it is made.
  await sql`
    CREATE FUNCTION touch_resource_modified_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.modified_at IS NOT DISTINCT FROM OLD.modified_at THEN
        NEW.modified_at := clock_timestamp();
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER resources_touch_modified_at BEFORE UPDATE ON resources
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION touch_resource_modified_at()`.execute(
    db,
  );
  await sql`CREATE INDEX resources_modified_at_id ON resources (modified_at, id)`.execute(db);
  await sql`
    CREATE TABLE oai_secrets (
      name text PRIMARY KEY,
      secret bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS oai_secrets`.execute(db);
  await sql`DROP TRIGGER IF EXISTS resources_touch_modified_at ON resources`.execute(db);
  await sql`DROP FUNCTION IF EXISTS touch_resource_modified_at`.execute(db);
  await sql`DROP INDEX IF EXISTS resources_modified_at_id`.execute(db);
  await sql`ALTER TABLE resources DROP COLUMN IF EXISTS modified_at`.execute(db);
}
