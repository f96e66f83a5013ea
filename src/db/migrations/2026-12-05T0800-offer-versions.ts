// Orders are re-checked against the versions of the offers they contain, not against one catalogue-wide
// revision: each offer row carries a version that a trigger raises on every real change (price,
// validity, eligibility…), so a write to an unrelated resource or offer no longer sends every order in
// flight back to decide again, and catalogue writers no longer queue on one hot row.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE offers ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`
    CREATE FUNCTION bump_offer_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.version := OLD.version + 1;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER offers_bump_version BEFORE UPDATE ON offers
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_offer_version()`.execute(db);

  // The last users of the catalogue-wide revision were the offers' triggers, for the orders.
  await sql`DROP TRIGGER offers_bump_revision ON offers`.execute(db);
  await sql`DROP TRIGGER offer_resources_bump_revision ON offer_resources`.execute(db);
  await sql`DROP TABLE catalogue_revision`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE catalogue_revision (id integer PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL)`.execute(
    db,
  );
  await sql`INSERT INTO catalogue_revision VALUES (1, 0)`.execute(db);
  for (const table of ['offers', 'offer_resources']) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_bump_revision`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_revision()`.execute(db);
  }
  await sql`DROP TRIGGER IF EXISTS offers_bump_version ON offers`.execute(db);
  await sql`DROP FUNCTION IF EXISTS bump_offer_version`.execute(db);
  await sql`ALTER TABLE offers DROP COLUMN IF EXISTS version`.execute(db);
}
