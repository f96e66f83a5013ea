// The catalogue: producers, resources, offers (bundles through offer_resources), facet dictionary,
// French full-text search and the search-term lexicon. Plain SQL that PostgreSQL 15 and PGlite both run.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`.execute(db);

  // French stemming that ignores accents: unaccent runs before the Snowball stemmer.
  await sql`CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french)`.execute(db);
  await sql`ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`.execute(db);
  // Whole words without stemming, for the typo lexicon.
  await sql`CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple)`.execute(db);
  await sql`ALTER TEXT SEARCH CONFIGURATION simple_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple`.execute(db);

  await sql`
    CREATE TABLE producers (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('publisher', 'platform', 'public', 'collaborative', 'teacher')),
      website text
    )`.execute(db);

  await sql`
    CREATE TABLE resources (
      id serial PRIMARY KEY,
      identifier text NOT NULL UNIQUE,
      title text NOT NULL,
      description text NOT NULL,
      keywords text[] NOT NULL DEFAULT '{}',
      producer_id integer NOT NULL REFERENCES producers (id),
      authors text[] NOT NULL DEFAULT '{}',
      languages text[] NOT NULL DEFAULT '{fr}',
      levels text[] NOT NULL DEFAULT '{}',
      disciplines text[] NOT NULL DEFAULT '{}',
      themes text[] NOT NULL DEFAULT '{}',
      types text[] NOT NULL DEFAULT '{}',
      formats text[] NOT NULL DEFAULT '{}',
      devices text[] NOT NULL DEFAULT '{}',
      cost text NOT NULL CHECK (cost IN ('no', 'yes')),
      licence text NOT NULL,
      accessibility text NOT NULL DEFAULT '',
      demo_url text,
      published_on date NOT NULL,
      updated_on date NOT NULL,
      origin text NOT NULL CHECK (origin IN ('publisher', 'harvested', 'teacher')),
      lowest_price_cents integer NOT NULL DEFAULT 0 CHECK (lowest_price_cents >= 0),
      licence_kinds text[] NOT NULL DEFAULT '{}',
      indexed_terms text NOT NULL DEFAULT '',
      facet_ids integer[] NOT NULL DEFAULT '{}',
      search tsvector NOT NULL DEFAULT ''
    )`.execute(db);

  // A trigger rather than a generated column: array_to_string is not immutable.
  await sql`
    CREATE FUNCTION resources_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search :=
        setweight(to_tsvector('french_unaccent', NEW.title), 'A') ||
        setweight(to_tsvector('french_unaccent', array_to_string(NEW.keywords, ' ') || ' ' || NEW.indexed_terms), 'B') ||
        setweight(to_tsvector('french_unaccent', NEW.description), 'C');
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER resources_search_vector BEFORE INSERT OR UPDATE ON resources
    FOR EACH ROW EXECUTE FUNCTION resources_search_vector()`.execute(db);

  await sql`CREATE INDEX resources_search_idx ON resources USING gin (search)`.execute(db);
  await sql`CREATE INDEX resources_facet_ids_idx ON resources USING gin (facet_ids)`.execute(db);
  await sql`CREATE INDEX resources_price_idx ON resources (lowest_price_cents, id)`.execute(db);
  await sql`CREATE INDEX resources_published_idx ON resources (published_on DESC, id)`.execute(db);
  await sql`CREATE INDEX resources_producer_idx ON resources (producer_id)`.execute(db);

  await sql`
    CREATE TABLE offers (
      id serial PRIMARY KEY,
      producer_id integer NOT NULL REFERENCES producers (id),
      label text NOT NULL,
      price_cents integer NOT NULL CHECK (price_cents >= 0),
      tariff text NOT NULL CHECK (tariff IN ('normal', 'adopter')),
      licence_kind text NOT NULL CHECK (licence_kind IN ('single-seat', 'multi-seat', 'class', 'establishment', 'open')),
      seats integer CHECK (seats IS NULL OR seats > 0),
      duration_months integer CHECK (duration_months IS NULL OR duration_months > 0),
      delivery text NOT NULL CHECK (delivery IN ('access-url', 'licence-key', 'shipment')),
      eligibility text[] NOT NULL DEFAULT '{}',
      valid_from date NOT NULL,
      valid_until date,
      CHECK (licence_kind <> 'multi-seat' OR seats IS NOT NULL)
    )`.execute(db);
  await sql`
    CREATE TABLE offer_resources (
      offer_id integer NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
      resource_id integer NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
      PRIMARY KEY (offer_id, resource_id)
    )`.execute(db);
  await sql`CREATE INDEX offer_resources_resource_idx ON offer_resources (resource_id)`.execute(db);

  await sql`
    CREATE TABLE facet_values (
      id serial PRIMARY KEY,
      facet text NOT NULL,
      code text NOT NULL,
      label text NOT NULL,
      UNIQUE (facet, code)
    )`.execute(db);

  await sql`
    CREATE TABLE search_terms (
      term text PRIMARY KEY,
      documents integer NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX search_terms_length_idx ON search_terms (length(term))`.execute(db);
  await sql`CREATE INDEX search_terms_prefix_idx ON search_terms (term text_pattern_ops)`.execute(db);

  await sql`CREATE TABLE catalogue_revision (id integer PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL)`.execute(
    db,
  );
  await sql`INSERT INTO catalogue_revision VALUES (1, 0)`.execute(db);
  await sql`
    CREATE FUNCTION bump_catalogue_revision() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE catalogue_revision SET revision = revision + 1 WHERE id = 1;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of ['producers', 'resources', 'offers', 'offer_resources']) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_bump_revision`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_revision()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'catalogue_revision',
    'search_terms',
    'facet_values',
    'offer_resources',
    'offers',
    'resources',
    'producers',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)} CASCADE`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS bump_catalogue_revision`.execute(db);
  await sql`DROP FUNCTION IF EXISTS resources_search_vector`.execute(db);
  await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent`.execute(db);
  await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent`.execute(db);
}
