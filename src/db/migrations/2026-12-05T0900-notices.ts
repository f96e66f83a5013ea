// Publishers' notices: what they submit before it becomes a resource of the catalogue. A notice is the
// publisher's identifier for a product; every submission of it is a new version, all kept (the source
// XML as received, the fields read from it, the warnings), so experts can see what changed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notices (
      id serial PRIMARY KEY,
      producer_id integer NOT NULL REFERENCES producers(id),
      identifier text NOT NULL CHECK (length(identifier) BETWEEN 1 AND 500),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
      status text NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'accepted', 'refused', 'changes_requested', 'withdrawn')),
      current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (producer_id, identifier)
    )`.execute(db);
  await sql`CREATE INDEX notices_status ON notices (status, updated_at)`.execute(db);
  await sql`
    CREATE TABLE notice_versions (
      notice_id integer NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
      version integer NOT NULL CHECK (version >= 1),
      source_format text NOT NULL CHECK (source_format IN ('scolomfr', 'json', 'form')),
      source text NOT NULL,
      fields jsonb NOT NULL,
      warnings jsonb NOT NULL DEFAULT '[]',
      submitted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (notice_id, version)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS notice_versions`.execute(db);
  await sql`DROP TABLE IF EXISTS notices`.execute(db);
}
