// The OAI-PMH harvester: remote sources, the log of each harvest, and where a harvested resource came
// from.
// - A source names its base URL, metadata prefix and optional set, the producer its records are filed
//   under, what to assume when a record says nothing of licence or cost, whether its records go to the
//   experts first, and the hosts it may redirect to. last_datestamp is where the next harvest starts
//   (at the source's granularity, read from Identify); resumption_token is the last good token of a run
//   that failed midway, so the next run resumes there.
// - A run is written when it starts and completed when it ends: counts, rejections with their reasons,
//   the last datestamp reached, and why it failed.
// - A harvested resource keeps its source and the record's OAI identifier: one resource per record.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE harvest_sources (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE,
      base_url text NOT NULL,
      prefix text NOT NULL CHECK (prefix IN ('scolomfr', 'lom', 'oai_dc')),
      set_spec text,
      schedule text,
      producer_id integer NOT NULL REFERENCES producers (id),
      default_licence text NOT NULL DEFAULT 'proprietary',
      default_cost text NOT NULL DEFAULT 'no' CHECK (default_cost IN ('yes', 'no')),
      needs_review boolean NOT NULL DEFAULT false,
      allowed_redirect_hosts text[] NOT NULL DEFAULT '{}',
      last_datestamp text,
      resumption_token text,
      granularity text CHECK (granularity IN ('YYYY-MM-DD', 'YYYY-MM-DDThh:mm:ssZ')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE harvest_runs (
      id serial PRIMARY KEY,
      source_id integer NOT NULL REFERENCES harvest_sources (id),
      started_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
      harvested integer NOT NULL DEFAULT 0,
      created integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      deleted integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      rejections jsonb NOT NULL DEFAULT '[]',
      from_datestamp text,
      last_datestamp text,
      error text
    )`.execute(db);
  await sql`CREATE INDEX harvest_runs_source ON harvest_runs (source_id, id)`.execute(db);
  await sql`
    ALTER TABLE resources
      ADD COLUMN source_id integer REFERENCES harvest_sources (id),
      ADD COLUMN source_record_id text,
      ADD COLUMN source_record_url text`.execute(db);
  await sql`
    CREATE UNIQUE INDEX resources_source_record ON resources (source_id, source_record_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS resources_source_record`.execute(db);
  await sql`
    ALTER TABLE resources DROP COLUMN IF EXISTS source_id, DROP COLUMN IF EXISTS source_record_id,
      DROP COLUMN IF EXISTS source_record_url`.execute(db);
  await sql`DROP TABLE IF EXISTS harvest_runs`.execute(db);
  await sql`DROP TABLE IF EXISTS harvest_sources`.execute(db);
}
